package io.trajectory.processor.fold;

import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.ladder.Ladder;
import io.trajectory.ladder.LadderLoader;
import io.trajectory.processor.TestEvents;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.LedgerEntry;
import io.trajectory.state.PersonLedger;
import io.trajectory.state.PersonState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class LedgerTest {

    private final Ladder ladder = LadderLoader.defaultLadder();
    private final TestEvents e = new TestEvents("p-1");

    private Ledger.Outcome accept(PersonLedger ledger, SpecificRecord event) {
        return Ledger.accept(ledger, event, Codecs.events().encode(event), ladder);
    }

    private PersonLedger acceptAll(List<? extends SpecificRecord> events) {
        PersonLedger ledger = null;
        for (SpecificRecord event : events) {
            Ledger.Outcome outcome = accept(ledger, event);
            if (outcome instanceof Ledger.Outcome.Accepted a) {
                ledger = a.ledger();
            }
        }
        return ledger;
    }

    @Test
    void shouldApplyAnEventInOrderWithoutRefolding() {
        PersonLedger one = ((Ledger.Outcome.Accepted) accept(null, e.hired("h", 0))).ledger();
        Ledger.Outcome two = accept(one, e.project("p1", 10, true));

        assertThat(two).isInstanceOfSatisfying(Ledger.Outcome.Accepted.class, a -> {
            assertThat(a.refolded()).isFalse();
            assertThat(a.ledger().getState().getProgramsDelivered()).isEqualTo(1);
            assertThat(a.ledger().getEvents()).extracting(LedgerEntry::getEventId).containsExactly("h", "p1");
        });
    }

    @Test
    void shouldRefoldWhenALateEventArrives() {
        PersonLedger ledger = acceptAll(List.of(e.hired("h", 0), e.promotion("pr", 100, "SENIOR")));
        Ledger.Outcome late = accept(ledger, e.transferred("t", 50, "Search"));

        assertThat(late).isInstanceOfSatisfying(Ledger.Outcome.Accepted.class, a -> {
            assertThat(a.refolded()).isTrue();
            assertThat(a.ledger().getEvents()).extracting(LedgerEntry::getEventId).containsExactly("h", "t", "pr");
            assertThat(a.ledger().getState().getLastEventId()).isEqualTo("pr");
            assertThat(a.ledger().getState().getDepartment()).isEqualTo("Search");
        });
    }

    @Test
    void shouldIgnoreAnExactDuplicateEvenIfRecordedAgainLater() {
        PersonLedger ledger = acceptAll(List.of(e.hired("h", 0)));
        var again = e.hired("h", 0);
        again.getHeader().setRecordedAt(TestEvents.day(30));

        assertThat(accept(ledger, again)).isEqualTo(new Ledger.Outcome.Duplicate("h"));
    }

    @Test
    void shouldCountAnEventResentLaterAsFirstRecordedWhicheverCopyArrivesFirst() {
        // Two promotions with the same event time: the recording time orders them, so the later-recorded
        // one (to ADVANCING) is where the person ends. The HR tool re-sends the first one days later.
        var hired = e.hired("h", 0);
        var toSenior = e.promotion("pa", 100, "SENIOR");
        var toAdvancing = e.promotion("pb", 100, "ADVANCING");
        toAdvancing.getHeader().setRecordedAt(toSenior.getHeader().getRecordedAt().plusSeconds(3600));
        var resent = e.promotion("pa", 100, "SENIOR");
        resent.getHeader().setRecordedAt(TestEvents.day(103));
        PersonState expected = PersonFold.foldAll("p-1", List.of(hired, toSenior, toAdvancing), ladder);
        assertThat(expected.getStage()).isEqualTo("ADVANCING");

        PersonLedger beforeOriginal = acceptAll(List.of(hired, resent, toAdvancing));
        Ledger.Outcome original = accept(beforeOriginal, toSenior);

        assertThat(original).isInstanceOfSatisfying(Ledger.Outcome.Accepted.class, a -> {
            assertThat(a.refolded()).isTrue();
            assertThat(a.ledger().getState()).isEqualTo(expected);
            assertThat(a.ledger().getEvents()).extracting(LedgerEntry::getEventId).containsExactly("h", "pa", "pb");
            assertThat(a.ledger().getEvents().get(1).getRecordedAt()).isEqualTo(toSenior.getHeader().getRecordedAt());
        });
        assertThat(acceptAll(List.of(hired, toSenior, resent, toAdvancing)).getState()).isEqualTo(expected);
    }

    @Test
    void shouldRefuseTheSameEventIdWithDifferentContent() {
        PersonLedger ledger = acceptAll(List.of(e.hired("h", 0)));
        assertThat(accept(ledger, e.promotion("h", 3, "SENIOR"))).isInstanceOf(Ledger.Outcome.Conflict.class);
    }

    @Test
    void shouldApplyARetractionThatArrivedBeforeItsEvent() {
        PersonLedger ledger = acceptAll(List.of(e.hired("h", 0), e.retraction("r", 20, "p1"), e.project("p2", 30, false)));
        Ledger.Outcome outcome = accept(ledger, e.project("p1", 40, true));

        assertThat(outcome).isInstanceOfSatisfying(Ledger.Outcome.Accepted.class, a -> {
            assertThat(a.refolded()).isTrue();
            assertThat(a.ledger().getState().getProgramsDelivered()).isEqualTo(1);
            assertThat(a.ledger().getState().getCrossTeamPrograms()).isZero();
        });
    }

    @Test
    void shouldEndInTheSameStateForAnyArrivalOrderWithDuplicates() {
        List<SpecificRecord> events = List.of(e.interview("i1", -30, 1), e.hired("h", 0), e.project("p1", 30, false),
                e.project("p2", 60, true), e.course("c1", 70, "process-optimization"),
                e.assessed("a1", 90, "technical-knowledge", 3), e.transferred("t", 95, "Search"),
                e.retraction("r", 100, "p2"), e.promotion("pr", 400, "SENIOR"),
                e.relationship("v", 410, io.trajectory.events.RelationshipKind.VENDOR), e.departed("d", 900));
        var expected = PersonFold.foldAll("p-1", events, ladder);
        Random random = new Random(42);
        for (int run = 0; run < 200; run++) {
            List<SpecificRecord> arrival = new ArrayList<>(events);
            for (int d = 0; d < 3; d++) {
                arrival.add(events.get(random.nextInt(events.size())));
            }
            Collections.shuffle(arrival, random);
            assertThat(acceptAll(arrival).getState()).as("arrival order %s", run).isEqualTo(expected);
        }
    }
}
