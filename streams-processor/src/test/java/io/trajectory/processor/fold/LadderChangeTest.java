package io.trajectory.processor.fold;

import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.ladder.Ladder;
import io.trajectory.ladder.LadderLoader;
import io.trajectory.processor.TestEvents;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.PersonLedger;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** A new ladder version re-folds a person instead of mixing two ladders in one state. */
class LadderChangeTest {

    private static final Ladder V1 = LadderLoader.defaultLadder();
    private static final Ladder V2 = new Ladder(V1.id(), V1.version() + "-next", V1.name(), V1.description(),
            V1.skills(), V1.stages());
    private final TestEvents ann = new TestEvents("ann");

    private static Ledger.Outcome.Accepted accept(PersonLedger ledger, SpecificRecord event, Ladder ladder) {
        return (Ledger.Outcome.Accepted) Ledger.accept(ledger, event, Codecs.events().encode(event), ladder);
    }

    @Test
    void shouldRefoldUnderTheNewLadderWhenAnInOrderEventArrives() {
        PersonLedger v1 = accept(null, ann.hired("h", 0), V1).ledger();

        Ledger.Outcome.Accepted next = accept(v1, ann.project("p", 5, true), V2);

        assertThat(next.refolded()).isTrue();
        assertThat(next.ledger().getState().getLadderVersion()).isEqualTo(V2.version());
        assertThat(accept(next.ledger(), ann.project("q", 6, false), V2).refolded()).isFalse();
    }

    @Test
    void shouldAnswerTheLatestViewUnderTheGivenLadder() {
        PersonLedger v1 = accept(null, ann.hired("h", 0), V1).ledger();

        var view = PersonHistory.view(v1, PersonHistory.PointInTime.LATEST, V2).orElseThrow();

        assertThat(view.state().getLadderVersion()).isEqualTo(V2.version());
        assertThat(PersonHistory.view(v1, PersonHistory.PointInTime.LATEST, V1).orElseThrow().state())
                .isSameAs(v1.getState());
    }
}
