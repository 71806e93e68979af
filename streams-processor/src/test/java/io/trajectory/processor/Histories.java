package io.trajectory.processor;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.quicktheories.core.Gen;

/**
 * QuickTheories generators of realistic, valid career histories on the default ladder, for the fold
 * laws.
 *
 * <p>A history is built from a list of {@link Step}s, each a handful of small ints drawn by
 * QuickTheories' own integer and list generators; a deterministic interpreter turns them into
 * events. QuickTheories shrinks what it drew, not the events: it cuts the list of steps short and
 * lowers the ints towards 0, and every shrunk list of steps is still interpreted into a valid
 * history. A step whose {@code keep} is 0 is left out (1 step in 20 at random), so shrinking can
 * also cut an event out of the middle of a history without disturbing the steps around it (an
 * event's id comes from its step's position, and a retraction counts back to its target). Towards
 * 0 every choice gets simpler: an interview, on the same day, not back-dated, recorded when it
 * happened, the first option of each pick, a retraction of the event just before.
 *
 * <p>How events reach the ledger or the topology is drawn the same way, with the step each event
 * comes from ({@link #planned}): an arrival key per event and per copy (items arrive in key order,
 * {@link #inKeyOrder}) and copy slots used with a chance drawn once per example. So a shrunk step
 * takes its arrival and its copies with it, the others keep theirs, and the keys shrink towards the
 * order of generation.
 *
 * <p>The interpreter follows a career: interviews, a hire (sometimes straight into a higher stage),
 * projects, courses tagged with ladder skills, assessments, relationships, transfers, promotions
 * (now and then a demotion), a departure and sometimes a re-hire; retractions point at an earlier
 * event of the same person, sometimes at another retraction, now and then at an id never seen.
 *
 * <p>Times are whole days at 09:00 UTC, so event times often collide; recording times are the
 * same as the event time, up to a day earlier (the clock-skew limit of the validator) or later,
 * so ties on both happen too and the eventId tie-break is exercised. Some events are back-dated:
 * they happened weeks before the events generated just before them.
 *
 * <p>The properties that use these run with a random seed (QuickTheories' default); see
 * {@link Laws} for how a failure is reported and replayed.
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

    /**
     * The raw choices one generated event is made from, each drawn by an integer generator of
     * QuickTheories; shrinking lowers them towards 0. {@code keep} 0 leaves the step out; {@code type},
     * {@code gap}, {@code back} and {@code recorded} are percent rolls (the kind of event, the days
     * since the previous one, back-dating, the recording time); {@code target} picks the event a
     * retraction names, counted back from it; the 6-bit fields of {@code pick} choose the details
     * (stage, course, skill...).
     */
    record Step(int keep, int type, int gap, int back, int recorded, int target, int pick) {
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

    /** Ints 0..19 for {@link Step#keep}: 0 (1 in 20, and where shrinking heads) leaves a step out. */
    private static final Gen<Integer> KEEP = integers().between(0, 19);
    private static final Gen<Integer> PERCENT = integers().between(0, 99);
    private static final Gen<Integer> TARGET = integers().between(0, 1000);
    private static final Gen<Integer> PICK = integers().between(0, Integer.MAX_VALUE);
    /** One step: seven ints, drawn in this order. */
    private static final Gen<Step> STEPS = in -> new Step(KEEP.generate(in), PERCENT.generate(in),
            PERCENT.generate(in), PERCENT.generate(in), PERCENT.generate(in), TARGET.generate(in), PICK.generate(in));
    /** "p-" and 1 to 8 characters of [0-9a-z]; shrinks to "p-0". */
    private static final Gen<String> PERSON_IDS = lists().of(integers().between(0, 35)).ofSizeBetween(1, 8)
            .map(digits -> {
                StringBuilder b = new StringBuilder("p-");
                digits.forEach(d -> b.append(Character.forDigit(d, 36)));
                return b.toString();
            });
    private static final Gen<Integer> SALTS = integers().all();

    /** Arrival keys: items are delivered in the order of their keys; see {@link #inKeyOrder}. */
    public static final Gen<Integer> ARRIVAL_KEYS = integers().between(0, 1_000_000);

    /** Histories of 1 to 60 events (60 steps, less those left out). */
    public static Gen<History> histories() {
        return histories(1, 60);
    }

    /** Histories of {@code minSteps} to {@code maxSteps} steps, at least one event. */
    public static Gen<History> histories(int minSteps, int maxSteps) {
        Gen<Boolean> nothing = in -> Boolean.TRUE;
        return planned(minSteps, maxSteps, nothing).map(Planned::history);
    }

    /**
     * A history and, for each of its events, a plan drawn together with the step the event came from
     * (how the event is delivered, say). A step left out takes its plan with it, so shrinking that
     * cuts an event out of the history leaves the plans of the other events as they were.
     */
    public record Planned<P>(History history, List<P> plans) {
        @Override
        public String toString() {
            return history.toString();
        }
    }

    private record Drawn<P>(Step step, P plan) {
    }

    /** Histories of {@code minSteps} to {@code maxSteps} steps, each step drawn with a plan. */
    public static <P> Gen<Planned<P>> planned(int minSteps, int maxSteps, Gen<P> plan) {
        Gen<Drawn<P>> drawn = in -> new Drawn<>(STEPS.generate(in), plan.generate(in));
        Gen<List<Drawn<P>>> steps = lists().of(drawn).ofSizeBetween(minSteps, maxSteps);
        return in -> {
            String personId = PERSON_IDS.generate(in);
            List<Drawn<P>> all = steps.generate(in);
            Interpreter interpreter = new Interpreter(personId, SALTS.generate(in));
            History h = interpreter.run(all.stream().map(Drawn::step).toList());
            return new Planned<>(h, interpreter.kept.stream().map(k -> all.get(k).plan()).toList());
        };
    }

    /**
     * 1 to {@code maxPeople} people's histories, distinct person ids. Each person is drawn with a
     * keep int like a step's: 0 (1 in 20) leaves the person out, so shrinking can drop anyone; a
     * person id drawn twice keeps its first history; there is always someone.
     */
    public static <P> Gen<List<Planned<P>>> people(int maxPeople, int maxStepsEach, Gen<P> plan) {
        Gen<Integer> counts = integers().between(1, maxPeople);
        Gen<Planned<P>> person = planned(1, maxStepsEach, plan);
        return in -> {
            int count = counts.generate(in);
            Map<String, Planned<P>> byPerson = new LinkedHashMap<>();
            for (int k = 0; k < count; k++) {
                boolean keep = KEEP.generate(in) != 0 || (k == count - 1 && byPerson.isEmpty());
                Planned<P> p = person.generate(in);
                if (keep) {
                    byPerson.putIfAbsent(p.history().personId(), p);
                }
            }
            return List.copyOf(byPerson.values());
        };
    }

    /**
     * The items in the order of their arrival keys: a uniform shuffle when the keys are drawn at
     * random, and equal keys keep the order given, so all-zero keys (where shrinking heads) deliver
     * the items in the order given. A key belongs to its item, not to a position: removing an item
     * leaves the others in the same order.
     */
    public static <T> List<T> inKeyOrder(List<T> items, List<Integer> keys) {
        if (items.size() != keys.size()) {
            throw new IllegalArgumentException(items.size() + " items, " + keys.size() + " keys");
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingInt(keys::get).thenComparingInt(i -> i));
        return order.stream().map(items::get).toList();
    }

    /** How a step's event reaches the ledger: its arrival key, and possible copies of it. */
    public record Delivery(int key, List<Copy> copies) {
    }

    /**
     * A possible copy of an event: sent when {@code roll + density >= 100} (so with probability
     * density/100, and never once shrinking has lowered the roll to 0, unless the density is 100),
     * {@code hours} later if it is re-recorded, arriving at {@code key}.
     */
    public record Copy(int roll, int hours, int key) {
        public boolean sent(int density) {
            return roll + density >= 100;
        }
    }

    /** Deliveries with {@code slots} possible copies each, re-recorded {@code minHours} to {@code maxHours} later. */
    public static Gen<Delivery> deliveries(int slots, int minHours, int maxHours) {
        Gen<Integer> hours = integers().between(minHours, maxHours);
        Gen<Copy> copy = in -> new Copy(PERCENT.generate(in), hours.generate(in), ARRIVAL_KEYS.generate(in));
        Gen<List<Copy>> copies = lists().of(copy).ofSize(slots);
        return in -> new Delivery(ARRIVAL_KEYS.generate(in), copies.generate(in));
    }

    /** Copy densities, 0 to {@code maxPercent}: the chance each copy slot is used; shrinks to 0, no copies. */
    public static Gen<Integer> densities(int maxPercent) {
        return integers().between(0, maxPercent);
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
        /** The positions of the steps that made an event, in order. */
        final List<Integer> kept = new ArrayList<>();
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
            for (int position = 0; position < steps.size(); position++) {
                boolean lastChance = position == steps.size() - 1 && events.isEmpty(); // a history has an event
                if (steps.get(position).keep() != 0 || lastChance) {
                    events.add(checked(next(steps.get(position), position)));
                    kept.add(position);
                }
            }
            return new History(personId, events);
        }

        /** The event of the step at {@code position}; its id comes from the step's position, so leaving out a step keeps the others'. */
        private SpecificRecord next(Step s, int position) {
            int i = events.size();
            String id = String.format("e%08x", mix(salt + position));
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
                        target = String.format("g%08x", mix(salt - 1 - position)); // never seen (yet)
                    } else if (!retractions.isEmpty() && choice(p, 1, 4) == 0) {
                        target = CareerEvents.eventId(events.get(retractions.get(choice(p, 2, retractions.size()))));
                    } else {
                        // counted back from here, so leaving out an event further back keeps the target
                        target = CareerEvents.eventId(events.get(i - 1 - s.target() % i));
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
