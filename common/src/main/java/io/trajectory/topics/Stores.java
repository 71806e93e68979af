package io.trajectory.topics;

/**
 * Names of the Kafka Streams state stores, shared by the processor that writes them and the API
 * that queries them. A store name never comes from a request.
 */
public final class Stores {

    /** Per person: accepted events (deduplicated, in event-time order) and the folded state. Key personId. */
    public static final String PERSON_LEDGER = "person-ledger";

    /**
     * Index of people by stage and department: key {@code stage NUL department NUL personId}, value
     * personId. Written only when a person's stage or department changes.
     */
    public static final String PEOPLE_INDEX = "people-by-stage";

    private Stores() {
    }
}
