package io.trajectory.ladder;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A career ladder: stages (people start at the first; each leads to the following one, or to the
 * stage its {@code next} names), how each is entered, the skills, and what each stage requires
 * before the next. Loaded from a JSON file ({@link LadderLoader}); the built-in default is the five
 * stages of a Technical Program Manager's career.
 */
public record Ladder(
        @JsonProperty(value = "id", required = true) String id,
        @JsonProperty(value = "version", required = true) String version,
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty(value = "skills", required = true) List<Skill> skills,
        @JsonProperty(value = "stages", required = true) List<Stage> stages) {

    public Ladder {
        skills = skills == null ? List.of() : List.copyOf(skills);
        stages = stages == null ? List.of() : List.copyOf(stages);
    }

    /** A skill people gather evidence for. */
    public record Skill(
            @JsonProperty(value = "id", required = true) String id,
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty("group") String group) {
    }

    /** How a stage is entered: by which events, and whether meeting the previous stage's requirements suffices. */
    public record Entry(
            @JsonProperty("events") List<String> events,
            @JsonProperty("evidence") boolean evidence) {

        public Entry {
            events = events == null ? List.of() : List.copyOf(events);
        }

        public boolean byEvent(String eventName) {
            return events.contains(eventName);
        }
    }

    /**
     * One stage of the ladder.
     *
     * @param next the id of the stage after this one; null for the following stage in the list (none
     *             for the last stage)
     */
    public record Stage(
            @JsonProperty(value = "id", required = true) String id,
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty(value = "entry", required = true) Entry entry,
            @JsonProperty("requirementsForNext") List<Requirement> requirementsForNext,
            @JsonProperty("next") String next) {

        public Stage {
            requirementsForNext = requirementsForNext == null ? List.of() : List.copyOf(requirementsForNext);
        }
    }

    @JsonIgnore
    public Stage firstStage() {
        return stages.get(0);
    }

    public Optional<Stage> stage(String stageId) {
        return stages.stream().filter(s -> Objects.equals(s.id(), stageId)).findFirst();
    }

    /** Position of a stage in the ladder, or -1 if unknown. */
    public int indexOf(String stageId) {
        for (int i = 0; i < stages.size(); i++) {
            if (Objects.equals(stages.get(i).id(), stageId)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The stage after this one, if any: the one its {@code next} names, else the following stage in
     * the list (the last stage has none).
     */
    public Optional<Stage> next(String stageId) {
        int i = indexOf(stageId);
        if (i < 0) {
            return Optional.empty();
        }
        String next = stages.get(i).next();
        if (next != null) {
            return stage(next);
        }
        return i + 1 >= stages.size() ? Optional.empty() : Optional.of(stages.get(i + 1));
    }

    public boolean hasStage(String stageId) {
        return indexOf(stageId) >= 0;
    }

    public boolean hasSkill(String skillId) {
        return skills.stream().anyMatch(s -> Objects.equals(s.id(), skillId));
    }

    @JsonIgnore
    public List<String> stageIds() {
        return stages.stream().map(Stage::id).toList();
    }

    @JsonIgnore
    public List<String> skillIds() {
        return skills.stream().map(Skill::id).toList();
    }
}
