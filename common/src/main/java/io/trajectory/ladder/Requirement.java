package io.trajectory.ladder;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.trajectory.state.PersonState;
import io.trajectory.state.SkillEvidence;

/**
 * One requirement a person must meet at a stage before the next one. {@link #kind()} says what
 * evidence counts; {@link #have(PersonState)} measures it in a person's state.
 */
public record Requirement(
        @JsonProperty(value = "id", required = true) String id,
        @JsonProperty(value = "kind", required = true) Kind kind,
        @JsonProperty("count") Integer count,
        @JsonProperty("skill") String skill,
        @JsonProperty("level") Integer level,
        @JsonProperty("relationship") String relationship,
        @JsonProperty("description") String description) {

    /** The kinds of evidence a ladder can ask for. */
    public enum Kind {
        @JsonProperty("interview-rounds") INTERVIEW_ROUNDS,
        @JsonProperty("hired") HIRED,
        @JsonProperty("promotion") PROMOTION,
        @JsonProperty("programs-delivered") PROGRAMS_DELIVERED,
        @JsonProperty("cross-team-programs") CROSS_TEAM_PROGRAMS,
        @JsonProperty("courses") COURSES,
        @JsonProperty("relationships") RELATIONSHIPS,
        @JsonProperty("skill-level") SKILL_LEVEL
    }

    /** True for requirements met only by an explicit HR decision (a Hired or Promotion event). */
    public boolean isExplicit() {
        return kind == Kind.HIRED || kind == Kind.PROMOTION;
    }

    /** The amount of evidence asked for. */
    public int need() {
        return switch (kind) {
            case HIRED, PROMOTION -> 1;
            case SKILL_LEVEL -> level == null ? 0 : level;
            default -> count == null ? 1 : count;
        };
    }

    /** The evidence gathered so far, in the unit of {@link #need()}. Explicit requirements have 0. */
    public int have(PersonState state) {
        return switch (kind) {
            case HIRED, PROMOTION -> 0;
            case INTERVIEW_ROUNDS -> state.getInterviewRoundsPassed();
            case PROGRAMS_DELIVERED -> state.getProgramsDelivered();
            case CROSS_TEAM_PROGRAMS -> state.getCrossTeamPrograms();
            case COURSES -> skill == null ? state.getCoursesCompleted() : skillEvidence(state).map(SkillEvidence::getCourses).orElse(0);
            case RELATIONSHIPS -> relationships(state);
            case SKILL_LEVEL -> skillEvidence(state).map(SkillEvidence::getAssessedLevel).map(l -> l == null ? 0 : l).orElse(0);
        };
    }

    public boolean isMet(PersonState state) {
        return !isExplicit() && have(state) >= need();
    }

    private int relationships(PersonState state) {
        var r = state.getRelationships();
        if (relationship == null) {
            return r.getVendors() + r.getClients() + r.getStakeholders();
        }
        return switch (relationship) {
            case "vendor" -> r.getVendors();
            case "client" -> r.getClients();
            case "stakeholder" -> r.getStakeholders();
            default -> 0;
        };
    }

    private java.util.Optional<SkillEvidence> skillEvidence(PersonState state) {
        return state.getSkills().stream().filter(s -> s.getSkill().equals(skill)).findFirst();
    }

    /** What to do to meet the requirement, given what the person has: "deliver 1 more program". */
    public String nextStepText(PersonState state, String nextStageId) {
        if (description != null && !description.isBlank()) {
            return description;
        }
        int missing = Math.max(0, need() - have(state));
        return switch (kind) {
            case HIRED -> "get hired (accept an offer)";
            case PROMOTION -> "be promoted to " + nextStageId;
            case INTERVIEW_ROUNDS -> "pass " + missing + " more interview round" + plural(missing);
            case PROGRAMS_DELIVERED -> "deliver " + missing + " more program" + plural(missing);
            case CROSS_TEAM_PROGRAMS -> "deliver " + missing + " more cross-team program" + plural(missing);
            case COURSES -> skill == null
                    ? "complete " + missing + " more course" + plural(missing)
                    : "complete " + missing + " more course" + plural(missing) + " tagged " + skill;
            case RELATIONSHIPS -> "log " + missing + " more " + (relationship == null ? "" : relationship + " ")
                    + "relationship" + plural(missing);
            case SKILL_LEVEL -> "reach level " + need() + " in " + skill + " (assessed " + have(state) + ")";
        };
    }

    private static String plural(int n) {
        return n == 1 ? "" : "s";
    }
}
