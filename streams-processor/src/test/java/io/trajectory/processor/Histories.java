package io.trajectory.processor;

import io.trajectory.events.CourseCompleted;
import io.trajectory.events.Departed;
import io.trajectory.events.EventHeader;
import io.trajectory.events.EventRetracted;
import io.trajectory.events.Hired;
import io.trajectory.events.InterviewPassed;
import io.trajectory.events.ProjectDelivered;
import io.trajectory.events.Promotion;
import io.trajectory.events.RelationshipKind;
import io.trajectory.events.SkillAssessed;
import io.trajectory.events.Transferred;
import io.trajectory.events.VendorRelationshipLogged;
import io.trajectory.ladder.Ladder;
import io.trajectory.ladder.LadderLoader;
import io.trajectory.schemas.CareerEvents;
import io.trajectory.schemas.Codecs;
import io.trajectory.validation.EventValidator;
import io.trajectory.validation.Violation;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import org.apache.avro.specific.SpecificRecord;

/**
 * jqwik generators of realistic, valid career histories on the default ladder, for the fold laws.
 *
 * <p>A history is built from a list of {@link Step}s, each a handful of raw numbers; a deterministic
 * interpreter turns them into events, so jqwik shrinks a failing history by dropping steps and
 * lowering numbers, and every shrunk history is still a valid one. The interpreter follows a
 * career: interviews, a hire (sometimes straight into a higher stage), projects, courses tagged
 * with ladder skills, assessments, relationships, transfers, promotions (now and then a demotion),
 * a departure and sometimes a re-hire; retractions point at an earlier event of the same person,
 * sometimes at another retraction, now and then at an id never seen.
 *
 * <p>Times are whole days at 09:00 UTC, so event times often collide; recording times are the
 * same as the event time, up to a day earlier (the clock-skew limit of the validator) or later,
 * so ties on both happen too and the eventId tie-break is exercised. Some events are back-dated:
 * they happened weeks before the events generated just before them.
 */
public final class Histories {

    public static final Ladder LADDER = LadderLoader.defaultLadder();
    private static final EventValidator VALIDATOR = new EventValidator(LADDER);

    /** A person's generated history: distinct eventIds, in the order generated (event times may go back). */
    public record History(String personId, List<SpecificRecord> events) {

        public History {
            events = List.copyOf(events);
        }

        public int size() {
            return events.size();
        }

        /** The history without the event of this id. */
        public List<SpecificRecord> without(String eventId) {
            return events.stream().filter(e -> !CareerEvents.eventId(e).equals(eventId)).toList();
        }

        /** The history with more events after it. */
        public List<SpecificRecord> plus(SpecificRecord... more) {
            List<SpecificRecord> all = new ArrayList<>(events);
            all.addAll(List.of(more));
            return all;
        }

        /** Ids named by the retractions of the history. */
        public Set<String> retractedIds() {
            Set<String> ids = new LinkedHashSet<>();
            for (SpecificRecord e : events) {
                if (e instanceof EventRetracted r) {
                    ids.add(r.getRetractedEventId());
                }
            }
            return ids;
        }

        /** Latest recording time of the history. */
        public Instant lastRecordedAt() {
            return events.stream().map(e -> CareerEvents.header(e).getRecordedAt()).max(Instant::compareTo)
                    .orElse(TestEvents.T0);
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("History[" + personId + ", " + events.size() + " events:");
            for (SpecificRecord e : events) {
                b.append("\n  ").append(describe(e));
            }
            return b.append("]").toString();
        }
    }

    /** The raw choices one generated event is made from. Shrinking lowers them towards 0. */
    record Step(int type, int gap, int back, int recorded, int target, int pick) {
    }

    enum Kind { INTERVIEW, HIRED, PROMOTION, COURSE, VENDOR, PROJECT, ASSESSED, TRANSFERRED, DEPARTED, RETRACTION }

    private enum Phase { OUTSIDE, EMPLOYED, DEPARTED }

    // Weights per phase, in Kind order; each row sums to 100.
    private static final int[] OUTSIDE_WEIGHTS = {32, 33, 2, 8, 3, 3, 7, 2, 2, 8};
    private static final int[] EMPLOYED_WEIGHTS = {2, 2, 4, 20, 11, 20, 20, 4, 3, 14};
    private static final int[] DEPARTED_WEIGHTS = {25, 30, 3, 5, 5, 5, 5, 4, 3, 15};

    private static final String[] ROLES = {"Technical Program Manager", "Senior Technical Program Manager",
        "Program Manager, Infrastructure"};
    private static final String[] DEPARTMENTS = {"Payments", "Search", "Infrastructure", "Mobile", "Data Platform"};
    private static final String[] SOURCES = {"hr/workday", "hr/lms", "hr/greenhouse", "hr/manual"};
    private static final String[] COUNTERPARTIES = {"Acme Cloud", "Globex", "Initech", "Umbrella Logistics",
        "Finance team", "Legal"};
    /** The skill assessed most at JUNIOR, ADVANCING and SENIOR and beyond: the one the stage requires. */
    private static final String[] FOCUS_SKILLS = {"technical-knowledge", "overseeing-teams", "business-conversation"};
    /** Per stage index, the catalog courses that build what the stage requires. */
    private static final int[][] STAGE_COURSES = {{0}, {0}, {3}, {2, 4, 5, 6}, {9}};
    private static final int[] LEVELS = {0, 1, 2, 3, 4, 5, 3, 4};
    private static final String[] DEPARTURE_REASONS = {"resigned", "relocated", "end of contract"};

    private record Course(String id, String title, List<String> skills, String hours) {
    }

    private static final List<Course> COURSES = List.of(
            new Course("lean-101", "Lean process optimization", List.of("process-optimization", "time-bound-problem-solving"), "12.50"),
            new Course("k8s-fund", "Kubernetes fundamentals", List.of("technical-knowledge"), "24.00"),
            new Course("psm-1", "Professional Scrum Master", List.of("agile"), "16.00"),
            new Course("fin-eng", "Business finance for engineers", List.of("business-dynamics", "business-alignment"), "8.00"),
            new Course("nego", "Negotiation and relationship building", List.of("relationship-building", "stakeholder-relations"), "6.00"),
            new Course("lead-1", "Leading teams", List.of("overseeing-teams", "management-etiquette"), "10.00"),
            new Course("cx-1", "Customer retention strategy", List.of("customer-retention", "business-conversation"), "4.50"),
            new Course("xfn-pm", "Cross-functional program management", List.of("cross-functional-work", "inception-to-completion"), "20.00"),
            new Course("listen", "Active listening", List.of("listening"), "2.00"),
            new Course("okr", "Goals and OKRs", List.of("goal-setting", "business-alignment"), "3.25"),
            new Course("orient", "Company orientation", List.of(), "1.00"));

    private Histories() {
    }

    /** Histories of 1 to 60 events. */
    public static Arbitrary<History> histories() {
        return histories(1, 60);
    }

    public static Arbitrary<History> histories(int minEvents, int maxEvents) {
        Arbitrary<String> personIds = Arbitraries.strings().withCharRange('a', 'z').numeric()
                .ofMinLength(1).ofMaxLength(8).map(s -> "p-" + s);
        Arbitrary<Integer> percent = Arbitraries.integers().between(0, 99);
        Arbitrary<Step> steps = Combinators.combine(percent, percent, percent, percent,
                Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, Integer.MAX_VALUE))
                .as(Step::new);
        return Combinators.combine(personIds, steps.list().ofMinSize(minEvents).ofMaxSize(maxEvents)
                        .withSizeDistribution(RandomDistribution.uniform()),
                Arbitraries.integers()).as(Histories::interpret);
    }

    /** Several people's histories, distinct person ids. */
    public static Arbitrary<List<History>> people(int maxPeople, int maxEventsEach) {
        return histories(1, maxEventsEach).list().ofMinSize(1).ofMaxSize(maxPeople).uniqueElements(History::personId);
    }

    /** A deep copy: same content, another object (as a re-delivered record would decode). */
    public static SpecificRecord copy(SpecificRecord event) {
        return Codecs.events().decode(Codecs.events().encode(event));
    }

    /** The same event re-sent by the HR tool later: same content, a later recording time. */
    public static SpecificRecord rerecorded(SpecificRecord event, Duration later) {
        SpecificRecord copy = copy(event);
        EventHeader h = CareerEvents.header(copy);
        h.setRecordedAt(h.getRecordedAt().plus(later));
        return copy;
    }

    /** A retraction of {@code targetId} by this person, checked valid. */
    public static EventRetracted retraction(String personId, String id, Instant occurredAt, Instant recordedAt,
            String targetId) {
        EventRetracted r = new EventRetracted(new TestEvents(personId).header(id, occurredAt, recordedAt, "hr/manual"),
                targetId, "recorded in error");
        return checked(r);
    }

    /** Every violation of the validator, as text; empty for a valid event. */
    public static List<String> violations(SpecificRecord event) {
        return VALIDATOR.validate(event).stream().map(Violation::toString).toList();
    }

    public static String describe(SpecificRecord e) {
        EventHeader h = CareerEvents.header(e);
        String what = "";
        if (e instanceof EventRetracted r) {
            what = "retracts " + r.getRetractedEventId();
        } else if (e instanceof Hired x) {
            what = "stage " + x.getStage();
        } else if (e instanceof Promotion x) {
            what = "to " + x.getToStage();
        } else if (e instanceof CourseCompleted x) {
            what = x.getSkills().toString();
        } else if (e instanceof SkillAssessed x) {
            what = x.getSkill() + "=" + x.getLevel();
        } else if (e instanceof ProjectDelivered x) {
            what = x.getCrossTeam() ? "cross-team" : "single team";
        } else if (e instanceof VendorRelationshipLogged x) {
            what = x.getKind().toString();
        } else if (e instanceof Transferred x) {
            what = x.getDepartment();
        }
        return h.getEventId() + " " + e.getSchema().getName() + " " + what + " at " + h.getOccurredAt()
                + " recorded " + h.getRecordedAt();
    }

    static History interpret(String personId, List<Step> steps, int salt) {
        return new Interpreter(personId, salt).run(steps);
    }

    /** The 32-bit finalizer of MurmurHash3: a bijection, so distinct inputs give distinct ids. */
    private static int mix(int x) {
        x ^= x >>> 16;
        x *= 0x85ebca6b;
        x ^= x >>> 13;
        x *= 0xc2b2ae35;
        x ^= x >>> 16;
        return x;
    }

    private static <T extends SpecificRecord> T checked(T event) {
        List<String> problems = violations(event);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the generator made an invalid event " + describe(event) + ": " + problems);
        }
        return event;
    }

    private static final class Interpreter {
        private final String personId;
        private final TestEvents e;
        private final int salt;
        private final List<SpecificRecord> events = new ArrayList<>();
        private final List<Integer> retractions = new ArrayList<>();
        private Instant cursor = TestEvents.T0;
        private Phase phase = Phase.OUTSIDE;
        private int stage;   // index in the ladder, as the generator believes it
        private int interviews;

        Interpreter(String personId, int salt) {
            this.personId = personId;
            this.e = new TestEvents(personId);
            this.salt = salt;
        }

        History run(List<Step> steps) {
            for (Step step : steps) {
                events.add(checked(next(step)));
            }
            return new History(personId, events);
        }

        private SpecificRecord next(Step s) {
            int i = events.size();
            String id = String.format("e%08x", mix(salt + i));
            int gapDays = s.gap() < 25 ? 0 : s.gap() < 80 ? (s.gap() - 25) / 3 + 1 : 20 + (s.gap() - 80) * 15;
            cursor = cursor.plus(Duration.ofDays(gapDays));
            Instant occurred = s.back() < 85 ? cursor : cursor.minus(Duration.ofDays(7L * (s.back() - 84)));
            Instant recorded;
            if (s.recorded() < 30) {
                recorded = occurred;
            } else if (s.recorded() < 40) {
                recorded = occurred.minus(Duration.ofHours(1));
            } else if (s.recorded() < 45) {
                recorded = occurred.minus(EventValidator.MAX_FUTURE_SKEW);
            } else if (s.recorded() < 75) {
                recorded = occurred.plus(Duration.ofHours(s.recorded() - 44));
            } else {
                recorded = occurred.plus(Duration.ofDays(3L * (s.recorded() - 74)));
            }
            if (occurred.isBefore(cursor) && recorded.isBefore(cursor)) {
                recorded = cursor.plus(Duration.ofHours(s.recorded() % 8)); // a back-dated record is recorded now
            }
            int p = s.pick();
            EventHeader h = e.header(id, occurred, recorded, SOURCES[choice(p, 4, SOURCES.length)]);

            return switch (kind(s.type())) {
                case INTERVIEW -> {
                    interviews++;
                    if (phase != Phase.EMPLOYED) {
                        phase = Phase.OUTSIDE;
                        stage = 0;
                    }
                    yield new InterviewPassed(h, ROLES[choice(p, 0, ROLES.length)], Math.min(50, interviews));
                }
                case HIRED -> {
                    int c = choice(p, 3, 10);
                    stage = c < 7 ? 1 : c - 5; // JUNIOR mostly, else ADVANCING, SENIOR, BEYOND
                    phase = Phase.EMPLOYED;
                    String stageId = LADDER.stageIds().get(stage);
                    yield new Hired(h, title(stageId), DEPARTMENTS[choice(p, 0, DEPARTMENTS.length)],
                            choice(p, 1, 4) == 0 ? null : "m-" + choice(p, 2, 9), stageId);
                }
                case PROMOTION -> {
                    int c = choice(p, 0, 10);
                    int last = LADDER.stageIds().size() - 1;
                    stage = c < 7 ? Math.max(1, Math.min(last, stage + 1)) : c < 9 ? 1 + choice(p, 2, last) : 1;
                    if (phase == Phase.OUTSIDE) {
                        phase = Phase.EMPLOYED;
                    }
                    String stageId = LADDER.stageIds().get(stage);
                    yield new Promotion(h, stageId, title(stageId),
                            choice(p, 1, 3) == 0 ? DEPARTMENTS[choice(p, 3, DEPARTMENTS.length)] : null);
                }
                case COURSE -> {
                    int c = choice(p, 0, COURSES.size() + 5);
                    // half the time, a course that builds what the current stage asks for
                    Course course = c < 5 ? COURSES.get(STAGE_COURSES[Math.min(stage, STAGE_COURSES.length - 1)][c % (stage == 3 ? 4 : 1)])
                            : COURSES.get(c - 5);
                    List<String> skills = course.skills();
                    if (choice(p, 1, 5) == 0) { // an ad-hoc course tagged with one to three skills
                        Set<String> any = new LinkedHashSet<>();
                        List<String> all = LADDER.skillIds();
                        for (int k = 0; k <= choice(p, 2, 3); k++) {
                            any.add(all.get(choice(p, 3 - k, all.size())));
                        }
                        skills = List.copyOf(any);
                        yield new CourseCompleted(h, "adhoc-" + choice(p, 2, 40), "Workshop on " + skills.get(0),
                                new ArrayList<>(skills), new BigDecimal("1.75"));
                    }
                    yield new CourseCompleted(h, course.id(), course.title(), new ArrayList<>(skills),
                            new BigDecimal(course.hours()));
                }
                case VENDOR -> new VendorRelationshipLogged(h, COUNTERPARTIES[choice(p, 0, COUNTERPARTIES.length)],
                        List.of(RelationshipKind.VENDOR, RelationshipKind.CLIENT, RelationshipKind.STAKEHOLDER)
                                .get(choice(p, 1, 3)));
                case PROJECT -> new ProjectDelivered(h, "prj-" + choice(p, 0, 50), "Program " + choice(p, 0, 50),
                        choice(p, 1, 2) == 0);
                case ASSESSED -> new SkillAssessed(h,
                        choice(p, 0, 4) < 3 ? FOCUS_SKILLS[Math.max(0, Math.min(FOCUS_SKILLS.length - 1, stage - 1))]
                                : LADDER.skillIds().get(choice(p, 1, LADDER.skillIds().size())),
                        LEVELS[choice(p, 2, LEVELS.length)], "a-" + choice(p, 3, 5));
                case TRANSFERRED -> new Transferred(h, DEPARTMENTS[choice(p, 0, DEPARTMENTS.length)],
                        choice(p, 1, 3) == 0 ? null : "m-" + choice(p, 2, 9));
                case DEPARTED -> {
                    phase = Phase.DEPARTED;
                    yield new Departed(h, choice(p, 0, 4) == 3 ? null : DEPARTURE_REASONS[choice(p, 0, 4) % 3]);
                }
                case RETRACTION -> {
                    String target;
                    if (i == 0 || choice(p, 0, 20) == 0) {
                        target = String.format("g%08x", mix(salt - 1 - i)); // never seen (yet)
                    } else if (!retractions.isEmpty() && choice(p, 1, 4) == 0) {
                        target = CareerEvents.eventId(events.get(retractions.get(choice(p, 2, retractions.size()))));
                    } else {
                        target = CareerEvents.eventId(events.get(s.target() % i));
                    }
                    retractions.add(i);
                    yield new EventRetracted(h, target, "recorded in error");
                }
            };
        }

        private Kind kind(int roll) {
            int[] weights = switch (phase) {
                case OUTSIDE -> OUTSIDE_WEIGHTS;
                case EMPLOYED -> EMPLOYED_WEIGHTS;
                case DEPARTED -> DEPARTED_WEIGHTS;
            };
            int k = 0;
            for (int acc = weights[0]; roll >= acc; acc += weights[++k]) {
                // walk the cumulative weights
            }
            return Kind.values()[k];
        }

        private static String title(String stageId) {
            return switch (stageId) {
                case "JUNIOR" -> "Technical Program Manager I";
                case "ADVANCING" -> "Technical Program Manager II";
                case "SENIOR" -> "Senior Technical Program Manager";
                case "BEYOND" -> "Principal Technical Program Manager";
                default -> "Technical Program Manager";
            };
        }

        /** The slot-th 6-bit field of the pick, reduced to 0..n-1. */
        private static int choice(int pick, int slot, int n) {
            return ((pick >>> (slot * 6)) & 63) % n;
        }
    }
}
