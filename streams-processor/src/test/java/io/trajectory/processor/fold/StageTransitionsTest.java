package io.trajectory.processor.fold;

import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.ladder.Ladder;
import io.trajectory.ladder.LadderLoader;
import io.trajectory.processor.TestEvents;
import io.trajectory.state.PersonState;
import io.trajectory.state.StageTransition;
import io.trajectory.state.TransitionKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** Transitions of a state that keeps only its latest stage entries are numbered from the whole history. */
class StageTransitionsTest {

    private final Ladder ladder = LadderLoader.defaultLadder();
    private final TestEvents e = new TestEvents("p-1");
    private static final Instant RECORDED = Instant.parse("2030-01-01T00:00:00Z");

    private List<SpecificRecord> seesaw(int promotions) {
        List<SpecificRecord> events = new ArrayList<>();
        events.add(e.hired("h", 0));
        for (int i = 1; i <= promotions; i++) {
            events.add(e.promotion("p" + i, i, i % 2 == 0 ? "JUNIOR" : "ADVANCING"));
        }
        return events;
    }

    @Test
    void shouldNumberANewTransitionAfterEveryEntryLeftOutOfTheState() {
        PersonState before = PersonFold.foldAll("p-1", seesaw(99), ladder);
        PersonState after = PersonFold.foldAll("p-1", seesaw(100), ladder);

        List<StageTransition> changes = StageTransitions.changes(before, after, RECORDED);

        // 101 entries now (the hire and 100 promotions), the state keeps the latest 64: only the new one is published
        assertThat(after.getStageHistoryOmitted()).isEqualTo(101 - PersonFold.MAX_STAGE_HISTORY);
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).getKind()).isEqualTo(TransitionKind.RECORDED);
        assertThat(changes.get(0).getSequence()).isEqualTo(101);
        assertThat(changes.get(0).getTransitionId()).isEqualTo("p-1/101");
        assertThat(changes.get(0).getCauseEventId()).isEqualTo("p100");
    }

    @Test
    void shouldRetractTheTransitionsThatNoLongerExistAndRestateThoseTheEarlierStateHadLeftOut() {
        PersonState before = PersonFold.foldAll("p-1", seesaw(100), ladder);
        PersonState after = PersonFold.foldAll("p-1", seesaw(98), ladder);

        List<StageTransition> changes = StageTransitions.changes(before, after, RECORDED);

        // the shorter history keeps 36..99; 36 and 37 had been left out of the longer one's 38..101: re-stated as they are
        assertThat(changes).extracting(StageTransition::getSequence, StageTransition::getKind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(36, TransitionKind.CORRECTED),
                        org.assertj.core.groups.Tuple.tuple(37, TransitionKind.CORRECTED),
                        org.assertj.core.groups.Tuple.tuple(100, TransitionKind.RETRACTED),
                        org.assertj.core.groups.Tuple.tuple(101, TransitionKind.RETRACTED));
    }
}
