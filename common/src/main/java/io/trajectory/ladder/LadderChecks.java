package io.trajectory.ladder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The consistency rules of a parsed ladder: unique ids, known stages and skills, a {@code next} chain
 * without cycles, every stage reachable, sensible counts and levels. Each problem names its JSON path;
 * {@link LadderDocument} places it in the file.
 */
final class LadderChecks {

    static final List<String> ENTRY_EVENTS = List.of("InterviewPassed", "Hired", "Promotion");
    static final List<String> RELATIONSHIPS = List.of("vendor", "client", "stakeholder");
    private static final int MAX_LEVEL = 5;

    private final Ladder ladder;
    private final List<LadderProblem> problems = new ArrayList<>();
    /** For each stage, the index of the stage after it, or -1. */
    private final int[] successor;

    private LadderChecks(Ladder ladder) {
        this.ladder = ladder;
        this.successor = IntStream.range(0, ladder.stages().size()).map(this::successorOf).toArray();
    }

    /** Every consistency problem of a ladder, in file order of the checks; empty when it is usable. */
    static List<LadderProblem> of(Ladder ladder) {
        LadderChecks checks = new LadderChecks(ladder);
        checks.run();
        return checks.problems;
    }

    private void run() {
        requireText("id", ladder.id());
        requireText("version", ladder.version());
        if (ladder.stages().isEmpty()) {
            add("stages", "a ladder needs at least one stage; add one, e.g. {\"id\": \"JUNIOR\", \"name\": \"Junior\", "
                    + "\"entry\": {\"events\": [\"Hired\"], \"evidence\": false}}");
        }
        skills();
        for (int i = 0; i < ladder.stages().size(); i++) {
            stage(i);
        }
        cycles();
        for (int i = 1; i < ladder.stages().size(); i++) {
            reachable(i);
        }
    }

    private int successorOf(int i) {
        String next = ladder.stages().get(i).next();
        if (next != null) {
            return ladder.indexOf(next);
        }
        return i + 1 < ladder.stages().size() ? i + 1 : -1;
    }

    private void skills() {
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < ladder.skills().size(); i++) {
            Ladder.Skill skill = ladder.skills().get(i);
            String at = "skills[" + i + "]";
            requireText(at + ".id", skill.id());
            requireText(at + ".name", skill.name());
            Integer earlier = skill.id() == null ? null : first.putIfAbsent(skill.id(), i);
            if (earlier != null) {
                add(at + ".id", "duplicate skill id '" + skill.id() + "': skills[" + earlier
                        + "] already has it; give each skill its own id");
            }
        }
    }

    private void stage(int i) {
        Ladder.Stage stage = ladder.stages().get(i);
        String at = "stages[" + i + "]";
        requireText(at + ".id", stage.id());
        int earlier = ladder.indexOf(stage.id());
        if (stage.id() != null && earlier < i) {
            add(at + ".id", "duplicate stage id '" + stage.id() + "': stages[" + earlier
                    + "] already has it; give each stage its own id");
        }
        requireText(at + ".name", stage.name());
        entry(stage, at);
        next(stage, i, at);
        Map<String, Integer> first = new HashMap<>();
        for (int r = 0; r < stage.requirementsForNext().size(); r++) {
            requirement(stage, stage.requirementsForNext().get(r), at + ".requirementsForNext[" + r + "]", r, first);
        }
    }

    private void entry(Ladder.Stage stage, String at) {
        if (stage.entry() == null) {
            add(at + ".entry", "is required: say how stage '" + stage.id() + "' is entered, e.g. "
                    + "\"entry\": {\"events\": [\"Promotion\"], \"evidence\": false}");
            return;
        }
        List<String> events = stage.entry().events();
        for (int e = 0; e < events.size(); e++) {
            if (!ENTRY_EVENTS.contains(events.get(e))) {
                add(at + ".entry.events[" + e + "]", "'" + events.get(e) + "' cannot move a person into a stage; use "
                        + "one of " + String.join(", ", ENTRY_EVENTS) + Spelling.didYouMean(events.get(e), ENTRY_EVENTS));
            }
        }
    }

    private void next(Ladder.Stage stage, int i, String at) {
        String next = stage.next();
        boolean last = i == ladder.stages().size() - 1;
        if (next == null) {
            if (last && !stage.requirementsForNext().isEmpty()) {
                add(at + ".requirementsForNext", "stage '" + stage.id() + "' is the last stage and has no next stage, "
                        + "so these requirements lead nowhere; remove them, or name the stage after it with \"next\"");
            }
        } else if (next.isBlank()) {
            add(at + ".next", "must not be empty: name the stage after '" + stage.id() + "', or leave \"next\" out "
                    + "for the following stage in the list");
        } else if (!ladder.hasStage(next)) {
            add(at + ".next", "unknown stage '" + next + "'; \"next\" must name a stage of this ladder ("
                    + String.join(", ", ladder.stageIds()) + ")" + Spelling.didYouMean(next, ladder.stageIds()));
        } else if (next.equals(stage.id())) {
            add(at + ".next", "stage '" + stage.id() + "' names itself as its next stage; name a later stage, or "
                    + (last ? "leave \"next\" out (the last stage has none)" : "leave \"next\" out for the following stage"));
        }
    }

    private void requirement(Ladder.Stage stage, Requirement req, String at, int r, Map<String, Integer> first) {
        requireText(at + ".id", req.id());
        Integer earlier = req.id() == null ? null : first.putIfAbsent(req.id(), r);
        if (earlier != null) {
            add(at + ".id", "duplicate requirement id '" + req.id() + "' in stage '" + stage.id()
                    + "': requirementsForNext[" + earlier + "] already has it; give each requirement of a stage its own id");
        }
        if (req.kind() == null) {
            add(at + ".kind", "is required: what evidence counts, one of " + kinds());
            return;
        }
        if (req.skill() != null && !ladder.hasSkill(req.skill())) {
            add(at + ".skill", "unknown skill '" + req.skill() + "'; use the id of a skill in \"skills\", or add it there"
                    + Spelling.didYouMean(req.skill(), ladder.skillIds()));
        }
        if (req.count() != null && req.count() < 1) {
            add(at + ".count", "count must be at least 1, got " + req.count() + "; leave it out to ask for 1");
        }
        if (req.kind() == Requirement.Kind.SKILL_LEVEL) {
            skillLevel(req, at);
        }
        if (req.relationship() != null && req.kind() == Requirement.Kind.RELATIONSHIPS
                && !RELATIONSHIPS.contains(req.relationship())) {
            add(at + ".relationship", "'" + req.relationship() + "' is not a kind of relationship; use one of "
                    + String.join(", ", RELATIONSHIPS) + ", or leave it out to count all three"
                    + Spelling.didYouMean(req.relationship(), RELATIONSHIPS));
        }
        unused(req, at);
    }

    private void skillLevel(Requirement req, String at) {
        if (req.skill() == null) {
            add(at, "a skill-level requirement needs \"skill\": the id of the skill to assess");
        }
        if (req.level() == null) {
            add(at, "a skill-level requirement needs \"level\": the assessed level to reach, 0 to " + MAX_LEVEL);
        } else if (req.level() < 0 || req.level() > MAX_LEVEL) {
            add(at + ".level", "level must be from 0 to " + MAX_LEVEL + ", got " + req.level());
        }
    }

    /** Properties a kind of requirement ignores are mistakes: say so rather than silently use a default. */
    private void unused(Requirement req, String at) {
        Requirement.Kind kind = req.kind();
        String name = kindName(kind);
        boolean counts = switch (kind) {
            case HIRED, PROMOTION, SKILL_LEVEL -> false;
            default -> true;
        };
        if (req.count() != null && !counts) {
            add(at + ".count", "a " + name + " requirement has no count; remove \"count\""
                    + (kind == Requirement.Kind.SKILL_LEVEL ? " (\"level\" is the level to reach)" : ""));
        }
        if (req.skill() != null && kind != Requirement.Kind.COURSES && kind != Requirement.Kind.SKILL_LEVEL) {
            add(at + ".skill", "a " + name + " requirement does not look at skills; remove \"skill\"");
        }
        if (req.level() != null && kind != Requirement.Kind.SKILL_LEVEL) {
            add(at + ".level", "only a skill-level requirement has a level; remove \"level\""
                    + (counts ? ", or use \"count\" for how many" : ""));
        }
        if (req.relationship() != null && kind != Requirement.Kind.RELATIONSHIPS) {
            add(at + ".relationship", "only a relationships requirement has a relationship; remove \"relationship\"");
        }
    }

    /** Cycles in the chain of next stages: each reported once, at the "next" that closes it. */
    private void cycles() {
        int n = successor.length;
        int[] state = new int[n]; // 0 not seen, 1 on the current walk, 2 done
        for (int start = 0; start < n; start++) {
            List<Integer> walk = new ArrayList<>();
            int v = start;
            while (v >= 0 && state[v] == 0) {
                state[v] = 1;
                walk.add(v);
                v = successor[v];
            }
            if (v >= 0 && state[v] == 1) {
                List<Integer> cycle = walk.subList(walk.indexOf(v), walk.size());
                if (cycle.size() > 1) { // a stage naming itself is reported by next()
                    cycle(cycle);
                }
            }
            walk.forEach(s -> state[s] = 2);
        }
    }

    private void cycle(List<Integer> members) {
        int top = members.stream().min(Integer::compare).orElseThrow();
        List<String> names = new ArrayList<>();
        int closing = top;
        for (int v = top; names.isEmpty() || v != top; v = successor[v]) {
            names.add(ladder.stages().get(v).id());
            closing = v;
        }
        names.add(ladder.stages().get(top).id());
        String closer = ladder.stages().get(closing).id();
        add("stages[" + closing + "].next", "the next stages form a cycle: " + String.join(" -> ", names)
                + "; nobody on it can reach the top of the ladder. Point \"next\" of stage '" + closer
                + "' at a stage after it, or remove it");
    }

    /** A stage nobody can enter: not the first, no event enters it, and no stage leads to it by evidence. */
    private void reachable(int i) {
        Ladder.Stage stage = ladder.stages().get(i);
        if (stage.entry() == null || !stage.entry().events().isEmpty()) {
            return;
        }
        List<Ladder.Stage> before = IntStream.range(0, successor.length).filter(j -> j != i && successor[j] == i)
                .mapToObj(j -> ladder.stages().get(j)).toList();
        if (stage.entry().evidence() && before.stream().anyMatch(LadderChecks::advancesByEvidence)) {
            return;
        }
        String head = "unreachable stage '" + stage.id() + "': no event enters it (entry.events is empty)";
        String events = "add \"Promotion\" to entry.events";
        if (!stage.entry().evidence()) {
            add("stages[" + i + "].entry", head + " and entry.evidence is false; " + events
                    + ", or set entry.evidence to true" + (before.isEmpty() ? " and point a stage's \"next\" at it" : ""));
        } else if (before.isEmpty()) {
            add("stages[" + i + "].entry", head + " and no stage's \"next\" leads to it; " + events
                    + ", or set \"next\": \"" + stage.id() + "\" on the stage before it");
        } else {
            add("stages[" + i + "].entry", head + " and evidence never moves anyone into it: " + whyNot(before.get(0))
                    + "; " + events + ", or change the requirements of '" + before.get(0).id() + "'");
        }
    }

    /** True if meeting the stage's requirements can move a person to its next stage (the fold's rule). */
    private static boolean advancesByEvidence(Ladder.Stage stage) {
        return !stage.requirementsForNext().isEmpty()
                && stage.requirementsForNext().stream().noneMatch(r -> r.kind() != null && r.isExplicit());
    }

    private static String whyNot(Ladder.Stage before) {
        return before.requirementsForNext().stream().filter(r -> r.kind() != null && r.isExplicit()).findFirst()
                .map(r -> "requirement '" + r.id() + "' of stage '" + before.id() + "' is met only by a "
                        + (r.kind() == Requirement.Kind.HIRED ? "Hired" : "Promotion") + " event")
                .orElse("stage '" + before.id() + "' has no requirementsForNext to meet");
    }

    private void requireText(String path, String value) {
        if (value == null) {
            add(path, "is required");
        } else if (value.isBlank()) {
            add(path, "must not be empty");
        }
    }

    private static String kinds() {
        return String.join(", ", java.util.Arrays.stream(Requirement.Kind.values()).map(LadderChecks::kindName).toList());
    }

    private static String kindName(Requirement.Kind kind) {
        return kind.name().toLowerCase().replace('_', '-');
    }

    private void add(String path, String message) {
        problems.add(LadderProblem.at(path, Objects.requireNonNull(message)));
    }
}
