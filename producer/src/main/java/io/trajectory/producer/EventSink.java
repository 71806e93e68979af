package io.trajectory.producer;

import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;

/**
 * Somewhere career events can be sent. {@link CareerEventProducer} is the Kafka one; tests and the
 * HTTP ingest layer can use any other (a lambda is enough).
 */
@FunctionalInterface
public interface EventSink extends AutoCloseable {

    /**
     * Sends one event. The future completes with the delivery, or exceptionally with
     * {@link InvalidEventException} (the event was not sent) or the transport's error.
     */
    CompletableFuture<Delivery> send(SpecificRecord event);

    /** Blocks until everything sent so far is acknowledged or failed. */
    default void flush() {
    }

    @Override
    default void close() {
    }
}
