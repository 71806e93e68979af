package io.trajectory.topics;

/**
 * Names of the Kafka Streams state stores, shared by the processor that writes them and the API
 * that queries them. A store name never comes from a request.
 */
public final class Stores {

    /** Per person: accepted events (deduplicated, in event-time order) and the folded state. Key personId. */
    public static final String PERSON_LEDGER = "person-ledger";

    private Stores() {
    }
}
