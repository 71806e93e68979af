package io.trajectory.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code TrajectoryMain} in a JVM of its own (the test's class path), its output in a log file, so a test can
 * kill it the hard way ({@link #kill()}: SIGKILL, no shutdown hook, no clean close) and start another.
 */
final class ChildApp implements AutoCloseable {

    private static final Pattern API = Pattern.compile("API:\\s+(http://localhost:\\d+)");

    private final Process process;
    private final Path log;
    private final long startedNanos = System.nanoTime();

    private ChildApp(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code java -cp <test class path> io.trajectory.app.TrajectoryMain <args>}, output to {@code log}. */
    static ChildApp start(Path log, List<String> args) {
        return start(log, List.of(), args);
    }

    /** As {@link #start(Path, List)}, with JVM options ({@code -Dkey=value}) before the main class. */
    static ChildApp start(Path log, List<String> jvmOptions, List<String> args) {
        List<String> command = ChildJvm.command(TrajectoryMain.class);
        command.addAll(1, jvmOptions);
        command.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                    .start();
            return new ChildApp(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Waits until the banner says it is ready (Kafka Streams RUNNING, API up); returns the API base URL. */
    String awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String out = output();
            if (out.contains("Trajectory is ready")) {
                Matcher m = API.matcher(out);
                if (m.find()) {
                    return m.group(1);
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("the app exited with " + process.exitValue() + ":\n" + tail(60));
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new AssertionError("the app was not ready within " + timeout.toSeconds() + " s:\n" + tail(60));
    }

    /** Whether it has printed its ready banner. */
    boolean isReady() {
        return output().contains("Trajectory is ready");
    }

    /** Seconds since this JVM was started. */
    double uptimeSeconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the JVM ends at once, in the middle of whatever it was doing (open transactions included). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the app did not die within 30 s of SIGKILL");
        }
    }

    /** SIGTERM: the shutdown hook closes everything; SIGKILL after 60 s. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The last {@code lines} lines of the output. */
    String tail(int lines) {
        String[] all = output().split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
