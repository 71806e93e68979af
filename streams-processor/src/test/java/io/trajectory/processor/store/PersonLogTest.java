package io.trajectory.processor.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.ladder.Ladder;
import io.trajectory.ladder.LadderLoader;
import io.trajectory.processor.TestEvents;
import io.trajectory.processor.fold.PersonFold;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.PersonState;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** A long history in the per-event layout: every value stays small, and late events and retractions still fold exactly. */
class PersonLogTest {

    private final Ladder ladder = LadderLoader.defaultLadder();
    private final TestEvents e = new TestEvents("p-1");

    @Test
    void shouldKeepEveryValueSmallWhateverTheLengthOfTheHistory() {
        int[] largest = {0};
        Table.Sorted<StoredEvent> events = MemoryTables.sorted(v -> measured(v.encode(), largest), StoredEvent::decode);
        Table<String, PersonHead> heads = MemoryTables.byString(v -> measured(v.encode(), largest), PersonHead::decode);
        Table<String, EventIdEntry> ids = MemoryTables.byString(v -> measured(v.encode(), largest), EventIdEntry::decode);
        Table.Sorted<PersonState> snapshots = MemoryTables.sorted(
                v -> measured(Codecs.personState().encode(v), largest), Codecs.personState()::decode);
        PersonLog log = new PersonLog(events, ids, heads, snapshots, ladder);

        List<SpecificRecord> all = new ArrayList<>();
        all.add(e.hired("h", 0));
        for (int i = 1; i <= 5_000; i++) {
            all.add(switch (i % 4) {
                case 0 -> e.course("c" + i, i, "agile");
                case 1 -> e.assessed("a" + i, i, "agile", 1 + i % 3);
                case 2 -> e.project("p" + i, i, i % 3 == 0);
                default -> e.transferred("t" + i, i, i % 8 == 3 ? "Mobile" : "Payments");
            });
        }
        for (SpecificRecord event : all) {
            assertThat(log.accept(event, Codecs.events().encode(event))).isInstanceOf(PersonLog.Outcome.Accepted.class);
        }
        // a late event near the start, and a retraction of an early event, arriving last
        SpecificRecord late = e.project("late", 2, true);
        SpecificRecord retraction = e.retraction("r", 5_001, "a5");
        all.add(late);
        all.add(retraction);
        PersonLog.Outcome lateOutcome = log.accept(late, Codecs.events().encode(late));
        PersonLog.Outcome retracted = log.accept(retraction, Codecs.events().encode(retraction));

        assertThat(lateOutcome).isInstanceOfSatisfying(PersonLog.Outcome.Accepted.class, a -> assertThat(a.refolded()).isTrue());
        assertThat(retracted).isInstanceOfSatisfying(PersonLog.Outcome.Accepted.class, a -> assertThat(a.refolded()).isTrue());
        PersonState state = log.head("p-1").state();
        assertThat(state).isEqualTo(PersonFold.foldAll("p-1", all, ladder));
        assertThat(state.getEventCount()).isEqualTo(5_002 - 1 + 1); // every event but the retracted one, the retraction included
        assertThat(log.ledger("p-1").getEvents()).hasSize(5_003);
        assertThat(largest[0]).as("largest value written").isLessThan(4_096);
    }

    private static byte[] measured(byte[] value, int[] largest) {
        largest[0] = Math.max(largest[0], value.length);
        return value;
    }
}
