package io.trajectory.api.analytics;

import io.trajectory.api.AnalyticsQueries;
import io.trajectory.state.PersonSpells;
import io.trajectory.state.Spell;
import io.trajectory.state.SpellOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Promotion velocity for one transition (a stage and the next one of the ladder), per group:
 *
 * <ul>
 *   <li><b>Among those promoted</b> (the naive figures): the spells in the stage that ended in the
 *       promotion to the next stage with the promotion in [from, to); n, and the median, p75 and p90 of the days
 *       spent in the stage ({@link DurationSummary}: exact up to a size, KLL beyond).</li>
 *   <li><b>Kaplan–Meier</b>: the spells that entered the stage in [from, to), each observed until
 *       {@code to}: a promotion to the next stage before {@code to} is an event; a departure, a move
 *       to another stage (or a skip past the next one) is censored when it happened, and a spell still
 *       running at {@code to} is censored there. The median and p75 time to promotion, and the curve.</li>
 * </ul>
 * Groups: the department at entry into the stage, the hire cohort (year or quarter of the hire), or
 * the period (month or quarter) of the promotion for the naive figures and of the entry for
 * Kaplan–Meier. Every group, and the overall figures, are suppressed per {@link Suppression#line}
 * on the people counted in them.
 */
public final class PromotionVelocity {

    public enum GroupBy { DEPARTMENT, COHORT, PERIOD }

    /**
     * @param stage    the stage left
     * @param toStage  the stage entered (the next one of the ladder)
     * @param groupBy  how to group, if at all
     * @param period   periods of {@link GroupBy#PERIOD}
     * @param cohortBy cohorts of {@link GroupBy#COHORT} (year or quarter)
     * @param from     start of the window (inclusive), if any
     * @param to       end of the window (exclusive); also when ongoing spells are censored
     */
    public record Query(String stage, String toStage, Optional<GroupBy> groupBy, Periods period, Periods cohortBy,
                        Optional<Instant> from, Instant to) {
    }

    /**
     * The figures of one group, before suppression.
     *
     * @param promotedPeople people with a spell among the promoted
     * @param promoted       days in the stage of the promoted spells
     * @param observedPeople people with a spell in the Kaplan–Meier population
     * @param survival       the Kaplan–Meier estimate
     */
    public record Figures(long promotedPeople, DurationSummary promoted, long observedPeople, KaplanMeier.Estimate survival) {
    }

    /** A group: its label (null for "none": no department before a hire, no hire cohort), and its figures unless suppressed. */
    public record Group(String label, boolean suppressed, Figures figures) {
    }

    public record Report(Query query, int minGroupSize, List<Group> groups, Group overall) {
    }

    private static final String OVERALL = "\u0000overall";

    private PromotionVelocity() {
    }

    public static Report compute(AnalyticsQueries source, Query query, AnalyticsSettings settings) {
        Map<Label, Merged> merged = new HashMap<>();
        source.stageSpells(query.stage(), (partition, rows) -> {
            Map<Label, Partial> partials = new HashMap<>();
            scan(rows, query, settings, partials);
            partials.forEach((label, partial) -> merged.computeIfAbsent(label, l -> new Merged(settings.exactQuantilesMax()))
                    .add(partial));
        });
        Merged all = merged.getOrDefault(new Label(OVERALL), new Merged(settings.exactQuantilesMax()));
        List<Label> labels = merged.keySet().stream().filter(l -> !OVERALL.equals(l.value()))
                .sorted(Comparator.comparing(Label::value, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
        long[][] measures = new long[labels.size()][];
        for (int i = 0; i < labels.size(); i++) {
            Merged m = merged.get(labels.get(i));
            measures[i] = new long[] {m.promotedPeople, m.observedPeople};
        }
        Suppression.LineResult line = Suppression.line(measures, new long[] {all.promotedPeople, all.observedPeople},
                settings.minGroupSize());
        List<Group> groups = new ArrayList<>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            Merged m = merged.get(labels.get(i));
            groups.add(line.groups()[i] ? new Group(labels.get(i).value(), true, null)
                    : new Group(labels.get(i).value(), false, m.figures()));
        }
        Group overall = line.total() ? new Group(null, true, null) : new Group(null, false, all.figures());
        return new Report(query, settings.minGroupSize(), List.copyOf(groups), overall);
    }

    private static void scan(Iterator<PersonSpells> rows, Query q, AnalyticsSettings settings, Map<Label, Partial> partials) {
        while (rows.hasNext()) {
            PersonSpells person = rows.next();
            for (Spell spell : person.getSpells()) {
                if (!q.stage().equals(spell.getStage())) {
                    continue;
                }
                Instant exit = spell.getExitAt();
                if (spell.getOutcome() == SpellOutcome.PROMOTED && q.toStage().equals(spell.getToStage())
                        && within(exit, q)) {
                    double days = (exit.toEpochMilli() - spell.getEnteredAt().toEpochMilli()) / KaplanMeier.MILLIS_PER_DAY;
                    for (Label label : labels(person, spell, exit, q)) {
                        Partial p = partials.computeIfAbsent(label, l -> new Partial(settings.exactQuantilesMax()));
                        p.promotedPeople.add(person.getPersonId());
                        p.promoted.add(days);
                    }
                }
                if (within(spell.getEnteredAt(), q)) {
                    KaplanMeier.Observation observation = observe(spell, q);
                    for (Label label : labels(person, spell, spell.getEnteredAt(), q)) {
                        Partial p = partials.computeIfAbsent(label, l -> new Partial(settings.exactQuantilesMax()));
                        p.observedPeople.add(person.getPersonId());
                        p.observations.add(observation);
                    }
                }
            }
        }
    }

    /** The spell as observed at {@code to}: promoted to the next stage before then, or censored. */
    static KaplanMeier.Observation observe(Spell spell, Query q) {
        long entered = spell.getEnteredAt().toEpochMilli();
        Instant exit = spell.getExitAt();
        if (exit != null && exit.isBefore(q.to())) {
            boolean promoted = spell.getOutcome() == SpellOutcome.PROMOTED && q.toStage().equals(spell.getToStage());
            return new KaplanMeier.Observation(exit.toEpochMilli() - entered, promoted);
        }
        return new KaplanMeier.Observation(q.to().toEpochMilli() - entered, false);
    }

    private static boolean within(Instant t, Query q) {
        return t != null && t.isBefore(q.to()) && q.from().map(f -> !t.isBefore(f)).orElse(true);
    }

    /** The overall label, and the group's when grouping; {@code periodTime} places the spell in a period. */
    private static List<Label> labels(PersonSpells person, Spell spell, Instant periodTime, Query q) {
        if (q.groupBy().isEmpty()) {
            return List.of(new Label(OVERALL));
        }
        String group = switch (q.groupBy().get()) {
            case DEPARTMENT -> spell.getDepartment();
            case COHORT -> person.getHiredAt() == null ? null : q.cohortBy().label(person.getHiredAt());
            case PERIOD -> q.period().label(periodTime);
        };
        return List.of(new Label(OVERALL), new Label(group));
    }

    /** A group label, null allowed (a map key). */
    private record Label(String value) {
    }

    /** One group within one partition. */
    private static final class Partial {
        final Set<String> promotedPeople = new HashSet<>();
        final Set<String> observedPeople = new HashSet<>();
        final DurationSummary promoted;
        final List<KaplanMeier.Observation> observations = new ArrayList<>();

        Partial(int exactMax) {
            promoted = new DurationSummary(exactMax);
        }
    }

    /** One group over every partition: a person is in one partition only, so the people counts add up. */
    private static final class Merged {
        long promotedPeople;
        long observedPeople;
        final DurationSummary promoted;
        final List<KaplanMeier.Observation> observations = new ArrayList<>();

        Merged(int exactMax) {
            promoted = new DurationSummary(exactMax);
        }

        void add(Partial p) {
            promotedPeople += p.promotedPeople.size();
            observedPeople += p.observedPeople.size();
            promoted.merge(p.promoted);
            observations.addAll(p.observations);
        }

        Figures figures() {
            return new Figures(promotedPeople, promoted, observedPeople, KaplanMeier.estimate(observations));
        }
    }
}
