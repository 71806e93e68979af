package io.trajectory.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.state.EmploymentStatus;
import io.trajectory.state.PersonState;
import io.trajectory.state.RelationshipCounts;
import io.trajectory.state.SkillEvidence;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequirementTest {

    private static Requirement req(Requirement.Kind kind, Integer count, String skill, Integer level, String relationship) {
        return new Requirement("r", kind, count, skill, level, relationship, null);
    }

    private static SkillEvidence skill(String id, Integer level, int courses) {
        return SkillEvidence.newBuilder()
                .setSkill(id)
                .setAssessedLevel(level)
                .setCourses(courses)
                .setCourseHours(new BigDecimal("0.00"))
                .setEvidenceEventIds(List.of())
                .build();
    }

    /**
     * Every field without a plain default is set: an enum or record default makes Avro 1.12 look up
     * the generated class, which it refuses until {@code AvroTrust.ensureTrusted()} ran.
     */
    private static PersonState.Builder person() {
        return PersonState.newBuilder()
                .setPersonId("p-1")
                .setStage("JUNIOR")
                .setStatus(EmploymentStatus.EMPLOYED)
                .setRelationships(RelationshipCounts.newBuilder().setVendors(0).setClients(0).setStakeholders(0).build())
                .setSkills(List.of())
                .setStageHistory(List.of())
                .setDepartmentChanges(List.of())
                .setNextSteps(List.of());
    }

    private static final PersonState NOBODY = person().build();

    @Test
    void shouldCountInterviewRounds() {
        Requirement r = req(Requirement.Kind.INTERVIEW_ROUNDS, 2, null, null, null);
        PersonState one = person().setInterviewRoundsPassed(1).build();
        PersonState two = person().setInterviewRoundsPassed(2).build();

        assertThat(r.need()).isEqualTo(2);
        assertThat(r.have(one)).isEqualTo(1);
        assertThat(r.isMet(one)).isFalse();
        assertThat(r.isMet(two)).isTrue();
        assertThat(r.nextStepText(one, "JUNIOR")).isEqualTo("pass 1 more interview round");
        assertThat(r.nextStepText(NOBODY, "JUNIOR")).isEqualTo("pass 2 more interview rounds");
    }

    @Test
    void shouldNeverConsiderAHireMetByEvidence() {
        Requirement r = req(Requirement.Kind.HIRED, null, null, null, null);
        PersonState busy = person().setInterviewRoundsPassed(9).setProgramsDelivered(9).build();

        assertThat(r.isExplicit()).isTrue();
        assertThat(r.need()).isEqualTo(1);
        assertThat(r.have(busy)).isZero();
        assertThat(r.isMet(busy)).isFalse();
        assertThat(r.nextStepText(busy, "JUNIOR")).isEqualTo("get hired (accept an offer)");
    }

    @Test
    void shouldNeverConsiderAPromotionMetByEvidence() {
        Requirement r = req(Requirement.Kind.PROMOTION, 5, null, null, null);

        assertThat(r.isExplicit()).isTrue();
        assertThat(r.need()).isEqualTo(1);
        assertThat(r.isMet(person().setProgramsDelivered(50).build())).isFalse();
        assertThat(r.nextStepText(NOBODY, "SENIOR")).isEqualTo("be promoted to SENIOR");
    }

    @Test
    void shouldCountProgramsDelivered() {
        Requirement r = req(Requirement.Kind.PROGRAMS_DELIVERED, 2, null, null, null);
        PersonState one = person().setProgramsDelivered(1).setCrossTeamPrograms(1).build();

        assertThat(r.isExplicit()).isFalse();
        assertThat(r.have(one)).isEqualTo(1);
        assertThat(r.isMet(one)).isFalse();
        assertThat(r.isMet(person().setProgramsDelivered(3).build())).isTrue();
        assertThat(r.nextStepText(one, "ADVANCING")).isEqualTo("deliver 1 more program");
    }

    @Test
    void shouldCountOnlyCrossTeamProgramsForACrossTeamRequirement() {
        Requirement r = req(Requirement.Kind.CROSS_TEAM_PROGRAMS, 3, null, null, null);
        PersonState state = person().setProgramsDelivered(5).setCrossTeamPrograms(1).build();

        assertThat(r.have(state)).isEqualTo(1);
        assertThat(r.isMet(state)).isFalse();
        assertThat(r.isMet(person().setCrossTeamPrograms(3).build())).isTrue();
        assertThat(r.nextStepText(state, "BEYOND")).isEqualTo("deliver 2 more cross-team programs");
    }

    @Test
    void shouldCountAllCoursesWhenNoSkillIsNamed() {
        Requirement r = req(Requirement.Kind.COURSES, null, null, null, null);

        assertThat(r.need()).as("count defaults to 1").isEqualTo(1);
        assertThat(r.isMet(NOBODY)).isFalse();
        assertThat(r.isMet(person().setCoursesCompleted(1).build())).isTrue();
        assertThat(r.nextStepText(NOBODY, "SENIOR")).isEqualTo("complete 1 more course");
    }

    @Test
    void shouldCountOnlyCoursesTaggedWithTheNamedSkill() {
        Requirement r = req(Requirement.Kind.COURSES, 2, "agile", null, null);
        PersonState state = person()
                .setCoursesCompleted(7)
                .setSkills(List.of(skill("agile", null, 1), skill("customer-retention", null, 6)))
                .build();

        assertThat(r.have(state)).isEqualTo(1);
        assertThat(r.have(NOBODY)).isZero();
        assertThat(r.isMet(state)).isFalse();
        assertThat(r.isMet(person().setSkills(List.of(skill("agile", null, 2))).build())).isTrue();
        assertThat(r.nextStepText(state, "BEYOND")).isEqualTo("complete 1 more course tagged agile");
    }

    @Test
    void shouldCountRelationshipsOfTheNamedKind() {
        PersonState state = person()
                .setRelationships(RelationshipCounts.newBuilder().setVendors(2).setClients(1).setStakeholders(0).build())
                .build();
        Requirement vendors = req(Requirement.Kind.RELATIONSHIPS, 2, null, null, "vendor");
        Requirement clients = req(Requirement.Kind.RELATIONSHIPS, 2, null, null, "client");
        Requirement stakeholders = req(Requirement.Kind.RELATIONSHIPS, 2, null, null, "stakeholder");

        assertThat(vendors.have(state)).isEqualTo(2);
        assertThat(vendors.isMet(state)).isTrue();
        assertThat(clients.have(state)).isEqualTo(1);
        assertThat(clients.nextStepText(state, "BEYOND")).isEqualTo("log 1 more client relationship");
        assertThat(stakeholders.have(state)).isZero();
        assertThat(stakeholders.nextStepText(state, "BEYOND")).isEqualTo("log 2 more stakeholder relationships");
    }

    @Test
    void shouldCountRelationshipsOfEveryKindWhenNoneIsNamed() {
        Requirement r = req(Requirement.Kind.RELATIONSHIPS, 4, null, null, null);
        PersonState state = person()
                .setRelationships(RelationshipCounts.newBuilder().setVendors(1).setClients(1).setStakeholders(1).build())
                .build();

        assertThat(r.have(state)).isEqualTo(3);
        assertThat(r.isMet(state)).isFalse();
        assertThat(r.nextStepText(state, "SENIOR")).isEqualTo("log 1 more relationship");
    }

    @Test
    void shouldCompareTheAssessedSkillLevel() {
        Requirement r = req(Requirement.Kind.SKILL_LEVEL, null, "technical-knowledge", 3, null);
        PersonState two = person().setSkills(List.of(skill("technical-knowledge", 2, 0))).build();
        PersonState three = person().setSkills(List.of(skill("technical-knowledge", 3, 0))).build();
        PersonState otherSkill = person().setSkills(List.of(skill("agile", 5, 0))).build();

        assertThat(r.need()).isEqualTo(3);
        assertThat(r.have(two)).isEqualTo(2);
        assertThat(r.isMet(two)).isFalse();
        assertThat(r.isMet(three)).isTrue();
        assertThat(r.have(otherSkill)).isZero();
        assertThat(r.nextStepText(two, "ADVANCING")).isEqualTo("reach level 3 in technical-knowledge (assessed 2)");
    }

    @Test
    void shouldTreatANeverAssessedSkillAsLevelZero() {
        Requirement r = req(Requirement.Kind.SKILL_LEVEL, null, "agile", 1, null);
        PersonState coursesOnly = person().setSkills(List.of(skill("agile", null, 3))).build();

        assertThat(r.have(coursesOnly)).isZero();
        assertThat(r.isMet(coursesOnly)).isFalse();
    }

    @Test
    void shouldPreferTheLadderDescriptionAsNextStepText() {
        Requirement r = new Requirement("x", Requirement.Kind.PROGRAMS_DELIVERED, 2, null, null, null,
                "Take two programs from inception to completion");

        assertThat(r.nextStepText(NOBODY, "SENIOR")).isEqualTo("Take two programs from inception to completion");
    }

    @Test
    void shouldMeasureEveryRequirementOfTheDefaultLadderWithoutFailing() {
        PersonState state = person().setSkills(List.of(skill("agile", 1, 1))).build();

        for (Ladder.Stage stage : LadderLoader.defaultLadder().stages()) {
            for (Requirement r : stage.requirementsForNext()) {
                assertThat(r.have(state)).as(r.id()).isBetween(0, r.need());
                assertThat(r.nextStepText(state, "NEXT")).as(r.id()).isNotBlank();
            }
        }
    }
}
