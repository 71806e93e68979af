package io.trajectory.api;

import io.trajectory.state.EmploymentStatus;
import io.trajectory.state.NextStep;
import io.trajectory.state.PersonState;
import io.trajectory.state.RelationshipCounts;
import io.trajectory.state.SkillEvidence;
import io.trajectory.state.StageEntry;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Person states for tests. */
final class PersonStates {

    private PersonStates() {
    }

    /** A senior TPM with a skill, two stages, a next step. */
    static PersonState senior(String personId) {
        return PersonState.newBuilder()
                .setPersonId(personId)
                .setStage("SENIOR")
                .setStageSince(Instant.parse("2024-03-01T09:00:00Z"))
                .setStatus(EmploymentStatus.EMPLOYED)
                .setTitle("Senior TPM")
                .setDepartment("Payments")
                .setManagerId("p-7")
                .setHiredAt(Instant.parse("2021-01-04T08:30:00Z"))
                .setDepartedAt(null)
                .setInterviewRoundsPassed(3)
                .setProgramsDelivered(4)
                .setCrossTeamPrograms(2)
                .setCoursesCompleted(1)
                .setRelationships(new RelationshipCounts(1, 2, 3))
                .setSkills(List.of(new SkillEvidence("agile", 4, 1, new BigDecimal("12.50"), List.of("evt-course-1", "evt-assess-1"), 2)))
                .setStageHistory(List.of(
                        new StageEntry("JUNIOR", Instant.parse("2021-01-04T08:30:00Z"), "evt-hire", "Payments"),
                        new StageEntry("SENIOR", Instant.parse("2024-03-01T09:00:00Z"), "evt-promo", "Payments")))
                .setNextStage("BEYOND")
                .setNextSteps(List.of(new NextStep("programs-delivered", "deliver 1 more program", 4, 5)))
                .setLadderId("tpm-default")
                .setLadderVersion("1")
                .setEventCount(12)
                .setLastEventId("evt-promo")
                .setLastOccurredAt(Instant.parse("2024-03-01T09:00:00.250Z"))
                .setLastRecordedAt(Instant.parse("2024-03-02T10:00:00Z"))
                .build();
    }
}
