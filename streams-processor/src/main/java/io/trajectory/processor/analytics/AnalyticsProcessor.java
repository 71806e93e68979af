package io.trajectory.processor.analytics;

import io.trajectory.ladder.Ladder;
import io.trajectory.processor.fold.PersonFold;
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
 * Keeps the {@code analytics-buckets} store of its partition up to date from each person's ledger
 * change: when the change may move their spells ({@link LedgerChange#maySpellsChange}, false for most
 * events), derives the person's spells before and after ({@link Spells#of(io.trajectory.state.PersonState, Ladder)}:
 * a function of the states the fold hands over, nothing is read back from a store) and writes only what changed:
 * their entry in each bucket that gained, changed or lost spells. A late or retracted event that
 * rewrites a person's history so moves them between buckets, or out of one, exactly: nothing stale
 * stays behind and nothing is counted twice. A person's whole spells are the union of their bucket
 * entries ({@link AnalyticsBuckets#merge}).
 */
public final class AnalyticsProcessor implements Processor<String, LedgerChange, Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsProcessor.class);

    private final Ladder ladder;
    private KeyValueStore<String, PersonSpells> buckets;

    public AnalyticsProcessor(Ladder ladder) {
        this.ladder = ladder;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.buckets = context.getStateStore(Stores.ANALYTICS_BUCKETS);
    }

    @Override
    public void process(Record<String, LedgerChange> record) {
        String personId = record.key();
        LedgerChange change = record.value();
        if (!change.maySpellsChange()) {
            return;
        }
        PersonSpells now;
        Map<String, PersonSpells> old;
        // entries written under another ladder version may hold other outcomes: rewrite them all
        boolean rewriteAll;
        try {
            now = spellsOf(change.after());
            PersonLedger before = change.before();
            old = before == null ? Map.of() : AnalyticsBuckets.split(spellsOf(before));
            rewriteAll = before != null && !PersonFold.foldedUnder(before.getState(), ladder);
        } catch (RuntimeException e) {
            // a bug here must not stop the partition's fold; the person's analytics stay as they were
            LOG.error("could not derive the spells of person {}; their analytics are not updated", personId, e);
            return;
        }
        Map<String, PersonSpells> updated = AnalyticsBuckets.split(now);
        for (String key : old.keySet()) {
            if (!updated.containsKey(key)) {
                buckets.delete(key);
            }
        }
        updated.forEach((key, value) -> {
            if (rewriteAll || !value.equals(old.get(key))) {
                buckets.put(key, value);
            }
        });
    }

    private PersonSpells spellsOf(PersonLedger ledger) {
        return Spells.of(ledger.getState(), ladder);
    }
}
