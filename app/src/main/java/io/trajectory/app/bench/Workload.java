package io.trajectory.app.bench;

import io.trajectory.ladder.Ladder;
import io.trajectory.processor.fold.PersonFold;
import io.trajectory.schemas.Codecs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;

/**
 * The generated records, in the order they are written to {@code career-events}: key = personId
 * (UTF-8), value = the event in Avro single-object encoding. Built by {@link WorkloadGenerator}.
 */
public final class Workload {

    private final WorkloadSpec spec;
    private final byte[][] keys;
    private final byte[][] values;
    private final int[] personOf;
    private final int[] byPersonStart;
    private final int[] byPerson;
    private final int late;
    private final int duplicates;
    private final Map<String, Integer> typeCounts;
    private volatile byte[][] expected;

    Workload(WorkloadSpec spec, byte[][] keys, byte[][] values, int[] personOf, int late, int duplicates,
            Map<String, Integer> typeCounts) {
        this.spec = spec;
        this.keys = keys;
        this.values = values;
        this.personOf = personOf;
        this.late = late;
        this.duplicates = duplicates;
        this.typeCounts = Map.copyOf(typeCounts);
        // each person's records, in write order (CSR layout: byPerson[byPersonStart[p] .. byPersonStart[p + 1]))
        byPersonStart = new int[keys.length + 1];
        for (int p : personOf) {
            byPersonStart[p + 1]++;
        }
        for (int p = 0; p < keys.length; p++) {
            byPersonStart[p + 1] += byPersonStart[p];
        }
        byPerson = new int[values.length];
        int[] next = byPersonStart.clone();
        for (int i = 0; i < values.length; i++) {
            byPerson[next[personOf[i]]++] = i;
        }
    }

    /** The personId of person number {@code index}: {@code p-000042}. */
    public static String personId(int index) {
        return String.format("p-%06d", index);
    }

    public WorkloadSpec spec() {
        return spec;
    }

    /** Records in all (re-sent copies included). */
    public int size() {
        return values.length;
    }

    public int people() {
        return keys.length;
    }

    public byte[] key(int record) {
        return keys[personOf[record]];
    }

    public byte[] value(int record) {
        return values[record];
    }

    public int personOf(int record) {
        return personOf[record];
    }

    /** Records whose event time is earlier than that of an event of the same person written before them. */
    public int late() {
        return late;
    }

    /** Records that re-send an event written before (same eventId, same bytes). */
    public int duplicates() {
        return duplicates;
    }

    /** Distinct events per event type (schema name), for the report. */
    public Map<String, Integer> typeCounts() {
        return typeCounts;
    }

    /** Bytes of keys and values in all. */
    public long bytes() {
        long total = 0;
        for (int i = 0; i < values.length; i++) {
            total += values[i].length + keys[personOf[i]].length;
        }
        return total;
    }

    /** A person's records as written, decoded (re-sent copies included). */
    public List<SpecificRecord> eventsOf(int person) {
        List<SpecificRecord> events = new ArrayList<>(byPersonStart[person + 1] - byPersonStart[person]);
        for (int k = byPersonStart[person]; k < byPersonStart[person + 1]; k++) {
            events.add(Codecs.events().decode(values[byPerson[k]]));
        }
        return events;
    }

    /**
     * The reference: for every person, the pure fold ({@link PersonFold#foldAll}) of all their records,
     * single-object encoded. Computed once (in parallel), then kept.
     */
    public byte[][] expectedStates(Ladder ladder) {
        byte[][] result = expected;
        if (result == null) {
            synchronized (this) {
                if (expected == null) {
                    byte[][] states = new byte[keys.length][];
                    IntStream.range(0, keys.length).parallel().forEach(p -> states[p] = Codecs.personState()
                            .encode(PersonFold.foldAll(personId(p), eventsOf(p), ladder)));
                    expected = states;
                }
                result = expected;
            }
        }
        return result;
    }

    /** The person index of a personId of this workload, or -1. */
    public int indexOf(String personId) {
        if (personId == null || !personId.startsWith("p-")) {
            return -1;
        }
        try {
            int index = Integer.parseInt(personId.substring(2));
            return index >= 0 && index < keys.length && personId(index).equals(personId) ? index : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
