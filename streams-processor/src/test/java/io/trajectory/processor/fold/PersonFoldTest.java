package io.trajectory.processor.fold;

import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.events.Hired;
import io.trajectory.events.RelationshipKind;
import io.trajectory.events.Transferred;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.PersonLedger;
import io.trajectory.ladder.Ladder;
import io.trajectory.ladder.LadderLoader;
import io.trajectory.processor.TestEvents;
import io.trajectory.state.EmploymentStatus;
import io.trajectory.state.NextStep;
import io.trajectory.state.PersonState;
import io.trajectory.state.StageEntry;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class PersonFoldTest {

    private final Ladder ladder = LadderLoader.defaultLadder();
    private final TestEvents e = new TestEvents("p-1");

    private PersonState fold(SpecificRecord... events) {
        return PersonFold.foldAll("p-1", List.of(events), ladder);
    }

    @Test
    void shouldMakeACandidateOfSomeoneWhoPassedAnInterview() {
        PersonState s = fold(e.interview("i1", 0, 1));

        assertThat(s.getStage()).isEqualTo("CANDIDATE");
        assertThat(s.getStatus()).isEqualTo(EmploymentStatus.CANDIDATE);
        assertThat(s.getInterviewRoundsPassed()).isEqualTo(1);
        assertThat(s.getNextStage()).isEqualTo("JUNIOR");
        assertThat(s.getNextSteps()).extracting(NextStep::getDescription)
                .containsExactly("pass 1 more interview round", "get hired (accept an offer)");
    }

    @Test
    void shouldStartAHireAsAJuniorWithWhatTheyStillNeed() {
        PersonState s = fold(e.interview("i1", 0, 1), e.interview("i2", 3, 2), e.hired("h", 10));

        assertThat(s.getStage()).isEqualTo("JUNIOR");
        assertThat(s.getStageSince()).isEqualTo(TestEvents.day(10));
        assertThat(s.getStatus()).isEqualTo(EmploymentStatus.EMPLOYED);
        assertThat(s.getDepartment()).isEqualTo("Payments");
        assertThat(s.getNextSteps()).extracting(NextStep::getDescription).containsExactly(
                "deliver 2 more programs",
                "deliver 1 more cross-team program",
                "complete 1 more course tagged process-optimization",
                "reach level 3 in technical-knowledge (assessed 0)");
    }

    @Test
    void shouldAdvanceAJuniorOnEvidenceAtTheTimeOfTheLastMissingPiece() {
        PersonState s = fold(e.hired("h", 0), e.project("p1", 30, false), e.project("p2", 60, true),
                e.course("c1", 70, "process-optimization"), e.assessed("a1", 90, "technical-knowledge", 3));

        assertThat(s.getStage()).isEqualTo("ADVANCING");
        assertThat(s.getStageSince()).isEqualTo(TestEvents.day(90));
        assertThat(s.getStageHistory()).extracting(StageEntry::getStage, StageEntry::getCauseEventId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("JUNIOR", "h"),
                        org.assertj.core.groups.Tuple.tuple("ADVANCING", "a1"));
        assertThat(s.getNextStage()).isEqualTo("SENIOR");
    }

    @Test
    void shouldNotAdvanceOnPartialEvidence() {
        PersonState s = fold(e.hired("h", 0), e.project("p1", 30, true), e.project("p2", 60, true),
                e.assessed("a1", 90, "technical-knowledge", 3));

        assertThat(s.getStage()).isEqualTo("JUNIOR");
        assertThat(s.getNextSteps()).extracting(NextStep::getRequirement).containsExactly("process-optimization-course");
    }

    @Test
    void shouldFollowPromotionsAndListTheSeniorCoreFields() {
        PersonState s = fold(e.hired("h", 0), e.promotion("pr1", 400, "ADVANCING"), e.promotion("pr2", 800, "SENIOR"),
                e.course("c1", 820, "agile", "relationship-building"), e.relationship("v1", 830, RelationshipKind.VENDOR));

        assertThat(s.getStage()).isEqualTo("SENIOR");
        assertThat(s.getTitle()).isEqualTo("SENIOR TPM");
        assertThat(s.getNextStage()).isEqualTo("BEYOND");
        assertThat(s.getNextSteps()).extracting(NextStep::getDescription)
                .contains("complete 1 more course tagged management-etiquette", "log 1 more vendor relationship",
                        "log 1 more client relationship", "log 2 more stakeholder relationships", "be promoted to BEYOND")
                .doesNotContain("complete 1 more course tagged agile");
    }

    @Test
    void shouldGatherSkillEvidenceSortedBySkill() {
        PersonState s = fold(e.hired("h", 0), e.course("c1", 5, "agile", "business-dynamics"), e.course("c2", 6, "agile"),
                e.assessed("a1", 7, "agile", 2), e.assessed("a2", 8, "agile", 4));

        assertThat(s.getSkills()).extracting(ev -> ev.getSkill()).containsExactly("agile", "business-dynamics");
        var agile = s.getSkills().get(0);
        assertThat(agile.getCourses()).isEqualTo(2);
        assertThat(agile.getCourseHours()).isEqualByComparingTo("16");
        assertThat(agile.getAssessedLevel()).as("latest assessment by event time").isEqualTo(4);
        assertThat(agile.getEvidenceEventIds()).containsExactly("c1", "c2", "a1", "a2");
    }

    @Test
    void shouldFoldByEventTimeWhateverTheArrivalOrder() {
        List<SpecificRecord> events = new ArrayList<>(List.of(e.hired("h", 0), e.assessed("a1", 10, "agile", 1),
                e.assessed("a2", 20, "agile", 5), e.transferred("t", 30, "Search"), e.promotion("pr", 40, "SENIOR")));
        PersonState inOrder = PersonFold.foldAll("p-1", events, ladder);
        java.util.Collections.reverse(events);
        PersonState reversed = PersonFold.foldAll("p-1", events, ladder);

        assertThat(reversed).isEqualTo(inOrder);
        assertThat(inOrder.getSkills().get(0).getAssessedLevel()).isEqualTo(5);
        assertThat(inOrder.getDepartment()).isEqualTo("Search");
    }

    @Test
    void shouldCountTheSameEventIdOnce() {
        assertThat(fold(e.hired("h", 0), e.project("p1", 5, true), e.project("p1", 5, true)).getProgramsDelivered())
                .isEqualTo(1);
    }

    @Test
    void shouldRemoveExactlyTheRetractedEventEvenWhenTheRetractionComesFirst() {
        PersonState withRetraction = fold(e.retraction("r", 1, "pr"), e.hired("h", 0), e.promotion("pr", 100, "SENIOR"),
                e.project("p1", 120, false));
        PersonState never = fold(e.hired("h", 0), e.project("p1", 120, false));

        assertThat(withRetraction.getStage()).isEqualTo("JUNIOR");
        assertThat(withRetraction.getProgramsDelivered()).isEqualTo(1);
        assertThat(withRetraction.getStageHistory()).isEqualTo(never.getStageHistory());
    }

    @Test
    void shouldIgnoreARetractionOfARetraction() {
        PersonState s = fold(e.hired("h", 0), e.project("p1", 5, false), e.retraction("r1", 6, "p1"),
                e.retraction("r2", 7, "r1"));
        assertThat(s.getProgramsDelivered()).isZero();
    }

    @Test
    void shouldKeepTheStageOfSomeoneWhoLeftButOfferNoNextSteps() {
        PersonState s = fold(e.hired("h", 0), e.promotion("pr", 100, "ADVANCING"), e.departed("d", 200));

        assertThat(s.getStatus()).isEqualTo(EmploymentStatus.DEPARTED);
        assertThat(s.getStage()).isEqualTo("ADVANCING");
        assertThat(s.getDepartedAt()).isEqualTo(TestEvents.day(200));
        assertThat(s.getNextSteps()).isEmpty();
        assertThat(s.getNextStage()).isNull();
    }

    @Test
    void shouldNotTouchTheStateItIsGiven() {
        PersonState before = fold(e.hired("h", 0));
        PersonState copy = PersonState.newBuilder(before).build();
        PersonFold.apply(before, e.course("c", 3, "agile"), ladder);
        assertThat(before).isEqualTo(copy);
    }

    @Test
    void shouldSayWhichLadderProducedTheState() {
        PersonState s = fold(e.hired("h", 0));
        assertThat(s.getLadderId()).isEqualTo("tpm-default");
        assertThat(s.getLadderVersion()).isEqualTo("1");
    }

    @Test
    void shouldAdvanceOnEvidenceToTheNextStageTheLadderNames() {
        Ladder twoTracks = LadderLoader.parse("""
                {"id": "two-tracks", "version": "1", "skills": [],
                 "stages": [
                   {"id": "JUNIOR", "name": "Junior", "entry": {"events": ["Hired"], "evidence": false}, "next": "LEAD",
                    "requirementsForNext": [{"id": "programs", "kind": "programs-delivered", "count": 2}]},
                   {"id": "SPECIALIST", "name": "Specialist", "entry": {"events": ["Promotion"], "evidence": false}},
                   {"id": "LEAD", "name": "Lead", "entry": {"events": ["Promotion"], "evidence": true}}
                 ]}
                """, "two-tracks.json");

        PersonState hired = PersonFold.foldAll("p-1", List.of(e.hired("h", 0)), twoTracks);
        PersonState delivered = PersonFold.foldAll("p-1",
                List.of(e.hired("h", 0), e.project("p1", 30, false), e.project("p2", 60, false)), twoTracks);

        assertThat(hired.getNextStage()).isEqualTo("LEAD");
        assertThat(delivered.getStage()).isEqualTo("LEAD");
        assertThat(delivered.getStageHistory()).extracting(StageEntry::getStage).containsExactly("JUNIOR", "LEAD");
    }
    // ---- after a departure ----

    @Test
    void shouldNotLetATransferAfterADepartureReassignTheDepartedPersonsManager() {
        PersonState s = fold(e.hired("h", 0), e.departed("d", 100), e.transferred("t", 120, "Search"));

        assertThat(s.getStatus()).isEqualTo(EmploymentStatus.DEPARTED);
        assertThat(s.getManagerId()).isEqualTo("m-1");
        assertThat(s.getDepartment()).isEqualTo("Payments");
        assertThat(s.getDepartedAt()).isEqualTo(TestEvents.day(100));
        // the transfer is accepted (counted), but changes nothing
        assertThat(s.getEventCount()).isEqualTo(3);
    }

    @Test
    void shouldIgnoreEveryEventDatedAfterADepartureUntilARehire() {
        PersonState departed = fold(e.hired("h", 0), e.departed("d", 100));
        PersonState withLater = fold(e.hired("h", 0), e.departed("d", 100), e.promotion("pr", 110, "ADVANCING"),
                e.project("p1", 111, true), e.course("c1", 112, "agile"), e.assessed("a1", 113, "technical-knowledge", 4),
                e.relationship("v1", 114, RelationshipKind.VENDOR), e.interview("i1", 115, 1), e.departed("d2", 130));

        assertThat(withoutBookkeeping(withLater)).isEqualTo(withoutBookkeeping(departed));
        assertThat(PersonFold.ignored(List.of(e.hired("h", 0), e.departed("d", 100), e.transferred("t", 120, "Search"))))
                .containsOnlyKeys("t")
                .hasEntrySatisfying("t", reason -> assertThat(reason)
                        .isEqualTo("dated after the departure of " + TestEvents.day(100)
                                + " with no rehire (Hired) in between: a departed person's state changes only by a rehire"));
    }

    @Test
    void shouldGiveTheSameStateWhicheverOrderATransferAndAnEarlierDepartureArriveIn() {
        List<SpecificRecord> inOrder = List.of(e.hired("h", 0), e.departed("d", 100), e.transferred("t", 120, "Search"));
        List<SpecificRecord> departureLate = List.of(e.hired("h", 0), e.transferred("t", 120, "Search"), e.departed("d", 100));

        PersonState a = Ledger.refold("p-1", accepted(inOrder).getEvents(), ladder);
        PersonState b = accepted(departureLate).getState();

        assertThat(accepted(inOrder).getState()).isEqualTo(a);
        assertThat(b).isEqualTo(a);
        assertThat(b.getManagerId()).isEqualTo("m-1");
        assertThat(b.getDepartment()).isEqualTo("Payments");
    }

    @Test
    void shouldLetARehireAfterADepartureApplyAndTheTransfersAfterIt() {
        Hired rehire = new Hired(e.header("h2", 200), "Senior TPM", "Mobile", "m-9", "SENIOR");
        PersonState s = fold(e.hired("h", 0), e.departed("d", 100), e.transferred("ignored", 150, "Search"), rehire,
                e.transferred("t", 220, "Risk"));

        assertThat(s.getStatus()).isEqualTo(EmploymentStatus.EMPLOYED);
        assertThat(s.getStage()).isEqualTo("SENIOR");
        assertThat(s.getDepartedAt()).isNull();
        assertThat(s.getDepartment()).isEqualTo("Risk");
        assertThat(s.getManagerId()).isEqualTo("m-2");
        assertThat(PersonFold.ignored(List.of(e.hired("h", 0), e.departed("d", 100), e.transferred("ignored", 150, "Search"),
                rehire, e.transferred("t", 220, "Risk")))).containsOnlyKeys("ignored");
    }

    @Test
    void shouldStillApplyAnEventAtTheVeryInstantOfTheDeparture() {
        Transferred sameInstant = new Transferred(e.header("t", 100), "Search", "m-2");
        PersonState s = fold(e.hired("h", 0), e.departed("d", 100), sameInstant);

        assertThat(s.getDepartment()).isEqualTo("Search");
        assertThat(s.getStatus()).isEqualTo(EmploymentStatus.DEPARTED);
    }

    private PersonLedger accepted(List<SpecificRecord> arrivals) {
        PersonLedger ledger = null;
        for (SpecificRecord event : arrivals) {
            ledger = ((Ledger.Outcome.Accepted) Ledger.accept(ledger, event, Codecs.events().encode(event), ladder)).ledger();
        }
        return ledger;
    }

    /** The state without the fields every accepted event changes (count, last event, last times). */
    private static PersonState withoutBookkeeping(PersonState s) {
        PersonState copy = PersonState.newBuilder(s).build();
        copy.setEventCount(0);
        copy.setLastEventId(null);
        copy.setLastOccurredAt(null);
        copy.setLastRecordedAt(null);
        return copy;
    }

    /** A long history leaves a state of bounded size: counts of everything, lists of the latest only. */
    @Test
    void shouldKeepOnlyTheLatestEvidenceStagesAndDepartmentsOfALongHistory() {
        List<SpecificRecord> events = new ArrayList<>();
        events.add(e.hired("h", 0));
        for (int i = 1; i <= 100; i++) {
            events.add(e.assessed("a" + i, i, "agile", 1 + i % 2));
        }
        for (int i = 1; i <= 150; i++) {
            // back and forth between two stages and two departments: every event is a stage entry and a change
            events.add(e.promotion("p" + i, 100 + i, i % 2 == 0 ? "JUNIOR" : "ADVANCING"));
            events.add(e.transferred("t" + i, 100 + i, i % 2 == 0 ? "Payments" : "Mobile"));
        }
        PersonState s = PersonFold.foldAll("p-1", events, ladder);

        var agile = s.getSkills().stream().filter(k -> k.getSkill().equals("agile")).findFirst().orElseThrow();
        assertThat(agile.getEvidenceCount()).isEqualTo(100);
        assertThat(agile.getEvidenceEventIds()).containsExactly("a93", "a94", "a95", "a96", "a97", "a98", "a99", "a100");
        // 151 entries: the hire and 150 promotions
        assertThat(s.getStageHistory()).hasSize(PersonFold.MAX_STAGE_HISTORY);
        assertThat(s.getStageHistoryOmitted()).isEqualTo(151 - PersonFold.MAX_STAGE_HISTORY);
        assertThat(s.getStageHistory().get(s.getStageHistory().size() - 1).getCauseEventId()).isEqualTo("p150");
        assertThat(s.getStage()).isEqualTo("JUNIOR");
        assertThat(s.getDepartmentChanges()).hasSize(PersonFold.MAX_DEPARTMENT_CHANGES);
        assertThat(s.getDepartmentChanges().get(PersonFold.MAX_DEPARTMENT_CHANGES - 1).getDepartment()).isEqualTo("Payments");
        assertThat(s.getEventCount()).isEqualTo(401);
        // the same events in another order fold to the same bounded state
        List<SpecificRecord> reversed = new ArrayList<>(events);
        java.util.Collections.reverse(reversed);
        assertThat(PersonFold.foldAll("p-1", reversed, ladder)).isEqualTo(s);
    }

    @Test
    void shouldRecordADepartmentChangeOnlyWhenTheDepartmentChanges() {
        PersonState s = fold(e.hired("h", 0), e.transferred("same", 5, "Payments"), e.transferred("t", 9, "Mobile"));

        assertThat(s.getDepartmentChanges()).extracting(c -> c.getDepartment()).containsExactly("Payments", "Mobile");
        assertThat(s.getDepartmentChanges().get(1).getAt()).isEqualTo(TestEvents.day(9));
    }
}
