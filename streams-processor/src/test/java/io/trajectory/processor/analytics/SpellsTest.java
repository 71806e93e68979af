package io.trajectory.processor.analytics;

import static io.trajectory.processor.TestEvents.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.trajectory.ladder.Ladder;
import io.trajectory.ladder.LadderLoader;
import io.trajectory.processor.TestEvents;
import io.trajectory.processor.fold.Ledger;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.DepartmentChange;
import io.trajectory.state.PersonLedger;
import io.trajectory.state.PersonSpells;
import io.trajectory.state.Spell;
import io.trajectory.state.SpellOutcome;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** Spells derived from a person's state and ledger: a pure function. */
class SpellsTest {

    private static final Ladder LADDER = LadderLoader.defaultLadder();
    private final TestEvents e = new TestEvents("p-1");

    static PersonLedger ledger(SpecificRecord... events) {
        PersonLedger ledger = null;
        for (SpecificRecord event : events) {
            Ledger.Outcome outcome = Ledger.accept(ledger, event, Codecs.events().encode(event), LADDER);
            if (outcome instanceof Ledger.Outcome.Accepted accepted) {
                ledger = accepted.ledger();
            }
        }
        return ledger;
    }

    static PersonSpells spells(SpecificRecord... events) {
        PersonLedger ledger = ledger(events);
        return Spells.of(ledger.getState(), DepartmentChanges.of(ledger), LADDER);
    }

    @Test
    void shouldGiveAJuniorOneOngoingSpellInTheDepartmentTheyJoined() {
        PersonSpells p = spells(e.hired("h", 10));

        assertThat(p.getHiredAt()).isEqualTo(day(10));
        assertThat(p.getDepartedAt()).isNull();
        assertThat(p.getSpells()).singleElement().satisfies(s -> {
            assertThat(s.getSequence()).isEqualTo(1);
            assertThat(s.getStage()).isEqualTo("JUNIOR");
            assertThat(s.getEnteredAt()).isEqualTo(day(10));
            assertThat(s.getExitAt()).isNull();
            assertThat(s.getOutcome()).isEqualTo(SpellOutcome.ONGOING);
            assertThat(s.getToStage()).isNull();
            assertThat(s.getDepartment()).isEqualTo("Payments");
        });
    }

    @Test
    void shouldEndASpellWhereTheNextStageStartsAsAPromotionUpTheLadder() {
        PersonSpells p = spells(e.interview("i1", 0, 1), e.hired("h", 10), e.promotion("p", 100, "ADVANCING"),
                e.promotion("s", 300, "SENIOR"));

        assertThat(p.getSpells()).extracting(Spell::getStage, Spell::getEnteredAt, Spell::getExitAt, Spell::getOutcome,
                Spell::getToStage).containsExactly(
                tuple("CANDIDATE", day(0), day(10), SpellOutcome.PROMOTED, "JUNIOR"),
                tuple("JUNIOR", day(10), day(100), SpellOutcome.PROMOTED, "ADVANCING"),
                tuple("ADVANCING", day(100), day(300), SpellOutcome.PROMOTED, "SENIOR"),
                tuple("SENIOR", day(300), null, SpellOutcome.ONGOING, null));
        assertThat(p.getSpells().get(0).getDepartment()).as("a candidate has no department yet").isNull();
        assertThat(Spells.afterHire(p, p.getSpells().get(0))).isFalse();
        assertThat(Spells.afterHire(p, p.getSpells().get(1))).isTrue();
    }

    @Test
    void shouldEndAJuniorSpellOnEvidenceAtTheEventThatCompletedIt() {
        PersonSpells p = spells(e.hired("h", 0), e.project("p1", 30, false), e.project("p2", 60, true),
                e.course("c1", 70, "process-optimization"), e.assessed("a1", 90, "technical-knowledge", 3));

        assertThat(p.getSpells()).extracting(Spell::getStage, Spell::getExitAt, Spell::getOutcome)
                .containsExactly(tuple("JUNIOR", day(90), SpellOutcome.PROMOTED), tuple("ADVANCING", null, SpellOutcome.ONGOING));
    }

    @Test
    void shouldCallASkipUpTheLadderAPromotionAndAStepDownAMove() {
        PersonSpells p = spells(e.hired("h", 0), e.promotion("up", 50, "SENIOR"), e.promotion("down", 80, "ADVANCING"));

        assertThat(p.getSpells()).extracting(Spell::getStage, Spell::getOutcome, Spell::getToStage).containsExactly(
                tuple("JUNIOR", SpellOutcome.PROMOTED, "SENIOR"),
                tuple("SENIOR", SpellOutcome.MOVED, "ADVANCING"),
                tuple("ADVANCING", SpellOutcome.ONGOING, null));
        assertThat(Spells.isLater(LADDER, "JUNIOR", "SENIOR")).isTrue();
        assertThat(Spells.isLater(LADDER, "SENIOR", "ADVANCING")).isFalse();
        assertThat(Spells.isLater(LADDER, "BEYOND", "BEYOND")).isFalse();
        assertThat(Spells.isLater(LADDER, "NOPE", "BEYOND")).isFalse();
    }

    @Test
    void shouldEndTheRunningSpellAtTheDepartureAndKeepEarlierOnes() {
        PersonSpells p = spells(e.hired("h", 0), e.promotion("p", 100, "ADVANCING"), e.departed("d", 250));

        assertThat(p.getDepartedAt()).isEqualTo(day(250));
        assertThat(p.getSpells()).extracting(Spell::getStage, Spell::getExitAt, Spell::getOutcome).containsExactly(
                tuple("JUNIOR", day(100), SpellOutcome.PROMOTED),
                tuple("ADVANCING", day(250), SpellOutcome.DEPARTED));
    }

    @Test
    void shouldLeaveOutStageChangesRecordedAfterTheDeparture() {
        PersonSpells p = spells(e.hired("h", 0), e.departed("d", 100), e.promotion("p", 150, "SENIOR"));

        assertThat(p.getSpells()).extracting(Spell::getStage, Spell::getExitAt, Spell::getOutcome)
                .containsExactly(tuple("JUNIOR", day(100), SpellOutcome.DEPARTED));
    }

    @Test
    void shouldKeepAZeroLengthSpellForAStageEnteredAtTheMomentOfLeaving() {
        PersonSpells p = spells(e.hired("h", 0), e.promotion("p", 100, "ADVANCING"), e.departed("d", 100));

        assertThat(p.getSpells()).extracting(Spell::getStage, Spell::getEnteredAt, Spell::getExitAt, Spell::getOutcome)
                .containsExactly(tuple("JUNIOR", day(0), day(100), SpellOutcome.PROMOTED),
                        tuple("ADVANCING", day(100), day(100), SpellOutcome.DEPARTED));
    }

    @Test
    void shouldForgetAPromotionThatWasRetracted() {
        PersonSpells p = spells(e.hired("h", 0), e.promotion("p", 100, "ADVANCING"), e.retraction("r", 120, "p"));

        assertThat(p.getSpells()).extracting(Spell::getStage, Spell::getOutcome)
                .containsExactly(tuple("JUNIOR", SpellOutcome.ONGOING));
    }

    @Test
    void shouldKeepTheTransfersWithinEachSpellSoTheDepartmentIsKnownAtAnyTime() {
        PersonSpells p = spells(e.hired("h", 0), e.transferred("t1", 40, "Search"), e.promotion("p", 100, "ADVANCING"),
                e.transferred("t2", 150, "Mobile"));

        Spell junior = p.getSpells().get(0);
        Spell advancing = p.getSpells().get(1);
        assertThat(junior.getDepartment()).isEqualTo("Payments");
        assertThat(junior.getDepartmentChanges()).extracting(DepartmentChange::getAt, DepartmentChange::getDepartment)
                .containsExactly(tuple(day(40), "Search"));
        assertThat(advancing.getDepartment()).as("department at entry").isEqualTo("Search");
        assertThat(Spells.departmentAt(junior, day(39))).isEqualTo("Payments");
        assertThat(Spells.departmentAt(junior, day(40))).isEqualTo("Search");
        assertThat(Spells.departmentAtExit(junior)).isEqualTo("Search");
        assertThat(Spells.departmentAt(advancing, day(149))).isEqualTo("Search");
        assertThat(Spells.departmentAt(advancing, day(150))).isEqualTo("Mobile");
        assertThat(Spells.covers(junior, day(99))).isTrue();
        assertThat(Spells.covers(junior, day(100))).as("a spell ends where the next begins").isFalse();
        assertThat(Spells.covers(advancing, day(100))).isTrue();
    }

    @Test
    void shouldMoveABackDatedTransferIntoTheSpellItHappenedIn() {
        PersonSpells inOrder = spells(e.hired("h", 0), e.promotion("p", 100, "ADVANCING"));
        PersonSpells corrected = spells(e.hired("h", 0), e.promotion("p", 100, "ADVANCING"), e.transferred("late", 50, "Search"));

        assertThat(inOrder.getSpells().get(1).getDepartment()).isEqualTo("Payments");
        assertThat(corrected.getSpells().get(1).getDepartment()).isEqualTo("Search");
        assertThat(corrected.getSpells().get(0).getDepartmentChanges()).extracting(DepartmentChange::getDepartment)
                .containsExactly("Search");
    }

    @Test
    void shouldGiveNoSpellsToSomeoneWithNoStageYet() {
        PersonSpells p = spells(e.project("x", 0, true));

        assertThat(p.getSpells()).isEmpty();
        assertThat(p.getHiredAt()).isNull();
    }

    @Test
    void shouldDeriveTheSameSpellsWhateverOrderTheEventsArrivedIn() {
        List<SpecificRecord> events = List.of(e.interview("i", 0, 1), e.hired("h", 5), e.transferred("t", 20, "Search"),
                e.project("p1", 30, false), e.project("p2", 60, true), e.course("c1", 70, "process-optimization"),
                e.assessed("a1", 90, "technical-knowledge", 3), e.promotion("s", 200, "SENIOR"), e.departed("d", 400));
        PersonSpells expected = spells(events.toArray(SpecificRecord[]::new));
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 20; i++) {
            List<SpecificRecord> shuffled = new java.util.ArrayList<>(events);
            java.util.Collections.shuffle(shuffled, random);
            assertThat(spells(shuffled.toArray(SpecificRecord[]::new))).isEqualTo(expected);
        }
        assertThat(expected.getSpells()).extracting(Spell::getStage).containsExactly("CANDIDATE", "JUNIOR", "ADVANCING", "SENIOR");
    }
}
