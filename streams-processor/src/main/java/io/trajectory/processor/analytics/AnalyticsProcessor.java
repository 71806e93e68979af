package io.trajectory.processor.analytics;

import io.trajectory.ladder.Ladder;
import io.trajectory.state.PersonLedger;
import io.trajectory.state.PersonSpells;
import io.trajectory.topics.Stores;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the analytics stores of its partition up to date from each person's ledger change: when the
 * change may move their spells ({@link LedgerChange#maySpellsChange}, false for most events), derives
 * the person's spells ({@link Spells}, {@link DepartmentChanges}), compares them with the stored
 * ones, and writes only what changed: the person's entry in {@code analytics-spells}, and their
 * entry in each bucket of {@code analytics-buckets} that gained, changed or lost spells. A late
 * or retracted event that rewrites a person's history so moves them between buckets, or out of
 * one, exactly: nothing stale stays behind and nothing is counted twice.
 */
public final class AnalyticsProcessor implements Processor<String, LedgerChange, Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsProcessor.class);

    private final Ladder ladder;
    private KeyValueStore<String, PersonSpells> spells;
    private KeyValueStore<String, PersonSpells> buckets;

    public AnalyticsProcessor(Ladder ladder) {
        this.ladder = ladder;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.spells = context.getStateStore(Stores.ANALYTICS_SPELLS);
        this.buckets = context.getStateStore(Stores.ANALYTICS_BUCKETS);
    }

    @Override
    public void process(Record<String, LedgerChange> record) {
        String personId = record.key();
        if (!record.value().maySpellsChange()) {
            return;
        }
        PersonLedger ledger = record.value().after();
        PersonSpells now;
        try {
            now = Spells.of(ledger.getState(), DepartmentChanges.of(ledger), ladder);
        } catch (RuntimeException e) {
            // a bug here must not stop the partition's fold; the person's analytics stay as they were
            LOG.error("could not derive the spells of person {}; their analytics are not updated", personId, e);
            return;
        }
        PersonSpells before = spells.get(personId);
        if (now.equals(before)) {
            return;
        }
        spells.put(personId, now);
        Map<String, PersonSpells> old = before == null ? Map.of() : AnalyticsBuckets.split(before);
        Map<String, PersonSpells> updated = AnalyticsBuckets.split(now);
        for (String key : old.keySet()) {
            if (!updated.containsKey(key)) {
                buckets.delete(key);
            }
        }
        updated.forEach((key, value) -> {
            if (!value.equals(old.get(key))) {
                buckets.put(key, value);
            }
        });
    }
}
