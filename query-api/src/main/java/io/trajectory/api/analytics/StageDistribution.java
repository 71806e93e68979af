package io.trajectory.api.analytics;

import io.trajectory.api.AnalyticsQueries;
import io.trajectory.ladder.Ladder;
import io.trajectory.processor.analytics.Spells;
import io.trajectory.state.PersonSpells;
import io.trajectory.state.Spell;
import io.trajectory.state.SpellOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The stage distribution: headcount per stage and department at a date, and hires, promotions and
 * departures per period and department. Each is a two-way table with row, column and grand totals,
 * suppressed as a whole by {@link Suppression#table}, so that whichever part a response shows (the
 * organization, or one department) the same figures are withheld and no subtraction across
 * responses with and without a department recovers a withheld one.
 *
 * <ul>
 *   <li>Headcount at {@code asOf}: everyone in a spell at that time ([entry, exit)): employees, and
 *       candidates in the first stage; by their department then (none for a candidate).</li>
 *   <li>Hires: people whose (latest) hire is in the period, by the department they joined.</li>
 *   <li>Promotions: spells begun after the hire that ended in a promotion (a later stage of the ladder)
 *       in the period, by the department the person was promoted into.</li>
 *   <li>Departures: people who left in the period, by the department they left.</li>
 * </ul>
 */
public final class StageDistribution {

    /** The largest number of periods a response lists. */
    public static final int MAX_PERIODS = 400;

    /**
     * @param asOf   headcount date
     * @param period the periods of the flows
     * @param from   start of the flows (inclusive); absent: the period of the earliest hire, promotion or
     *               departure (at most {@link #MAX_PERIODS} periods before {@code to})
     * @param to     end of the flows (exclusive)
     */
    public record Query(Instant asOf, Periods period, Optional<Instant> from, Instant to) {
    }

    /** A two-way table of counts with its suppression. */
    public record Table(List<String> rows, List<String> columns, long[][] cells, Suppression.TableResult suppressed) {

        public long rowTotal(int r) {
            long sum = 0;
            for (long v : cells[r]) {
                sum += v;
            }
            return sum;
        }

        public long columnTotal(int c) {
            long sum = 0;
            for (long[] row : cells) {
                sum += row[c];
            }
            return sum;
        }

        public long grandTotal() {
            long sum = 0;
            for (int r = 0; r < cells.length; r++) {
                sum += rowTotal(r);
            }
            return sum;
        }
    }

    /** A period of the flows: its label and the part of [from, to) it covers. */
    public record Bin(String label, Instant start, Instant end) {
    }

    public record Report(Query query, Instant flowsFrom, int minGroupSize, List<String> departments, Table headcount,
                         List<Bin> bins, Table hires, Table promotions, Table departures) {
    }

    private StageDistribution() {
    }

    public static Report compute(AnalyticsQueries source, Ladder ladder, Query q, AnalyticsSettings settings) {
        Counts headcount = new Counts();
        Counts hires = new Counts();
        Counts promotions = new Counts();
        Counts departures = new Counts();
        Instant[] earliest = {null};
        source.everyonesSpells((partition, rows) -> {
            while (rows.hasNext()) {
                PersonSpells person = rows.next();
                for (Spell spell : person.getSpells()) {
                    if (Spells.covers(spell, q.asOf())) {
                        headcount.add(spell.getStage(), Spells.departmentAt(spell, q.asOf()));
                    }
                    if (spell.getOutcome() == SpellOutcome.PROMOTED && Spells.afterHire(person, spell)
                            && inFlows(spell.getExitAt(), q)) {
                        promotions.add(q.period().label(spell.getExitAt()), departmentAt(person, spell.getExitAt()));
                        earliest[0] = min(earliest[0], spell.getExitAt());
                    }
                }
                if (person.getHiredAt() != null && inFlows(person.getHiredAt(), q)) {
                    hires.add(q.period().label(person.getHiredAt()), departmentAt(person, person.getHiredAt()));
                    earliest[0] = min(earliest[0], person.getHiredAt());
                }
                List<Spell> spells = person.getSpells();
                if (person.getDepartedAt() != null && inFlows(person.getDepartedAt(), q) && !spells.isEmpty()) {
                    departures.add(q.period().label(person.getDepartedAt()), Spells.departmentAtExit(spells.get(spells.size() - 1)));
                    earliest[0] = min(earliest[0], person.getDepartedAt());
                }
            }
        });

        List<Bin> bins = bins(q, earliest[0]);
        Instant flowsFrom = bins.isEmpty() ? q.from().orElse(q.to()) : bins.get(0).start();
        TreeSet<String> departments = new TreeSet<>(Comparator.nullsLast(Comparator.naturalOrder()));
        for (Counts c : List.of(headcount, hires, promotions, departures)) {
            c.byRow.values().forEach(m -> departments.addAll(m.keySet()));
        }
        List<String> columns = new ArrayList<>(departments);
        List<String> periodLabels = bins.stream().map(Bin::label).toList();
        int k = settings.minGroupSize();
        return new Report(q, flowsFrom, k, java.util.Collections.unmodifiableList(columns),
                table(ladder.stageIds(), columns, headcount, k), List.copyOf(bins),
                table(periodLabels, columns, hires, k), table(periodLabels, columns, promotions, k),
                table(periodLabels, columns, departures, k));
    }

    private static boolean inFlows(Instant t, Query q) {
        return t != null && t.isBefore(q.to()) && q.from().map(f -> !t.isBefore(f)).orElse(true);
    }

    private static Instant min(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    /** The person's department at time t: that of the spell running then, else of the last one begun by then. */
    static String departmentAt(PersonSpells person, Instant t) {
        Spell last = null;
        for (Spell spell : person.getSpells()) {
            if (Spells.covers(spell, t)) {
                return Spells.departmentAt(spell, t);
            }
            if (!spell.getEnteredAt().isAfter(t)) {
                last = spell;
            }
        }
        return last == null ? null : Spells.departmentAt(last, t);
    }

    /** The periods of [from, to): calendar periods, the first and last cut to the window. */
    static List<Bin> bins(Query q, Instant earliest) {
        Instant from = q.from().orElseGet(() -> earliest == null ? null : q.period().start(earliest));
        if (from == null || !from.isBefore(q.to())) {
            return List.of();
        }
        List<Bin> bins = new ArrayList<>();
        for (Instant start = q.period().start(from); start.isBefore(q.to()); start = q.period().next(start)) {
            Instant next = q.period().next(start);
            bins.add(new Bin(q.period().label(start), start.isBefore(from) ? from : start, next.isAfter(q.to()) ? q.to() : next));
        }
        if (bins.size() > MAX_PERIODS) {
            // only when from was not given (the resource refuses a longer explicit window): the latest periods
            List<Bin> latest = new ArrayList<>(bins.subList(bins.size() - MAX_PERIODS, bins.size()));
            return latest;
        }
        return bins;
    }

    /** The number of periods of [from, to). */
    public static long periodCount(Periods period, Instant from, Instant to) {
        long n = 0;
        for (Instant start = period.start(from); start.isBefore(to) && n <= MAX_PERIODS; start = period.next(start)) {
            n++;
        }
        return n;
    }

    private static Table table(List<String> rows, List<String> columns, Counts counts, int k) {
        long[][] cells = new long[rows.size()][columns.size()];
        Map<String, Integer> columnIndex = new HashMap<>();
        for (int c = 0; c < columns.size(); c++) {
            columnIndex.put(columns.get(c), c);
        }
        for (int r = 0; r < rows.size(); r++) {
            Map<String, Long> row = counts.byRow.get(rows.get(r));
            if (row != null) {
                for (Map.Entry<String, Long> e : row.entrySet()) {
                    cells[r][columnIndex.get(e.getKey())] += e.getValue();
                }
            }
        }
        return new Table(List.copyOf(rows), java.util.Collections.unmodifiableList(new ArrayList<>(columns)), cells,
                Suppression.table(cells, k));
    }

    /** Counts by row label, then department (null allowed). */
    private static final class Counts {
        final Map<String, Map<String, Long>> byRow = new HashMap<>();

        void add(String row, String department) {
            byRow.computeIfAbsent(row, r -> new HashMap<>()).merge(department, 1L, Long::sum);
        }
    }
}
