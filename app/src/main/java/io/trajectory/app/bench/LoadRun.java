package io.trajectory.app.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * One run of the {@link LoadGenerator} in a separate JVM, started with this JVM's java and
 * classpath. {@link #start} launches it; {@link #await} collects its result; {@link #stopEarly}
 * closes its standard input, which makes it stop and report what it measured so far.
 */
final class LoadRun {

    /**
     * What a load run measured.
     *
     * @param requests  requests answered in the measured window
     * @param errors    requests that failed (connection error, timeout)
     * @param non2xx    answers with a status other than 2xx
     * @param seconds   length of the measured window
     * @param histogram latency in nanoseconds
     */
    record Result(long requests, long errors, long non2xx, double seconds, Histogram histogram) {

        double throughput() {
            return requests / seconds;
        }

        /** Latency at a percentile, in milliseconds. */
        double millisAt(double percentile) {
            return Stats.millisAt(histogram, percentile);
        }
    }

    private final Process process;
    private final List<String> command;
    private final long timeoutMillis;

    private LoadRun(Process process, List<String> command, long timeoutMillis) {
        this.process = process;
        this.command = command;
        this.timeoutMillis = timeoutMillis;
    }

    /** The environment variable that hands the generator its API key (not a flag: flags show in {@code ps}). */
    static final String API_KEY_ENV = "TRAJECTORY_API_KEY";

    static LoadRun start(int port, String path, int people, int connections, double warmupSeconds, double seconds,
            double rate, String apiKey) {
        List<String> command = io.trajectory.app.ChildJvm.command(LoadGenerator.class);
        command.addAll(List.of("--port", Integer.toString(port), "--path", path, "--people", Integer.toString(people),
                "--connections", Integer.toString(connections), "--warmup-seconds", Double.toString(warmupSeconds),
                "--seconds", Double.toString(seconds), "--rate", Double.toString(rate)));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().put(API_KEY_ENV, apiKey);
            Process process = builder.start();
            long timeout = (long) ((warmupSeconds + seconds + 60) * 1000);
            return new LoadRun(process, command, timeout);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the load generator: " + e.getMessage(), e);
        }
    }

    /** Tells the generator to stop now and report. */
    void stopEarly() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // it is stopping anyway
        }
    }

    /** Waits for the generator's result (bounded); kills it if it overruns. */
    Result await() throws InterruptedException {
        String[] resultLine = new String[1];
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith(LoadGenerator.RESULT_PREFIX)) {
                        resultLine[0] = line;
                    }
                }
            } catch (IOException e) {
                // the process died; reported below
            }
        }, "load-generator-output");
        reader.start();
        if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the load generator did not finish in " + timeoutMillis / 1000 + " s");
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        if (process.exitValue() != 0 || resultLine[0] == null) {
            throw new IllegalStateException("the load generator failed (exit " + process.exitValue() + "): "
                    + String.join(" ", command));
        }
        return parse(resultLine[0]);
    }

    static Result parse(String line) {
        Map<String, String> fields = new HashMap<>();
        for (String token : line.substring(LoadGenerator.RESULT_PREFIX.length()).trim().split(" ")) {
            int eq = token.indexOf('=');
            fields.put(token.substring(0, eq), token.substring(eq + 1));
        }
        Histogram histogram;
        try {
            histogram = Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(fields.get("histogram"))), 0);
        } catch (DataFormatException e) {
            throw new IllegalStateException("bad histogram from the load generator", e);
        }
        return new Result(Long.parseLong(fields.get("requests")), Long.parseLong(fields.get("errors")),
                Long.parseLong(fields.get("non2xx")), Double.parseDouble(fields.get("seconds")), histogram);
    }
}
