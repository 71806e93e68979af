package io.trajectory.app.bench;

/**
 * What the benchmark writes to {@code career-events}: {@code events} records in all (re-sent copies
 * included) about {@code people} people, generated from {@code seed}.
 *
 * @param events           records written in all: distinct events plus re-sent copies
 * @param people           people the events are about; each has at least one event
 * @param seed             the same seed gives the same records, byte for byte
 * @param latePercent      share of records (percent) whose event time is earlier than an event of the
 *                         same person already written (back-filled HR records)
 * @param duplicatePercent share of records (percent) that are re-sent copies of an event written
 *                         before: same eventId, same bytes
 */
public record WorkloadSpec(int events, int people, long seed, double latePercent, double duplicatePercent) {

    public WorkloadSpec {
        if (people < 1) {
            throw new IllegalArgumentException("--people must be at least 1, not " + people);
        }
        if (events < 1) {
            throw new IllegalArgumentException("--events must be at least 1, not " + events);
        }
        if (latePercent < 0 || latePercent > 50) {
            throw new IllegalArgumentException("--late-percent must be from 0 to 50, not " + latePercent);
        }
        if (duplicatePercent < 0 || duplicatePercent > 50) {
            throw new IllegalArgumentException("--duplicate-percent must be from 0 to 50, not " + duplicatePercent);
        }
        int duplicates = (int) Math.round(events * duplicatePercent / 100.0);
        if (events - duplicates < people) {
            throw new IllegalArgumentException("--events (" + events + ") must leave at least one distinct event per person ("
                    + people + " people, " + duplicates + " re-sent copies)");
        }
    }

    /** Re-sent copies among the records. */
    public int duplicates() {
        return (int) Math.round(events * duplicatePercent / 100.0);
    }

    /** Distinct events (distinct eventIds). */
    public int distinct() {
        return events - duplicates();
    }

    /** Late records aimed at (the generator reports how many it placed). */
    public int late() {
        return (int) Math.round(events * latePercent / 100.0);
    }
}
