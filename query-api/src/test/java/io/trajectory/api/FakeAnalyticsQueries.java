package io.trajectory.api;

import io.trajectory.processor.analytics.AnalyticsBuckets;
import io.trajectory.state.PersonSpells;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** In-memory {@link AnalyticsQueries}: people's spells in numbered partitions, or a programmed failure. */
final class FakeAnalyticsQueries implements AnalyticsQueries {

    private final Map<Integer, Map<String, PersonSpells>> partitions = new ConcurrentHashMap<>();
    private volatile RuntimeException failure;

    /** A person's spells, in partition 0. */
    FakeAnalyticsQueries put(PersonSpells person) {
        return put(0, person);
    }

    FakeAnalyticsQueries put(int partition, PersonSpells person) {
        partitions.computeIfAbsent(partition, p -> new ConcurrentHashMap<>()).put(person.getPersonId(), person);
        return this;
    }

    void remove(String personId) {
        partitions.values().forEach(p -> p.remove(personId));
    }

    void failWith(RuntimeException e) {
        this.failure = e;
    }

    @Override
    public void stageSpells(String stage, PartitionScan scan) {
        check();
        String prefix = AnalyticsBuckets.stagePrefix(stage);
        for (Map.Entry<Integer, Map<String, PersonSpells>> e : new TreeMap<>(partitions).entrySet()) {
            TreeMap<String, PersonSpells> rows = new TreeMap<>();
            e.getValue().values().forEach(p -> rows.putAll(AnalyticsBuckets.split(p)));
            List<PersonSpells> matching = new ArrayList<>(rows.subMap(prefix, true, AnalyticsBuckets.upperBound(prefix), true).values());
            scan.partition(e.getKey(), matching.iterator());
        }
    }

    @Override
    public void everyonesSpells(PartitionScan scan) {
        check();
        for (Map.Entry<Integer, Map<String, PersonSpells>> e : new TreeMap<>(partitions).entrySet()) {
            scan.partition(e.getKey(), new ArrayList<>(new TreeMap<>(e.getValue()).values()).iterator());
        }
    }

    private void check() {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
    }
}
