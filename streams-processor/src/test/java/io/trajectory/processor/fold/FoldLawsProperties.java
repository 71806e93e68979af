package io.trajectory.processor.fold;

import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.events.EventHeader;
import io.trajectory.events.EventRetracted;
import io.trajectory.ladder.Ladder;
import io.trajectory.processor.Histories;
import io.trajectory.processor.Histories.History;
import io.trajectory.schemas.CareerEvents;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.LedgerEntry;
import io.trajectory.state.PersonLedger;
import io.trajectory.state.PersonState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.apache.avro.specific.SpecificRecord;

/**
 * The laws of the fold (SPEC §6), checked over generated histories: idempotence, order
 * insensitivity of the ledger (its incremental and re-fold paths equal the pure fold), and
 * retraction. {@link PersonFold#foldAll} is the reference; {@link Ledger#accept} is what the
 * processor runs.
 */
class FoldLawsProperties {

    private static final Ladder LADDER = Histories.LADDER;

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

    @Provide
    Arbitrary<History> histories() {
        return Histories.histories();
    }

    /** Shuffled histories with copies of some of their events (at least one copy). */
    @Provide
    Arbitrary<Arrival> arrivalsWithRepeats() {
        return arrivals(1);
    }

    /** Shuffled histories, with copies of some of their events or none. */
    @Provide
    Arbitrary<Arrival> arrivals() {
        return arrivals(0);
    }

    private static Arbitrary<Arrival> arrivals(int minCopies) {
        return Histories.histories().flatMap(h -> Arbitraries.integers().between(0, h.size() - 1).list()
                .ofMinSize(minCopies).ofMaxSize(2 * h.size())
                .flatMap(copies -> {
                    List<SpecificRecord> all = new ArrayList<>(h.events());
                    copies.forEach(i -> all.add(Histories.copy(h.events().get(i))));
                    return Arbitraries.shuffle(all);
                })
                .map(order -> new Arrival(h, order)));
    }

    /** Shuffled histories with some events re-sent later by the HR tool: same content, later recordedAt. */
    @Provide
    Arbitrary<Arrival> arrivalsWithResentCopies() {
        return Histories.histories().flatMap(h -> Combinators.combine(
                        Arbitraries.integers().between(0, h.size() - 1), Arbitraries.integers().between(1, 24 * 90))
                .as((i, hours) -> Histories.rerecorded(h.events().get(i), Duration.ofHours(hours)))
                .list().ofMinSize(1).ofMaxSize(h.size())
                .flatMap(copies -> Arbitraries.shuffle(h.plus(copies.toArray(SpecificRecord[]::new))))
                .map(order -> new Arrival(h, order)));
    }

    @Provide
    Arbitrary<RetractionCase> retractions() {
        return Histories.histories().filter(h -> !retractable(h).isEmpty()).flatMap(h -> Combinators.combine(
                Arbitraries.of(retractable(h)), Arbitraries.integers().between(0, 3), Arbitraries.of(false, true))
                .flatAs((target, when, twice) -> {
                    EventHeader th = CareerEvents.header(target);
                    Instant at = switch (when) {
                        case 0 -> th.getOccurredAt();                        // same event time as E
                        case 1 -> th.getOccurredAt().minus(Duration.ofDays(1)); // before E
                        case 2 -> h.lastRecordedAt().plus(Duration.ofDays(1));  // after everything
                        default -> io.trajectory.processor.TestEvents.T0;    // at the start of the history
                    };
                    Instant recorded = latest(at, h.lastRecordedAt()).plus(Duration.ofHours(1));
                    EventRetracted r = Histories.retraction(h.personId(), "x-retract-1", at, recorded,
                            CareerEvents.eventId(target));
                    EventRetracted rr = twice
                            ? Histories.retraction(h.personId(), "x-retract-2", at, recorded.plusSeconds(60), "x-retract-1")
                            : null;
                    List<SpecificRecord> all = rr == null ? h.plus(r) : h.plus(r, rr);
                    return Arbitraries.shuffle(all).map(order -> new RetractionCase(h, target, r, rr, order));
                }));
    }

    /** Events of the history that are no retraction and are not retracted (or named) by one. */
    private static List<SpecificRecord> retractable(History h) {
        Set<String> named = h.retractedIds();
        return h.events().stream()
                .filter(e -> !(e instanceof EventRetracted) && !named.contains(CareerEvents.eventId(e)))
                .toList();
    }

    // ---------------------------------------------------------------- the generator itself

    @Property(tries = 1000)
    void everyGeneratedHistoryIsValidWithDistinctIdsAndExercisesTheTieBreaks(@ForAll("histories") History h) {
        Set<String> ids = new HashSet<>();
        for (SpecificRecord e : h.events()) {
            assertThat(Histories.violations(e)).as(Histories.describe(e)).isEmpty();
            assertThat(CareerEvents.personId(e)).isEqualTo(h.personId());
            assertThat(ids.add(CareerEvents.eventId(e))).as("distinct eventIds").isTrue();
            if (e instanceof EventRetracted r) {
                assertThat(ids.contains(r.getRetractedEventId()) || r.getRetractedEventId().startsWith("g"))
                        .as("a retraction names an earlier event or one never seen").isTrue();
            }
            Statistics.label("event types").collect(e.getSchema().getName());
        }
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
        boolean recordedEarlier = headers.stream().anyMatch(x -> x.getRecordedAt().isBefore(x.getOccurredAt()));
        boolean retractsRetraction = h.events().stream()
                .anyMatch(e -> e instanceof EventRetracted r && retractionIds.contains(r.getRetractedEventId()));
        boolean generationOrderIsNotFoldOrder = !h.events().stream().map(CareerEvents::header).toList().equals(headers);
        Statistics.label("same event time").collect(timeTie);
        Statistics.label("same event and recording time").collect(fullTie);
        Statistics.label("recorded before it happened").collect(recordedEarlier);
        Statistics.label("retraction of a retraction").collect(retractsRetraction);
        Statistics.label("generated out of event-time order").collect(generationOrderIsNotFoldOrder);
        Statistics.label("reaches ADVANCING on evidence").collect(
                PersonFold.foldAll(h.personId(), h.events(), LADDER).getStageHistory().stream()
                        .anyMatch(s -> s.getStage().equals("ADVANCING") && isEvidence(h, s.getCauseEventId())));

        Statistics.label("event types").coverage(c -> {
            for (String type : List.of("InterviewPassed", "Hired", "Promotion", "CourseCompleted",
                    "VendorRelationshipLogged", "ProjectDelivered", "SkillAssessed", "Transferred", "Departed",
                    "EventRetracted")) {
                c.check(type).percentage(p -> p >= 0.5);
            }
        });
        Statistics.label("same event time").coverage(c -> c.check(true).percentage(p -> p >= 30));
        Statistics.label("same event and recording time").coverage(c -> c.check(true).percentage(p -> p >= 10));
        Statistics.label("recorded before it happened").coverage(c -> c.check(true).percentage(p -> p >= 10));
        Statistics.label("retraction of a retraction").coverage(c -> c.check(true).percentage(p -> p >= 5));
        Statistics.label("generated out of event-time order").coverage(c -> c.check(true).percentage(p -> p >= 30));
        Statistics.label("reaches ADVANCING on evidence").coverage(c -> c.check(true).percentage(p -> p >= 2));
    }

    /** True when the event that caused a stage entry is no Hired or Promotion (the stage came from evidence). */
    private static boolean isEvidence(History h, String causeEventId) {
        return h.events().stream().filter(e -> CareerEvents.eventId(e).equals(causeEventId))
                .noneMatch(e -> e instanceof io.trajectory.events.Hired || e instanceof io.trajectory.events.Promotion);
    }

    // ---------------------------------------------------------------- law 1: idempotence

    @Property(tries = 1000)
    void repeatingAnyEventsAnyNumberOfTimesFoldsAsIfEachCameOnce(@ForAll("arrivalsWithRepeats") Arrival a) {
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

    @Property(tries = 1000)
    void anEventResentLaterCountsOnceAsFirstRecordedWhicheverCopyArrivesFirst(
            @ForAll("arrivalsWithResentCopies") Arrival a) {
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

    @Property(tries = 1000)
    void anyArrivalOrderIntoTheLedgerEndsInThePureFoldOfTheDistinctEvents(@ForAll("arrivals") Arrival a) {
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

    @Property(tries = 1000)
    void aRetractionUndoesExactlyTheRetractedEventWhicheverArrivesFirst(@ForAll("retractions") RetractionCase c) {
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
