package io.trajectory.processor.fold;

import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.events.EventHeader;
import io.trajectory.events.Promotion;
import io.trajectory.ladder.Ladder;
import io.trajectory.ladder.LadderLoader;
import io.trajectory.processor.TestEvents;
import io.trajectory.processor.fold.PersonHistory.PointInTime;
import io.trajectory.schemas.CareerEvents;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.PersonLedger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** Bitemporal views of a ledger: asOf (event time), knownAt (recording time), both. */
class PersonHistoryTest {

    private static final Ladder LADDER = LadderLoader.defaultLadder();
    private final TestEvents kim = new TestEvents("kim");

    private static PersonLedger ledger(List<SpecificRecord> events) {
        PersonLedger ledger = null;
        for (SpecificRecord e : events) {
            ledger = ((Ledger.Outcome.Accepted) Ledger.accept(ledger, e, Codecs.events().encode(e), LADDER)).ledger();
        }
        return ledger;
    }

    private static PointInTime at(Integer asOfDay, Integer knownAtDay) {
        return new PointInTime(Optional.ofNullable(asOfDay).map(TestEvents::day),
                Optional.ofNullable(knownAtDay).map(TestEvents::day));
    }

    /** A promotion that happened on {@code day} but was recorded on {@code recordedDay}. */
    private Promotion backDated(String id, int day, int recordedDay, String stage) {
        Promotion p = kim.promotion(id, day, stage);
        EventHeader h = CareerEvents.header(p);
        h.setRecordedAt(TestEvents.day(recordedDay));
        return p;
    }

    @Test
    void shouldFoldOnlyWhatHappenedByAsOf() {
        PersonLedger l = ledger(List.of(kim.hired("h", 0), kim.promotion("p", 30, "SENIOR")));

        assertThat(PersonHistory.view(l, at(29, null), LADDER).orElseThrow().state().getStage()).isEqualTo("JUNIOR");
        assertThat(PersonHistory.view(l, at(30, null), LADDER).orElseThrow().state().getStage()).isEqualTo("SENIOR");
        assertThat(PersonHistory.view(l, at(-1, null), LADDER)).as("before the first event").isEmpty();
    }

    @Test
    void shouldFoldOnlyWhatWasRecordedByKnownAt() {
        PersonLedger l = ledger(List.of(kim.hired("h", 0), backDated("p", 10, 40, "SENIOR")));

        assertThat(PersonHistory.view(l, at(20, 20), LADDER).orElseThrow().state().getStage())
                .as("on day 20 nobody knew of the day-10 promotion").isEqualTo("JUNIOR");
        assertThat(PersonHistory.view(l, at(20, 41), LADDER).orElseThrow().state().getStage())
                .as("from day 40 on, the day-10 promotion is known").isEqualTo("SENIOR");
    }

    @Test
    void shouldApplyAKnownRetractionAtEveryEventTimeButNotBeforeItWasRecorded() {
        PersonLedger l = ledger(List.of(kim.hired("h", 0), kim.promotion("p", 10, "SENIOR"), kim.retraction("r", 50, "p")));

        PersonHistory.View before = PersonHistory.view(l, at(20, 20), LADDER).orElseThrow();
        PersonHistory.View after = PersonHistory.view(l, at(20, null), LADDER).orElseThrow();

        assertThat(before.state().getStage()).isEqualTo("SENIOR");
        assertThat(before.retractedBy()).isEmpty();
        assertThat(after.state().getStage()).isEqualTo("JUNIOR");
        assertThat(after.retractedBy()).containsEntry("p", "r");
    }

    @Test
    void shouldAnswerTheLatestViewWithTheLedgersOwnState() {
        PersonLedger l = ledger(List.of(kim.hired("h", 0), kim.project("x", 5, true)));

        PersonHistory.View latest = PersonHistory.view(l, PointInTime.LATEST, LADDER).orElseThrow();

        assertThat(latest.state()).isSameAs(l.getState());
        assertThat(latest.folded()).extracting(CareerEvents::eventId).containsExactly("h", "x");
        assertThat(PersonFold.foldAll("kim", latest.folded(), LADDER)).isEqualTo(l.getState());
    }

    @Test
    void shouldNotCareWhatInstantTheRetractionItselfCarries() {
        Instant farFuture = TestEvents.day(400);
        PersonLedger l = ledger(List.of(kim.hired("h", 0), kim.project("x", 5, true), kim.retraction("r", 400, "x")));

        assertThat(PersonHistory.view(l, at(10, null), LADDER).orElseThrow().state().getProgramsDelivered())
                .as("retraction dated %s still removes x as of day 10", farFuture).isZero();
    }
}
