package io.trajectory.api.oracle;

import io.trajectory.events.EventRetracted;
import io.trajectory.ladder.Ladder;
import io.trajectory.processor.fold.PersonFold;
import io.trajectory.schemas.CareerEvents;
import io.trajectory.state.EmploymentStatus;
import io.trajectory.state.PersonState;
import io.trajectory.state.StageEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * The analytics of an organization computed the plain way, straight from the raw events, sharing no
 * code with the analytics processor or the query engine: each person's events folded by the pure
 * fold ({@link PersonFold#foldAll}, the reference semantics), spells read off the stage history,
 * quantiles by sorting, Kaplan–Meier by counting who is at risk at each event time, and everything
 * "at a date" by folding only the events that had happened by then.
 */
public final class Oracle {

    static final double DAY = 86_400_000.0;

    private final Ladder ladder;
    /** Per person: distinct events minus retracted ones (retractions kept, as in the ledger). */
    private final Map<String, List<SpecificRecord>> kept = new LinkedHashMap<>();
    private final Map<String, PersonState> finals = new LinkedHashMap<>();

    public Oracle(Organization org, Ladder ladder) {
        this.ladder = ladder;
        org.eventsByPerson.forEach((personId, events) -> {
            Map<String, SpecificRecord> distinct = new LinkedHashMap<>();
            for (SpecificRecord e : events) {
                distinct.putIfAbsent(CareerEvents.eventId(e), e);
            }
            Set<String> retractionIds = new HashSet<>();
            for (SpecificRecord e : distinct.values()) {
                if (e instanceof EventRetracted) {
                    retractionIds.add(CareerEvents.eventId(e));
                }
            }
            Set<String> retracted = new HashSet<>();
            for (SpecificRecord e : distinct.values()) {
                if (e instanceof EventRetracted r && !retractionIds.contains(r.getRetractedEventId())) {
                    retracted.add(r.getRetractedEventId());
                }
            }
            List<SpecificRecord> k = new ArrayList<>();
            for (SpecificRecord e : distinct.values()) {
                if (!retracted.contains(CareerEvents.eventId(e))) {
                    k.add(e);
                }
            }
            kept.put(personId, k);
            finals.put(personId, PersonFold.foldAll(personId, k, ladder));
        });
    }

    public Map<String, PersonState> finals() {
        return finals;
    }

    /** The person's state as of t: the fold of their (unretracted) events that happened by t. */
    public PersonState asOf(String personId, Instant t) {
        List<SpecificRecord> happened = new ArrayList<>();
        for (SpecificRecord e : kept.get(personId)) {
            if (!CareerEvents.header(e).getOccurredAt().isAfter(t)) {
                happened.add(e);
            }
        }
        return PersonFold.foldAll(personId, happened, ladder);
    }

    // ---- spells ----

    /** A period in one stage: exit null while ongoing; next the stage entered at the exit (null if left or ongoing). */
    public record OSpell(String personId, String stage, Instant entered, Instant exit, String next, String department,
                         Instant hiredAt) {
    }

    public List<OSpell> spells(PersonState s) {
        List<StageEntry> h = s.getStageHistory();
        Instant end = s.getStatus() == EmploymentStatus.DEPARTED ? s.getDepartedAt() : null;
        List<StageEntry> entries = new ArrayList<>();
        for (StageEntry e : h) {
            if (end == null || !e.getEnteredAt().isAfter(end)) {
                entries.add(e);
            }
        }
        List<OSpell> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            StageEntry e = entries.get(i);
            boolean hasNext = i + 1 < entries.size();
            out.add(new OSpell(s.getPersonId(), e.getStage(), e.getEnteredAt(),
                    hasNext ? entries.get(i + 1).getEnteredAt() : end, hasNext ? entries.get(i + 1).getStage() : null,
                    e.getDepartment(), s.getHiredAt()));
        }
        return out;
    }

    // ---- promotion velocity ----

    /** A group's figures: people and durations among the promoted; people and observations for Kaplan–Meier. */
    public static final class Group {
        public final Set<String> promotedPeople = new HashSet<>();
        public final List<Double> promotedDays = new ArrayList<>();
        public final Set<String> observedPeople = new HashSet<>();
        public final List<long[]> observations = new ArrayList<>();
    }

    /**
     * @param groupBy "none", "department", "cohort-year", "cohort-quarter", "period-month", "period-quarter"
     * @return label ("∅" for none) → group, plus "*" for everyone
     */
    public Map<String, Group> velocity(String stage, String next, String groupBy, Instant from, Instant to) {
        Map<String, Group> groups = new TreeMap<>();
        for (PersonState s : finals.values()) {
            for (OSpell sp : spells(s)) {
                if (!sp.stage().equals(stage)) {
                    continue;
                }
                boolean promoted = next.equals(sp.next());
                if (promoted && inWindow(sp.exit(), from, to)) {
                    for (String label : new java.util.LinkedHashSet<>(List.of("*", label(groupBy, sp, sp.exit())))) {
                        Group g = groups.computeIfAbsent(label, l -> new Group());
                        g.promotedPeople.add(sp.personId());
                        g.promotedDays.add((sp.exit().toEpochMilli() - sp.entered().toEpochMilli()) / DAY);
                    }
                }
                if (inWindow(sp.entered(), from, to)) {
                    long[] observation;
                    if (sp.exit() != null && sp.exit().isBefore(to)) {
                        observation = new long[] {sp.exit().toEpochMilli() - sp.entered().toEpochMilli(), promoted ? 1 : 0};
                    } else {
                        observation = new long[] {to.toEpochMilli() - sp.entered().toEpochMilli(), 0};
                    }
                    for (String label : new java.util.LinkedHashSet<>(List.of("*", label(groupBy, sp, sp.entered())))) {
                        Group g = groups.computeIfAbsent(label, l -> new Group());
                        g.observedPeople.add(sp.personId());
                        g.observations.add(observation);
                    }
                }
            }
        }
        if (groupBy.equals("none")) {
            groups.keySet().retainAll(Set.of("*"));
        }
        return groups;
    }

    private static boolean inWindow(Instant t, Instant from, Instant to) {
        return t != null && t.isBefore(to) && (from == null || !t.isBefore(from));
    }

    private static String label(String groupBy, OSpell sp, Instant periodTime) {
        return switch (groupBy) {
            case "none" -> "*";
            case "department" -> sp.department() == null ? "∅" : sp.department();
            case "cohort-year" -> sp.hiredAt() == null ? "∅" : String.valueOf(utc(sp.hiredAt()).getYear());
            case "cohort-quarter" -> sp.hiredAt() == null ? "∅" : quarter(sp.hiredAt());
            case "period-month" -> String.format("%04d-%02d", utc(periodTime).getYear(), utc(periodTime).getMonthValue());
            case "period-quarter" -> quarter(periodTime);
            default -> throw new IllegalArgumentException(groupBy);
        };
    }

    static java.time.ZonedDateTime utc(Instant t) {
        return t.atZone(java.time.ZoneOffset.UTC);
    }

    static String quarter(Instant t) {
        return utc(t).getYear() + "-Q" + ((utc(t).getMonthValue() + 2) / 3);
    }

    /** Nearest rank: the smallest value v with at least p % of the values at or below it. */
    public static double quantile(List<Double> values, int percent) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        for (int i = 0; i < sorted.size(); i++) {
            if (i + 1 < sorted.size() && sorted.get(i + 1).equals(sorted.get(i))) {
                continue; // count every copy of a value as at or below it
            }
            long atOrBelow = i + 1;
            if (atOrBelow * 100 >= (long) percent * sorted.size()) {
                return sorted.get(i);
            }
        }
        throw new IllegalStateException("no values");
    }

    /** The Kaplan–Meier curve: (days, survival) at 0 and at each event time, counting who is at risk. */
    public static List<double[]> kaplanMeier(List<long[]> observations) {
        TreeMap<Long, Long> eventsAt = new TreeMap<>();
        for (long[] o : observations) {
            if (o[1] == 1) {
                eventsAt.merge(o[0], 1L, Long::sum);
            }
        }
        List<double[]> curve = new ArrayList<>();
        curve.add(new double[] {0.0, 1.0});
        double survival = 1.0;
        for (Map.Entry<Long, Long> e : eventsAt.entrySet()) {
            long t = e.getKey();
            long atRisk = observations.stream().filter(o -> o[0] >= t).count();
            long died = e.getValue();
            survival = survival * ((double) (atRisk - died) / atRisk);
            curve.add(new double[] {t / DAY, survival});
        }
        return curve;
    }

    /** The first time the curve is at or below 1 - p; null if never. */
    public static Double kmQuantile(List<double[]> curve, int percent) {
        for (double[] p : curve) {
            if (p[1] <= 1.0 - percent / 100.0) {
                return p[0];
            }
        }
        return null;
    }

    // ---- stage distribution ----

    /** Headcount at t: (stage, department) of everyone employed or a candidate then. */
    public Map<List<String>, Long> headcount(Instant t) {
        Map<List<String>, Long> out = new HashMap<>();
        for (String personId : finals.keySet()) {
            PersonState s = asOf(personId, t);
            if (s.getStatus() == EmploymentStatus.EMPLOYED || s.getStatus() == EmploymentStatus.CANDIDATE) {
                out.merge(java.util.Arrays.asList(s.getStage(), s.getDepartment()), 1L, Long::sum);
            }
        }
        return out;
    }

    /** One dated, departmental occurrence of a flow. */
    public record Flow(String kind, Instant at, String department) {
    }

    /** Hires, promotions (moves up the ladder after the hire, before any departure) and departures, with their departments. */
    public List<Flow> flows() {
        List<Flow> out = new ArrayList<>();
        for (PersonState s : finals.values()) {
            String personId = s.getPersonId();
            if (s.getHiredAt() != null) {
                out.add(new Flow("hires", s.getHiredAt(), asOf(personId, s.getHiredAt()).getDepartment()));
            }
            Instant end = s.getStatus() == EmploymentStatus.DEPARTED ? s.getDepartedAt() : null;
            List<StageEntry> h = s.getStageHistory();
            for (int i = 0; i + 1 < h.size(); i++) {
                StageEntry from = h.get(i);
                StageEntry to = h.get(i + 1);
                boolean up = ladder.indexOf(to.getStage()) > ladder.indexOf(from.getStage());
                boolean employee = s.getHiredAt() != null && !from.getEnteredAt().isBefore(s.getHiredAt());
                boolean beforeLeaving = end == null || !to.getEnteredAt().isAfter(end);
                if (up && employee && beforeLeaving) {
                    out.add(new Flow("promotions", to.getEnteredAt(), asOf(personId, to.getEnteredAt()).getDepartment()));
                }
            }
            if (end != null) {
                out.add(new Flow("departures", end, asOf(personId, end.minusMillis(1)).getDepartment()));
            }
        }
        return out;
    }
}
