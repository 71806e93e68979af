package io.trajectory.api;

import io.trajectory.state.PersonSpells;
import java.util.Iterator;

/**
 * Read side of the analytics: the processor's spells stores, partition by partition (each person's
 * spells live in exactly one partition, so per-partition summaries add up). Implemented over Kafka
 * Streams interactive queries (IQv2) by the application; tests use in-memory fakes or a
 * {@code TopologyTestDriver}.
 */
public interface AnalyticsQueries {

    /** Receives the rows of one partition; the iterator is only valid during the call. */
    @FunctionalInterface
    interface PartitionScan {
        void partition(int partition, Iterator<PersonSpells> rows);
    }

    /**
     * Every bucket entry of one stage ({@code analytics-buckets}): each holds one person's spells in that stage
     * of one bucket.
     *
     * @throws NotReadyException while some partition is not queryable here; the answer would be incomplete
     */
    void stageSpells(String stage, PartitionScan scan);

    /**
     * Every person's spells (their {@code analytics-buckets} entries put together), one row per person with spells.
     *
     * @throws NotReadyException as {@link #stageSpells}
     */
    void everyonesSpells(PartitionScan scan);

    /** These queries as one request may be answered (see {@link PersonQueries#reading}, for scans of every partition); the default ignores it. */
    default AnalyticsQueries scanning(ReadContext read) {
        return this;
    }
}
