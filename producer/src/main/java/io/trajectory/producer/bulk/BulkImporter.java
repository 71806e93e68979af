package io.trajectory.producer.bulk;

import io.trajectory.producer.Delivery;
import io.trajectory.producer.EventSink;
import io.trajectory.producer.InvalidEventException;
import io.trajectory.producer.cloudevents.MappingResult;
import io.trajectory.schemas.CareerEvents;
import io.trajectory.validation.EventContent;
import io.trajectory.validation.Violation;
import org.apache.avro.specific.SpecificRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads an {@link EventSource} and sends its valid events to an {@link EventSink}, with a bounded
 * number of sends in flight. Invalid records are reported and skipped; an exact duplicate (same id,
 * same content) within the input is reported and sent anyway (the processor counts an id once); the
 * same id with other content, or for another person, is refused (see {@link #refusedAsRepeat}). The first send failure
 * stops the import (a broken connection would fail every following send too); what is in flight
 * is still awaited and counted.
 */
public final class BulkImporter {

    /** What the importer tells as it goes. Called from the reading thread and from the sink's threads. */
    public interface Listener {
        default void rejected(long line, List<Violation> violations) {
        }

        default void duplicate(long line, String eventId, long firstLine) {
        }

        default void failed(long line, String eventId, Throwable error) {
        }

        default void progress(ImportSummary soFar) {
        }
    }

    /**
     * @param dryRun        validate only; the sink is not used (it may be {@code null})
     * @param maxInFlight   sends awaiting acknowledgement at most
     * @param progressEvery call {@link Listener#progress} every this many records; 0 never
     * @param drainTimeout  how long to wait at the end for the last acknowledgements
     */
    public record Options(boolean dryRun, int maxInFlight, long progressEvery, Duration drainTimeout) {
        public Options {
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1, not " + maxInFlight);
            }
            if (progressEvery < 0) {
                throw new IllegalArgumentException("progressEvery must not be negative");
            }
        }

        public static Options defaults() {
            return new Options(false, 1000, 10_000, Duration.ofMinutes(3));
        }

        public Options withDryRun(boolean dryRun) {
            return new Options(dryRun, maxInFlight, progressEvery, drainTimeout);
        }
    }

    private final EventSink sink;
    private final Options options;
    private final Listener listener;

    public BulkImporter(EventSink sink, Options options, Listener listener) {
        if (sink == null && !options.dryRun()) {
            throw new IllegalArgumentException("a sink is required unless dry-running");
        }
        this.sink = sink;
        this.options = options;
        this.listener = listener;
    }

    public ImportSummary run(EventSource source) throws IOException, InterruptedException {
        Counters counters = new Counters();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        Semaphore permits = new Semaphore(options.maxInFlight());
        Map<String, First> firstById = new HashMap<>();
        String stopReason = null;

        SourceRecord record;
        while (firstFailure.get() == null && (record = source.next()) != null) {
            counters.read.incrementAndGet();
            MappingResult result = record.result();
            long line = record.line();
            if (!result.ok()) {
                counters.rejected.incrementAndGet();
                listener.rejected(line, result.violations());
            } else if (refusedAsRepeat(result, line, firstById, counters)) {
                counters.rejected.incrementAndGet();
            } else {
                counters.valid.incrementAndGet();
                if (!options.dryRun()) {
                    permits.acquire();
                    send(result, line, counters, firstFailure, permits);
                }
            }
            if (options.progressEvery() > 0 && counters.read.get() % options.progressEvery() == 0) {
                listener.progress(counters.summary(options.dryRun(), null));
            }
        }
        if (!options.dryRun()) {
            try {
                sink.flush();
            } catch (RuntimeException e) {
                firstFailure.compareAndSet(null, e);
            }
            if (!permits.tryAcquire(options.maxInFlight(), options.drainTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                long unacknowledged = options.maxInFlight() - permits.availablePermits();
                counters.failed.addAndGet(unacknowledged);
                stopReason = unacknowledged + " sends were not acknowledged within " + options.drainTimeout().toSeconds() + " s";
            }
        }
        Throwable failure = firstFailure.get();
        if (failure != null && stopReason == null) {
            stopReason = message(failure);
        }
        return counters.summary(options.dryRun(), stopReason);
    }

    /**
     * What the file said first under an eventId: the line, the person, and the content's fingerprint
     * (not the event itself, so a file of millions of events is not held in memory).
     */
    private record First(long line, String subject, EventContent.Fingerprint content) {
        static First of(long line, SpecificRecord event) {
            return new First(line, CareerEvents.personId(event), EventContent.Fingerprint.of(event));
        }
    }

    /**
     * An eventId seen before in the file: the same event again is a duplicate (reported, sent anyway, counted
     * once by the processor); the same id for another person, or with other content, is refused here,
     * since the processor would fold the first as a second event or dead-letter the second.
     */
    private boolean refusedAsRepeat(MappingResult result, long line, Map<String, First> firstById, Counters counters) {
        SpecificRecord event = result.event();
        First first = firstById.get(result.eventId());
        if (first == null) {
            firstById.put(result.eventId(), First.of(line, event));
            return false;
        }
        String subject = CareerEvents.personId(event);
        if (!first.subject().equals(subject)) {
            listener.rejected(line, List.of(new Violation("id", result.eventId() + " is already used on line "
                    + first.line() + " for another person (" + first.subject() + "); an eventId must name one event: not sent")));
            return true;
        }
        List<String> differing = first.content().differing(event);
        if (!differing.isEmpty()) {
            listener.rejected(line, List.of(new Violation("id", result.eventId() + " conflicts with line " + first.line()
                    + ": same id, different " + String.join(", ", differing) + "; not sent (the processor would"
                    + " dead-letter it as conflicting-duplicate: send a correction under a new id)")));
            return true;
        }
        counters.duplicates.incrementAndGet();
        listener.duplicate(line, result.eventId(), first.line());
        return false;
    }

    private void send(MappingResult result, long line, Counters counters, AtomicReference<Throwable> firstFailure,
            Semaphore permits) {
        CompletableFuture<Delivery> future;
        try {
            future = sink.send(result.event());
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        future.whenComplete((delivery, error) -> {
            try {
                if (error == null) {
                    counters.sent.incrementAndGet();
                    return;
                }
                Throwable cause = unwrap(error);
                if (cause instanceof InvalidEventException invalid) {
                    // the sink's own rules refused it: a data problem, not a transport one
                    counters.valid.decrementAndGet();
                    counters.rejected.incrementAndGet();
                    listener.rejected(line, invalid.violations());
                } else {
                    counters.failed.incrementAndGet();
                    firstFailure.compareAndSet(null, cause);
                    listener.failed(line, result.eventId(), cause);
                }
            } finally {
                permits.release();
            }
        });
    }

    /** The cause inside CompletionException / ExecutionException wrappers. */
    public static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** One line for a user: the exception's message, or its type when it has none. */
    public static String message(Throwable error) {
        Throwable e = unwrap(error);
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static final class Counters {
        final AtomicLong read = new AtomicLong();
        final AtomicLong valid = new AtomicLong();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();

        ImportSummary summary(boolean dryRun, String stopReason) {
            return new ImportSummary(read.get(), valid.get(), sent.get(), rejected.get(), failed.get(),
                    duplicates.get(), dryRun, stopReason);
        }
    }
}
