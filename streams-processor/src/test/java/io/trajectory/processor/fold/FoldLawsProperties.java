package io.trajectory.processor.fold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import io.trajectory.events.EventHeader;
import io.trajectory.events.EventRetracted;
import io.trajectory.events.Hired;
import io.trajectory.events.Promotion;
import io.trajectory.ladder.Ladder;
import io.trajectory.processor.Histories;
import io.trajectory.processor.Histories.Copy;
import io.trajectory.processor.Histories.Delivery;
import io.trajectory.processor.Histories.History;
import io.trajectory.processor.Histories.Planned;
import io.trajectory.processor.Laws;
import io.trajectory.processor.TestEvents;
import io.trajectory.schemas.CareerEvents;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.LedgerEntry;
import io.trajectory.state.PersonLedger;
import io.trajectory.state.PersonState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The laws of the fold (SPEC §6), checked over generated histories: idempotence, order
 * insensitivity of the ledger (its incremental and re-fold paths equal the pure fold), and
 * retraction. {@link PersonFold#foldAll} is the reference; {@link Ledger#accept} is what the
 * processor runs.
 *
 * <p>Each law is a JUnit test that runs QuickTheories on 1000 generated values (see {@link Histories}
 * for the histories and {@link Histories#inKeyOrder} for arrival orders). The seed is random on every
 * run; a failure shows the shrunk counterexample and {@code Seed was N}. To replay it, run the law
 * with {@code Laws.check(qt().withFixedSeed(N), ...)} (import {@code org.quicktheories.QuickTheory.qt}),
 * or run just that test with {@code -DQT_SEED=N} (see {@link Laws}). The coverage of the generator
 * is checked on a fixed-seed sample, so it is the same on every run.
 */
class FoldLawsProperties {

    private static final Ladder LADDER = Histories.LADDER;
    private static final int EXAMPLES = 1000;
    /** Runs spent shrinking a failure (each is one run of the law on a smaller value). */
    private static final int SHRINK_CYCLES = 10_000;
    /** The seed of the sample the generator's coverage is measured on. */
    private static final long COVERAGE_SEED = 0x7a1ec70L;

    /** A history and the order in which its events, and copies of them, reach the ledger. */
    record Arrival(History history, List<SpecificRecord> order) {
        @Override
        public String toString() {
            return history + "\narrival: " + order.stream().map(CareerEvents::eventId).toList();
        }
    }

    /** A history, an event E of it, and a retraction of E (plus, sometimes, a retraction of that). */
    record RetractionCase(History history, SpecificRecord target, EventRetracted retraction,
            EventRetracted retractionOfRetraction, List<SpecificRecord> arrival) {
        @Override
        public String toString() {
            return history + "\ntarget " + CareerEvents.eventId(target) + "\n" + Histories.describe(retraction)
                    + (retractionOfRetraction == null ? "" : "\n" + Histories.describe(retractionOfRetraction))
                    + "\narrival: " + arrival.stream().map(CareerEvents::eventId).toList();
        }
    }

    // ---------------------------------------------------------------- generators

    /**
     * Shuffled histories with copies of some of their events: each event has two copy slots, each
     * used with a chance (the density) drawn once for the whole arrival, 0 to 100%, so the number of
     * copies is about uniform from none to twice the history; at least {@code minCopies} (when the
     * slots give none, the first event is copied). Every event and copy has its own arrival key.
     */
    static Gen<Arrival> arrivals(int minCopies) {
        Gen<Integer> densities = Histories.densities(100);
        Gen<Planned<Delivery>> histories = Histories.planned(1, 60, Histories.deliveries(2, 0, 0));
        return in -> {
            int density = densities.generate(in);
            Planned<Delivery> p = histories.generate(in);
            return deliver(p, density, minCopies, (e, copy) -> Histories.copy(e));
        };
    }

    /**
     * Shuffled histories with some events re-sent later by the HR tool: same content, recordedAt
     * 1 h to 90 days later. Two slots per event, each used with a chance of 0 to 50%: about
     * uniform from none to the size of the history (rarely more), at least one.
     */
    static Gen<Arrival> arrivalsWithResentCopies() {
        Gen<Integer> densities = Histories.densities(50);
        Gen<Planned<Delivery>> histories = Histories.planned(1, 60, Histories.deliveries(2, 1, 24 * 90));
        return in -> {
            int density = densities.generate(in);
            Planned<Delivery> p = histories.generate(in);
            return deliver(p, density, 1, (e, copy) -> Histories.rerecorded(e, Duration.ofHours(copy.hours())));
        };
    }

    /** The events of the history and the copies their deliveries send, in the order of their arrival keys. */
    private static Arrival deliver(Planned<Delivery> p, int density, int minCopies,
            BiFunction<SpecificRecord, Copy, SpecificRecord> copyOf) {
        History h = p.history();
        List<SpecificRecord> items = new ArrayList<>(h.events());
        List<Integer> keys = new ArrayList<>(p.plans().stream().map(Delivery::key).toList());
        for (int i = 0; i < h.size(); i++) {
            for (Copy copy : p.plans().get(i).copies()) {
                if (copy.sent(density)) {
                    items.add(copyOf.apply(h.events().get(i), copy));
                    keys.add(copy.key());
                }
            }
        }
        if (items.size() - h.size() < minCopies) {
            Copy first = p.plans().get(0).copies().get(0);
            items.add(copyOf.apply(h.events().get(0), first));
            keys.add(first.key());
        }
        return new Arrival(h, Histories.inKeyOrder(items, keys));
    }

    /**
     * A history with an event E to retract, the retraction (at one of four times), maybe its
     * retraction, all in the order of their arrival keys. E is counted back from the last event
     * that can be retracted, so leaving out other events keeps it.
     */
    static Gen<RetractionCase> retractions() {
        Gen<Planned<Integer>> histories = Histories.planned(1, 60, Histories.ARRIVAL_KEYS)
                .assuming(p -> !retractable(p.history()).isEmpty());
        Gen<Integer> targets = integers().between(0, 999_999);
        Gen<Integer> whens = integers().between(0, 3);
        Gen<Integer> twices = integers().between(0, 1);
        return in -> {
            int t = targets.generate(in);
            int when = whens.generate(in);
            boolean twice = twices.generate(in) == 1;
            int key = Histories.ARRIVAL_KEYS.generate(in);
            int secondKey = Histories.ARRIVAL_KEYS.generate(in);
            Planned<Integer> p = histories.generate(in);
            History h = p.history();
            List<SpecificRecord> candidates = retractable(h);
            SpecificRecord target = candidates.get(candidates.size() - 1 - t % candidates.size());
            EventHeader th = CareerEvents.header(target);
            Instant at = switch (when) {
                case 0 -> th.getOccurredAt();                           // same event time as E
                case 1 -> th.getOccurredAt().minus(Duration.ofDays(1)); // before E
                case 2 -> h.lastRecordedAt().plus(Duration.ofDays(1));  // after everything
                default -> TestEvents.T0;                               // at the start of the history
            };
            Instant recorded = latest(at, h.lastRecordedAt()).plus(Duration.ofHours(1));
            EventRetracted r = Histories.retraction(h.personId(), "x-retract-1", at, recorded,
                    CareerEvents.eventId(target));
            EventRetracted rr = twice
                    ? Histories.retraction(h.personId(), "x-retract-2", at, recorded.plusSeconds(60), "x-retract-1")
                    : null;
            List<SpecificRecord> all = rr == null ? h.plus(r) : h.plus(r, rr);
            List<Integer> keys = new ArrayList<>(p.plans());
            keys.add(key);
            if (rr != null) {
                keys.add(secondKey);
            }
            return new RetractionCase(h, target, r, rr, Histories.inKeyOrder(all, keys));
        };
    }

    /** Events of the history that are no retraction and are not retracted (or named) by one. */
    private static List<SpecificRecord> retractable(History h) {
        Set<String> named = h.retractedIds();
        return h.events().stream()
                .filter(e -> !(e instanceof EventRetracted) && !named.contains(CareerEvents.eventId(e)))
                .toList();
    }

    // ---------------------------------------------------------------- the generator itself

    @Test
    void everyGeneratedHistoryIsValidWithDistinctIdsAndRetractionsOfKnownEvents() {
        Laws.check(EXAMPLES, SHRINK_CYCLES, Histories.histories(), h -> {
            Set<String> ids = new HashSet<>();
            for (SpecificRecord e : h.events()) {
                assertThat(Histories.violations(e)).as(Histories.describe(e)).isEmpty();
                assertThat(CareerEvents.personId(e)).isEqualTo(h.personId());
                assertThat(ids.add(CareerEvents.eventId(e))).as("distinct eventIds").isTrue();
                if (e instanceof EventRetracted r) {
                    assertThat(ids.contains(r.getRetractedEventId()) || r.getRetractedEventId().startsWith("g"))
                            .as("a retraction names an earlier event or one never seen").isTrue();
                }
            }
            assertThat(h.size()).isBetween(1, 60);
        });
    }

    /**
     * The tricky cases actually occur: every event type, ties on event time and on both times,
     * recording before the event time, retractions of retractions, histories generated out of
     * event-time order, stages reached on evidence. Measured on a fixed-seed sample of 1000 histories
     * (the same every run), against the bounds the generator was tuned to.
     */
    @Test
    void theGeneratorCoversTheTrickyCases() {
        Map<String, Integer> types = new TreeMap<>();
        Map<String, Integer> cases = new LinkedHashMap<>();
        int[] histories = {0};
        int[] events = {0};
        Laws.check(qt().withFixedSeed(COVERAGE_SEED), EXAMPLES, 0, Histories.histories(), h -> {
            histories[0]++;
            for (SpecificRecord e : h.events()) {
                events[0]++;
                types.merge(e.getSchema().getName(), 1, Integer::sum);
            }
            trickyCases(h).forEach((name, present) -> count(cases, name, present));
        });

        String table = "event types " + types + " of " + events[0] + " events; cases " + cases + " of "
                + histories[0] + " histories";
        for (String type : List.of("InterviewPassed", "Hired", "Promotion", "CourseCompleted",
                "VendorRelationshipLogged", "ProjectDelivered", "SkillAssessed", "Transferred", "Departed",
                "EventRetracted")) {
            assertThat(percent(types.getOrDefault(type, 0), events[0])).as("%% %s; %s", type, table)
                    .isGreaterThanOrEqualTo(0.5);
        }
        Map<String, Double> atLeast = Map.of(
                "same event time", 30.0,
                "same event and recording time", 10.0,
                "recorded before it happened", 10.0,
                "retraction of a retraction", 5.0,
                "generated out of event-time order", 30.0,
                "reaches ADVANCING on evidence", 2.0);
        atLeast.forEach((name, bound) -> assertThat(percent(cases.get(name), histories[0]))
                .as("%% of histories with %s; %s", name, table).isGreaterThanOrEqualTo(bound));
    }

    /**
     * The arrivals cover the tricky orders too: no copies at all, more copies than events, a re-sent
     * copy (recorded later) arriving before the first recording, an event re-sent twice, a
     * retraction arriving before the event it retracts, a retraction of the retraction, arriving
     * first. Fixed-seed samples of 1000 of each generator, against about half the rates measured.
     */
    @Test
    void theArrivalsCoverTheTrickyOrders() {
        Map<String, Integer> cases = new LinkedHashMap<>();
        Laws.check(qt().withFixedSeed(COVERAGE_SEED), EXAMPLES, 0, arrivals(0), a -> {
            int copies = a.order().size() - a.history().size();
            count(cases, "no copies", copies == 0);
            count(cases, "more copies than events", copies > a.history().size());
        });
        Laws.check(qt().withFixedSeed(COVERAGE_SEED), EXAMPLES, 0, arrivalsWithResentCopies(), a -> {
            count(cases, "a re-sent copy before the first recording", laterRecordingFirst(a.order()));
            count(cases, "an event re-sent twice", a.order().stream()
                    .collect(Collectors.groupingBy(CareerEvents::eventId, Collectors.counting())).containsValue(3L));
        });
        Laws.check(qt().withFixedSeed(COVERAGE_SEED), EXAMPLES, 0, retractions(), c -> {
            List<String> ids = c.arrival().stream().map(CareerEvents::eventId).toList();
            count(cases, "a retraction before its target",
                    ids.indexOf("x-retract-1") < ids.indexOf(CareerEvents.eventId(c.target())));
            count(cases, "a retraction of the retraction", c.retractionOfRetraction() != null);
            count(cases, "the retraction of the retraction first",
                    c.retractionOfRetraction() != null && ids.indexOf("x-retract-2") < ids.indexOf("x-retract-1"));
        });

        Map<String, Double> atLeast = Map.of(
                "no copies", 1.5,
                "more copies than events", 25.0,
                "a re-sent copy before the first recording", 45.0,
                "an event re-sent twice", 30.0,
                "a retraction before its target", 25.0,
                "a retraction of the retraction", 25.0,
                "the retraction of the retraction first", 12.0);
        atLeast.forEach((name, bound) -> assertThat(percent(cases.get(name), EXAMPLES))
                .as("%% of arrivals with %s; %s", name, cases).isGreaterThanOrEqualTo(bound));
    }

    private static void count(Map<String, Integer> cases, String name, boolean present) {
        cases.merge(name, present ? 1 : 0, Integer::sum);
    }

    /** True when a copy of an event arrives after another copy of it that was recorded later. */
    private static boolean laterRecordingFirst(List<SpecificRecord> order) {
        Map<String, Instant> firstArrived = new HashMap<>();
        for (SpecificRecord e : order) {
            Instant recorded = CareerEvents.header(e).getRecordedAt();
            Instant earlier = firstArrived.putIfAbsent(CareerEvents.eventId(e), recorded);
            if (earlier != null && recorded.isBefore(earlier)) {
                return true;
            }
        }
        return false;
    }

    /** Which of the tricky cases the history has. */
    private static Map<String, Boolean> trickyCases(History h) {
        Set<String> retractionIds = new HashSet<>();
        h.events().stream().filter(e -> e instanceof EventRetracted).forEach(e -> retractionIds.add(CareerEvents.eventId(e)));
        List<EventHeader> headers = h.events().stream().map(CareerEvents::header).sorted(FoldOrder.HEADERS).toList();
        boolean timeTie = false;
        boolean fullTie = false;
        for (int i = 1; i < headers.size(); i++) {
            boolean sameTime = headers.get(i).getOccurredAt().equals(headers.get(i - 1).getOccurredAt());
            timeTie |= sameTime;
            fullTie |= sameTime && headers.get(i).getRecordedAt().equals(headers.get(i - 1).getRecordedAt());
        }
        Map<String, Boolean> cases = new LinkedHashMap<>();
        cases.put("same event time", timeTie);
        cases.put("same event and recording time", fullTie);
        cases.put("recorded before it happened", headers.stream().anyMatch(x -> x.getRecordedAt().isBefore(x.getOccurredAt())));
        cases.put("retraction of a retraction", h.events().stream()
                .anyMatch(e -> e instanceof EventRetracted r && retractionIds.contains(r.getRetractedEventId())));
        cases.put("generated out of event-time order", !h.events().stream().map(CareerEvents::header).toList().equals(headers));
        cases.put("reaches ADVANCING on evidence", PersonFold.foldAll(h.personId(), h.events(), LADDER).getStageHistory()
                .stream().anyMatch(s -> s.getStage().equals("ADVANCING") && isEvidence(h, s.getCauseEventId())));
        return cases;
    }

    private static double percent(int count, int of) {
        return 100.0 * count / of;
    }

    /** True when the event that caused a stage entry is no Hired or Promotion (the stage came from evidence). */
    private static boolean isEvidence(History h, String causeEventId) {
        return h.events().stream().filter(e -> CareerEvents.eventId(e).equals(causeEventId))
                .noneMatch(e -> e instanceof Hired || e instanceof Promotion);
    }

    // ---------------------------------------------------------------- law 1: idempotence

    /** Shuffled histories with copies of some of their events (at least one copy). */
    @Test
    void repeatingAnyEventsAnyNumberOfTimesFoldsAsIfEachCameOnce() {
        Laws.check(EXAMPLES, SHRINK_CYCLES, arrivals(1), FoldLawsProperties::repeatsFoldOnce);
    }

    private static void repeatsFoldOnce(Arrival a) {
        History h = a.history();
        assertThat(PersonFold.foldAll(h.personId(), a.order(), LADDER))
                .isEqualTo(PersonFold.foldAll(h.personId(), h.events(), LADDER));

        List<SpecificRecord> once = firstOccurrences(a.order());
        Fed repeated = feed(a.order());
        Fed single = feed(once);
        assertThat(repeated.ledger()).isEqualTo(single.ledger());
        assertThat(repeated.duplicates()).isEqualTo(a.order().size() - once.size());
        assertThat(repeated.conflicts()).isZero();
    }

    @Test
    void anEventResentLaterCountsOnceAsFirstRecordedWhicheverCopyArrivesFirst() {
        Laws.check(EXAMPLES, SHRINK_CYCLES, arrivalsWithResentCopies(), FoldLawsProperties::resentCountsOnce);
    }

    private static void resentCountsOnce(Arrival a) {
        History h = a.history();
        PersonState expected = PersonFold.foldAll(h.personId(), h.events(), LADDER);
        assertThat(PersonFold.foldAll(h.personId(), a.order(), LADDER)).isEqualTo(expected);

        Fed fed = feed(a.order());
        assertThat(fed.conflicts()).as("a re-sent copy is no conflict").isZero();
        assertThat(fed.ledger().getState()).isEqualTo(expected);
        assertThat(fed.ledger().getEvents()).extracting(LedgerEntry::getRecordedAt).containsExactlyElementsOf(
                h.events().stream().map(CareerEvents::header).sorted(FoldOrder.HEADERS).map(EventHeader::getRecordedAt)
                        .toList());
    }

    // ---------------------------------------------------------------- law 2: order insensitivity

    /** Shuffled histories, with copies of some of their events or none. */
    @Test
    void anyArrivalOrderIntoTheLedgerEndsInThePureFoldOfTheDistinctEvents() {
        Laws.check(EXAMPLES, SHRINK_CYCLES, arrivals(0), FoldLawsProperties::anyOrderEndsInThePureFold);
    }

    private static void anyOrderEndsInThePureFold(Arrival a) {
        History h = a.history();
        PersonLedger ledger = null;
        List<SpecificRecord> seen = new ArrayList<>();
        for (SpecificRecord event : a.order()) {
            Ledger.Outcome outcome = Ledger.accept(ledger, event, Codecs.events().encode(event), LADDER);
            assertThat(outcome).isNotInstanceOf(Ledger.Outcome.Conflict.class);
            if (outcome instanceof Ledger.Outcome.Accepted accepted) {
                ledger = accepted.ledger();
                seen.add(event);
                // what the processor publishes after every record is the fold of what it has seen
                assertThat(ledger.getState()).as("after %s", CareerEvents.eventId(event))
                        .isEqualTo(PersonFold.foldAll(h.personId(), seen, LADDER));
            }
        }
        assertThat(ledger.getState()).isEqualTo(PersonFold.foldAll(h.personId(), h.events(), LADDER));
        assertThat(ledger.getEvents()).extracting(LedgerEntry::getEventId).containsExactlyElementsOf(
                h.events().stream().map(CareerEvents::header).sorted(FoldOrder.HEADERS).map(EventHeader::getEventId)
                        .toList());
        assertThat(Ledger.refold(h.personId(), ledger.getEvents(), LADDER)).isEqualTo(ledger.getState());
    }

    // ---------------------------------------------------------------- law 3: retraction

    @Test
    void aRetractionUndoesExactlyTheRetractedEventWhicheverArrivesFirst() {
        Laws.check(EXAMPLES, SHRINK_CYCLES, retractions(), FoldLawsProperties::retractionUndoesTheTarget);
    }

    private static void retractionUndoesTheTarget(RetractionCase c) {
        History h = c.history();
        String personId = h.personId();
        String targetId = CareerEvents.eventId(c.target());
        List<SpecificRecord> withRetraction = c.retractionOfRetraction() == null
                ? h.plus(c.retraction()) : h.plus(c.retraction(), c.retractionOfRetraction());
        PersonState expected = PersonFold.foldAll(personId, withRetraction, LADDER);

        if (c.retractionOfRetraction() == null) {
            // the history plus a retraction of E is the history without E (plus a retraction of nothing)
            List<SpecificRecord> withoutTarget = new ArrayList<>(h.without(targetId));
            withoutTarget.add(c.retraction());
            assertThat(expected).isEqualTo(PersonFold.foldAll(personId, withoutTarget, LADDER));
        }
        // ... and, but for the bookkeeping of the retraction events themselves, the history without E
        assertThat(careerView(expected)).isEqualTo(careerView(PersonFold.foldAll(personId, h.without(targetId), LADDER)));

        // the ledger agrees, whether the retraction arrives first, last or anywhere
        List<SpecificRecord> retractionFirst = new ArrayList<>(withRetraction.subList(h.size(), withRetraction.size()));
        retractionFirst.addAll(h.events());
        assertThat(feed(retractionFirst).ledger().getState()).as("retraction first").isEqualTo(expected);
        assertThat(feed(withRetraction).ledger().getState()).as("retraction last").isEqualTo(expected);
        assertThat(feed(c.arrival()).ledger().getState()).as("shuffled").isEqualTo(expected);
    }

    // ---------------------------------------------------------------- helpers

    /** The state without the bookkeeping that every folded event (a retraction too) updates. */
    static PersonState careerView(PersonState s) {
        PersonState c = PersonState.newBuilder(s).build();
        c.setEventCount(0);
        c.setLastEventId(null);
        c.setLastOccurredAt(null);
        c.setLastRecordedAt(null);
        return c;
    }

    record Fed(PersonLedger ledger, int duplicates, int conflicts) {
    }

    /** Feeds events one at a time into the ledger, as the processor does. */
    static Fed feed(List<SpecificRecord> arrival) {
        PersonLedger ledger = null;
        int duplicates = 0;
        int conflicts = 0;
        for (SpecificRecord event : arrival) {
            Ledger.Outcome outcome = Ledger.accept(ledger, event, Codecs.events().encode(event), LADDER);
            if (outcome instanceof Ledger.Outcome.Accepted accepted) {
                ledger = accepted.ledger();
            } else if (outcome instanceof Ledger.Outcome.Duplicate) {
                duplicates++;
            } else {
                conflicts++;
            }
        }
        return new Fed(ledger, duplicates, conflicts);
    }

    private static List<SpecificRecord> firstOccurrences(List<SpecificRecord> events) {
        Set<String> ids = new HashSet<>();
        return events.stream().filter(e -> ids.add(CareerEvents.eventId(e))).toList();
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
