package io.trajectory.processor.fold;

import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.ladder.Ladder;
import io.trajectory.processor.Histories;
import io.trajectory.processor.Laws;
import io.trajectory.processor.store.MemoryTables;
import io.trajectory.processor.store.PersonLog;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.PersonLedger;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The per-event layout ({@link PersonLog}: one store entry per event, a head, snapshots) folds exactly what
 * the whole-ledger {@link Ledger} folds: after every arrival of the fold laws' generated histories (shuffled,
 * copied, re-sent with other recording times, retracted, retractions retracted), the same outcome, the same
 * state, and the same events in the same order; at the end the state is {@link PersonFold#foldAll} of the
 * events. Snapshots every 1, 3 and 64 events, so a re-fold starts from a snapshot, from the start, or
 * rewrites many of them.
 */
class PersonLogLawsProperties {

    private static final Ladder LADDER = Histories.LADDER;
    private static final int EXAMPLES = 400;

    private static void sameAsTheLedger(List<SpecificRecord> arrival, int snapshotEvery) {
        PersonLog log = MemoryTables.log(LADDER, snapshotEvery);
        PersonLedger ledger = null;
        String personId = io.trajectory.schemas.CareerEvents.personId(arrival.get(0));
        for (SpecificRecord event : arrival) {
            byte[] payload = Codecs.events().encode(event);
            Ledger.Outcome expected = Ledger.accept(ledger, event, payload, LADDER);
            PersonLog.Outcome actual = log.accept(event, payload);
            if (expected instanceof Ledger.Outcome.Accepted a) {
                assertThat(actual).isInstanceOf(PersonLog.Outcome.Accepted.class);
                PersonLog.Outcome.Accepted b = (PersonLog.Outcome.Accepted) actual;
                assertThat(b.before()).isEqualTo(ledger == null ? null : ledger.getState());
                assertThat(b.after()).isEqualTo(a.ledger().getState());
                ledger = a.ledger();
            } else if (expected instanceof Ledger.Outcome.Duplicate d) {
                assertThat(actual).isEqualTo(new PersonLog.Outcome.Duplicate(d.eventId()));
            } else if (expected instanceof Ledger.Outcome.Conflict c) {
                assertThat(actual).isEqualTo(new PersonLog.Outcome.Conflict(c.eventId(), c.detail()));
            }
            assertThat(log.ledger(personId)).isEqualTo(ledger);
        }
        assertThat(log.head(personId).state()).isEqualTo(PersonFold.foldAll(personId, arrival, LADDER));
    }

    @Test
    void foldsShuffledCopiedHistoriesAsTheLedger() {
        for (int every : new int[] {1, 3, 64}) {
            Laws.check(EXAMPLES, 1000, FoldLawsProperties.arrivals(0), a -> sameAsTheLedger(a.order(), every));
        }
    }

    @Test
    void foldsHistoriesWithResentCopiesAsTheLedger() {
        for (int every : new int[] {1, 3, 64}) {
            Laws.check(EXAMPLES, 1000, FoldLawsProperties.arrivalsWithResentCopies(), a -> sameAsTheLedger(a.order(), every));
        }
    }

    @Test
    void foldsRetractionsAsTheLedger() {
        for (int every : new int[] {1, 3, 64}) {
            Laws.check(EXAMPLES, 1000, FoldLawsProperties.retractions(), c -> sameAsTheLedger(c.arrival(), every));
        }
    }
}
