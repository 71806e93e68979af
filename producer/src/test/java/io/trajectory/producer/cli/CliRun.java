package io.trajectory.producer.cli;

import io.trajectory.config.TrajectoryConfig;
import io.trajectory.producer.Delivery;
import io.trajectory.producer.EventSink;
import io.trajectory.schemas.CareerEvents;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine;

/** Runs a command as the launcher would, capturing its exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

    /** Defaults only: independent of the environment of the machine running the tests. */
    static final TrajectoryConfig CONFIG = TrajectoryConfig.load(Optional.empty(), Map.of(), Map.of());

    static CliRun run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    List<String> errLines() {
        return err.lines().toList();
    }

    /** An in-memory sink that accepts everything, in order. */
    static final class RecordingSink implements EventSink {
        final List<SpecificRecord> sent = new CopyOnWriteArrayList<>();
        final AtomicLong offsets = new AtomicLong();
        final AtomicInteger opened = new AtomicInteger();
        volatile boolean closed;

        SinkFactory factory() {
            return config -> {
                opened.incrementAndGet();
                return this;
            };
        }

        @Override
        public CompletableFuture<Delivery> send(SpecificRecord event) {
            sent.add(event);
            return CompletableFuture.completedFuture(new Delivery(CareerEvents.eventId(event),
                    CareerEvents.personId(event), "career-events", 0, offsets.getAndIncrement()));
        }

        @Override
        public void close() {
            closed = true;
        }

        List<String> ids() {
            return sent.stream().map(CareerEvents::eventId).toList();
        }
    }

    /** A sink factory that fails the test if the command opens a sink. */
    static SinkFactory noSink() {
        return config -> {
            throw new AssertionError("the command must not open a sink");
        };
    }
}
