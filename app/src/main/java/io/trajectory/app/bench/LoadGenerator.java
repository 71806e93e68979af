package io.trajectory.app.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark's HTTP load generator, run in its own JVM ({@code java -cp <the app's classpath>
 * io.trajectory.app.bench.LoadGenerator ...}) so that its work is not mixed into the server's
 * process. {@code --connections} kept-alive connections, each driven by one thread:
 * <ul>
 *   <li>closed loop ({@code --rate 0}): each connection sends its next request as soon as the previous
 *       answer arrived; latency = response time;</li>
 *   <li>open loop ({@code --rate R}): requests are due at a fixed rate R per second, shared by the
 *       connections; latency is measured from when a request was <em>due</em>, so a stalled server is
 *       charged for the requests it delayed (coordinated omission corrected, as wrk2 does).</li>
 * </ul>
 * A person path holds {@code {person}}, replaced by a uniformly random person of the workload.
 * Prints one line: {@code RESULT requests=N errors=N non2xx=N seconds=S histogram=BASE64} (an
 * HdrHistogram of nanoseconds, compressed). Stops after warm-up plus measurement, or early when
 * its standard input closes.
 */
@Command(name = "load-generator", mixinStandardHelpOptions = true,
        description = "HTTP load generator of ./trajectory bench (closed or open loop, latencies in an HdrHistogram).")
public final class LoadGenerator implements Callable<Integer> {

    static final String RESULT_PREFIX = "RESULT ";
    static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Server host (default ${DEFAULT-VALUE}).")
    String host;
    @Option(names = "--port", required = true, description = "Server port.")
    int port;
    @Option(names = "--path", required = true, description = "Path; {person} is replaced by a random personId.")
    String path;
    @Option(names = "--people", defaultValue = "1", description = "People to pick from for {person}.")
    int people;
    @Option(names = "--connections", defaultValue = "16", description = "Concurrent connections (default ${DEFAULT-VALUE}).")
    int connections;
    @Option(names = "--warmup-seconds", defaultValue = "5", description = "Load before measuring (default ${DEFAULT-VALUE}).")
    double warmupSeconds;
    @Option(names = "--seconds", defaultValue = "15", description = "Measured time (default ${DEFAULT-VALUE}).")
    double seconds;
    @Option(names = "--rate", defaultValue = "0", description = "Requests per second (open loop); 0 = closed loop.")
    double rate;
    @Option(names = "--timeout-ms", defaultValue = "10000", description = "Socket timeout (default ${DEFAULT-VALUE}).")
    int timeoutMillis;

    private final AtomicBoolean stop = new AtomicBoolean();

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadGenerator()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (connections < 1 || seconds <= 0 || warmupSeconds < 0 || rate < 0 || people < 1) {
            System.err.println("error: --connections, --seconds and --people must be positive; --warmup-seconds and --rate not negative");
            return 2;
        }
        Thread stdinWatch = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // any input is ignored; end of input means stop
                }
            } catch (IOException e) {
                // treat as closed
            }
            stop.set(true);
        }, "stdin-watch");
        stdinWatch.setDaemon(true);
        stdinWatch.start();

        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        long measureStart = start + (long) (warmupSeconds * 1e9);
        long end = measureStart + (long) (seconds * 1e9);
        AtomicLong due = new AtomicLong();
        List<Worker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Worker w = new Worker(start, measureStart, end, due);
            workers.add(w);
            Thread t = new Thread(w, "load-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long stoppedAt = Math.min(System.nanoTime(), end);
        Histogram all = new Histogram(HIGHEST_NANOS, 3);
        long requests = 0;
        long errors = 0;
        long non2xx = 0;
        for (Worker w : workers) {
            all.add(w.histogram);
            requests += w.requests;
            errors += w.errors;
            non2xx += w.non2xx;
        }
        double measured = Math.max(1e-3, (stoppedAt - measureStart) / 1e9);
        PrintStream out = System.out;
        out.println(RESULT_PREFIX + "requests=" + requests + " errors=" + errors + " non2xx=" + non2xx
                + " seconds=" + measured + " histogram=" + encode(all));
        out.flush();
        return 0;
    }

    static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private String pathFor(ThreadLocalRandom random) {
        return path.contains("{person}") ? path.replace("{person}", Workload.personId(random.nextInt(people))) : path;
    }

    /** One connection and its thread. */
    private final class Worker implements Runnable {
        final Histogram histogram = new Histogram(HIGHEST_NANOS, 3);
        final long start;
        final long measureStart;
        final long end;
        final AtomicLong due;
        long requests;
        long errors;
        long non2xx;

        Worker(long start, long measureStart, long end, AtomicLong due) {
            this.start = start;
            this.measureStart = measureStart;
            this.end = end;
            this.due = due;
        }

        @Override
        public void run() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            long interval = rate > 0 ? (long) (1e9 / rate) : 0;
            long hardStop = end + TimeUnit.SECONDS.toNanos(10);
            try (HttpConnection connection = new HttpConnection(host, port, timeoutMillis, System.getenv(LoadRun.API_KEY_ENV))) {
                while (!stop.get()) {
                    long sentAt;
                    if (interval > 0) {
                        sentAt = start + due.getAndIncrement() * interval;
                        if (sentAt >= end || System.nanoTime() > hardStop) {
                            return;
                        }
                        for (long wait = sentAt - System.nanoTime(); wait > 0 && !stop.get(); wait = sentAt - System.nanoTime()) {
                            LockSupport.parkNanos(wait);
                        }
                    } else {
                        sentAt = Math.max(System.nanoTime(), start);
                        if (sentAt >= end) {
                            return;
                        }
                    }
                    int status;
                    try {
                        status = connection.get(pathFor(random));
                    } catch (IOException | RuntimeException e) {
                        if (sentAt >= measureStart) {
                            errors++;
                        }
                        continue;
                    }
                    long done = System.nanoTime();
                    if (sentAt >= measureStart && (interval > 0 || done <= end)) {
                        histogram.recordValue(Math.min(done - sentAt, HIGHEST_NANOS));
                        requests++;
                        if (status / 100 != 2) {
                            non2xx++;
                        }
                    }
                }
            }
        }
    }
}
