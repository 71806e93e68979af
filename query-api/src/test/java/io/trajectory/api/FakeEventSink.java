package io.trajectory.api;

import io.trajectory.producer.Delivery;
import io.trajectory.producer.EventSink;
import io.trajectory.producer.InvalidEventException;
import io.trajectory.schemas.CareerEvents;
import io.trajectory.validation.Violation;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;

/**
 * In-memory {@link EventSink}: records what it is given and confirms it at once, or fails the
 * n-th and later sends, or never confirms them (a broker that does not answer).
 */
final class FakeEventSink implements EventSink {

    enum Mode { CONFIRM, FAIL, HANG, REJECT }

    static final int PARTITIONS = 6;

    private final List<SpecificRecord> sent = new CopyOnWriteArrayList<>();
    private final AtomicLong offsets = new AtomicLong();
    private volatile Mode modeAfter = Mode.CONFIRM;
    private volatile int confirmFirst = Integer.MAX_VALUE;

    /** Confirms the first {@code n} sends, then behaves as {@code mode}. */
    void afterConfirming(int n, Mode mode) {
        this.confirmFirst = n;
        this.modeAfter = mode;
    }

    List<SpecificRecord> sent() {
        return List.copyOf(sent);
    }

    List<String> sentIds() {
        return sent.stream().map(CareerEvents::eventId).toList();
    }

    @Override
    public CompletableFuture<Delivery> send(SpecificRecord event) {
        int n = sent.size();
        sent.add(event);
        Mode mode = n < confirmFirst ? Mode.CONFIRM : modeAfter;
        return switch (mode) {
            case CONFIRM -> CompletableFuture.completedFuture(new Delivery(CareerEvents.eventId(event),
                    CareerEvents.personId(event), "career-events",
                    Math.floorMod(CareerEvents.personId(event).hashCode(), PARTITIONS), offsets.getAndIncrement()));
            case FAIL -> CompletableFuture.failedFuture(
                    new IllegalStateException("broker 127.0.0.1:9092 unreachable (secret internals)"));
            case HANG -> new CompletableFuture<>();
            case REJECT -> CompletableFuture.failedFuture(new InvalidEventException(CareerEvents.eventId(event),
                    List.of(new Violation("data.title", "is not allowed by the producer"))));
        };
    }
}
