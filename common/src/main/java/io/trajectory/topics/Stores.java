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

    /**
     * Analytics buckets: key {@code stage NUL department at entry NUL hire cohort quarter NUL personId}, value
     * that person's spells of the bucket ({@code PersonSpells}). A stage, or a stage and department, is one
     * key range; a person's whole spells are the union of their entries.
     */
    public static final String ANALYTICS_BUCKETS = "analytics-buckets";

    private Stores() {
    }
}
