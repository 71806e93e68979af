package io.trajectory.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.trajectory.api.analytics.AnalyticsSettings;
import io.trajectory.api.analytics.DurationSummary;
import io.trajectory.api.analytics.KaplanMeier;
import io.trajectory.api.analytics.Periods;
import io.trajectory.api.analytics.PromotionVelocity;
import io.trajectory.api.analytics.StageDistribution;
import io.trajectory.api.analytics.Suppression;
import io.trajectory.ladder.Ladder;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * {@code GET /api/v1/analytics/promotion-velocity} and {@code GET /api/v1/analytics/stage-distribution}:
 * organization-wide figures from the analytics stores, with small groups suppressed.
 */
final class AnalyticsResource {

    static final String VELOCITY_PATH = "/api/v1/analytics/promotion-velocity";
    static final String DISTRIBUTION_PATH = "/api/v1/analytics/stage-distribution";

    private static final Set<String> VELOCITY_PARAMS = Set.of("transition", "groupBy", "period", "cohortBy", "from", "to",
            ReadContext.AFTER_PARAM);
    private static final Set<String> DISTRIBUTION_PARAMS = Set.of("department", "asOf", "period", "from", "to",
            ReadContext.AFTER_PARAM);

    private final AnalyticsQueries analytics;
    private final Ladder ladder;
    private final AnalyticsSettings settings;
    private final ObjectMapper json;
    private final Clock clock;

    AnalyticsResource(AnalyticsQueries analytics, Ladder ladder, AnalyticsSettings settings, ObjectMapper json, Clock clock) {
        this.analytics = analytics;
        this.ladder = ladder;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    // ---- promotion velocity ----

    void velocity(Context ctx) {
        List<Map<String, Object>> errors = new ArrayList<>();
        QueryParams.checkNames(ctx, VELOCITY_PARAMS, errors);
        ReadContext read = ReadContext.of(ctx, errors);
        String[] transition = transition(ctx.queryParam("transition"), errors);
        Optional<PromotionVelocity.GroupBy> groupBy = choice(ctx, "groupBy", PromotionVelocity.GroupBy.values(), errors);
        Periods period = periodOption(ctx, "period", List.of(Periods.MONTH, Periods.QUARTER), Periods.QUARTER,
                groupBy, PromotionVelocity.GroupBy.PERIOD, errors);
        Periods cohortBy = periodOption(ctx, "cohortBy", List.of(Periods.YEAR, Periods.QUARTER), Periods.YEAR,
                groupBy, PromotionVelocity.GroupBy.COHORT, errors);
        Optional<Instant> from = TimeParams.timestamp(ctx, "from", errors);
        Optional<Instant> to = TimeParams.timestamp(ctx, "to", errors);
        Instant end = to.orElseGet(clock::instant);
        checkWindow(from, end, to.isPresent() ? "to" : "to (now by default)", errors);
        QueryParams.throwIfAny(errors);

        PromotionVelocity.Query query = new PromotionVelocity.Query(transition[0], transition[1], groupBy, period, cohortBy, from, end);
        PromotionVelocity.Report report = PromotionVelocity.compute(analytics.scanning(read), query, settings);

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transition", transition[0] + "-" + transition[1]);
        body.put("fromStage", transition[0]);
        body.put("toStage", transition[1]);
        body.put("groupBy", groupBy.map(g -> g.name().toLowerCase(Locale.ROOT)).orElse(null));
        if (groupBy.equals(Optional.of(PromotionVelocity.GroupBy.PERIOD))) {
            body.put("period", period.id());
        }
        if (groupBy.equals(Optional.of(PromotionVelocity.GroupBy.COHORT))) {
            body.put("cohortBy", cohortBy.id());
        }
        body.put("from", from.map(Instant::toString).orElse(null));
        body.put("to", end.toString());
        body.put("minGroupSize", report.minGroupSize());
        body.put("quantiles", quantileMethod());
        if (groupBy.isPresent()) {
            List<Map<String, Object>> groups = new ArrayList<>();
            for (PromotionVelocity.Group g : report.groups()) {
                Map<String, Object> group = new LinkedHashMap<>();
                group.put("group", g.label());
                putFigures(group, g);
                groups.add(group);
            }
            body.put("groups", groups);
        }
        Map<String, Object> overall = new LinkedHashMap<>();
        putFigures(overall, report.overall());
        body.put("overall", overall);
        ApiJson.write(ctx, json, 200, body);
    }

    private Map<String, Object> quantileMethod() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("definition", "nearest rank: the smallest value with at least q of the group at or below it");
        m.put("exactUpTo", settings.exactQuantilesMax());
        m.put("sketch", "Apache DataSketches KLL");
        m.put("k", DurationSummary.KLL_K);
        m.put("normalizedRankError", DurationSummary.rankErrorBound());
        return m;
    }

    private static void putFigures(Map<String, Object> out, PromotionVelocity.Group g) {
        out.put("suppressed", g.suppressed());
        if (g.suppressed()) {
            return;
        }
        DurationSummary promoted = g.figures().promoted();
        Map<String, Object> naive = new LinkedHashMap<>();
        naive.put("n", promoted.count());
        naive.put("medianDays", value(promoted.quantile(50)));
        naive.put("p75Days", value(promoted.quantile(75)));
        naive.put("p90Days", value(promoted.quantile(90)));
        naive.put("method", promoted.exact() ? "exact" : "kll");
        if (!promoted.exact()) {
            naive.put("normalizedRankError", DurationSummary.rankErrorBound());
        }
        out.put("promoted", naive);

        KaplanMeier.Estimate km = g.figures().survival();
        Map<String, Object> survival = new LinkedHashMap<>();
        survival.put("n", km.n());
        survival.put("promoted", km.events());
        survival.put("censored", km.n() - km.events());
        survival.put("medianDays", value(km.quantile(50)));
        survival.put("p75Days", value(km.quantile(75)));
        survival.put("lastObservedDays", km.n() == 0 ? null : km.lastObservedDays());
        List<Map<String, Object>> curve = new ArrayList<>(km.curve().size());
        for (KaplanMeier.Point p : km.curve()) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("days", p.days());
            point.put("survival", p.survival());
            curve.add(point);
        }
        survival.put("curve", curve);
        out.put("kaplanMeier", survival);
    }

    private static Double value(OptionalDouble d) {
        return d.isPresent() ? d.getAsDouble() : null;
    }

    /** {@code STAGE-NEXT} for a stage and the next one of the ladder; null (and an error) otherwise. */
    private String[] transition(String raw, List<Map<String, Object>> errors) {
        List<String> valid = new ArrayList<>();
        String[] found = null;
        for (Ladder.Stage stage : ladder.stages()) {
            Optional<Ladder.Stage> next = ladder.next(stage.id());
            if (next.isPresent()) {
                String id = stage.id() + "-" + next.get().id();
                valid.add(id);
                if (id.equals(raw)) {
                    found = new String[] {stage.id(), next.get().id()};
                }
            }
        }
        if (raw == null) {
            errors.add(QueryParams.error("transition", "is required: a stage and the next one of ladder " + ladder.id()
                    + ", one of " + String.join(", ", valid)));
        } else if (found == null) {
            errors.add(QueryParams.error("transition", "'" + raw + "' is not a transition of ladder " + ladder.id()
                    + " (a stage and the next one); transitions: " + String.join(", ", valid)));
        }
        return found == null ? new String[] {"", ""} : found;
    }

    private static <E extends Enum<E>> Optional<E> choice(Context ctx, String name, E[] values, List<Map<String, Object>> errors) {
        String raw = ctx.queryParam(name);
        if (raw == null) {
            return Optional.empty();
        }
        for (E v : values) {
            if (v.name().toLowerCase(Locale.ROOT).equals(raw)) {
                return Optional.of(v);
            }
        }
        errors.add(QueryParams.error(name, "must be one of " + String.join(", ",
                java.util.Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toList()) + ", not '" + raw + "'"));
        return Optional.empty();
    }

    /** A period parameter that only goes with one groupBy. */
    private static Periods periodOption(Context ctx, String name, List<Periods> allowed, Periods fallback,
            Optional<PromotionVelocity.GroupBy> groupBy, PromotionVelocity.GroupBy requires, List<Map<String, Object>> errors) {
        String raw = ctx.queryParam(name);
        if (raw == null) {
            return fallback;
        }
        Optional<Periods> p = allowed.stream().filter(a -> a.id().equals(raw)).findFirst();
        if (p.isEmpty()) {
            errors.add(QueryParams.error(name, "must be one of " + String.join(", ", allowed.stream().map(Periods::id).toList())
                    + ", not '" + raw + "'"));
            return fallback;
        }
        if (!groupBy.equals(Optional.of(requires))) {
            errors.add(QueryParams.error(name, "only goes with groupBy=" + requires.name().toLowerCase(Locale.ROOT)));
        }
        return p.get();
    }

    // ---- stage distribution ----

    void distribution(Context ctx) {
        List<Map<String, Object>> errors = new ArrayList<>();
        QueryParams.checkNames(ctx, DISTRIBUTION_PARAMS, errors);
        ReadContext read = ReadContext.of(ctx, errors);
        Optional<String> department = Optional.ofNullable(ctx.queryParam("department"));
        if (department.isPresent() && department.get().isBlank()) {
            errors.add(QueryParams.error("department", "must not be empty"));
        }
        Optional<Instant> asOf = TimeParams.pointInTime(ctx, "asOf", errors);
        Periods period = Periods.QUARTER;
        String rawPeriod = ctx.queryParam("period");
        if (rawPeriod != null) {
            if (rawPeriod.equals("month") || rawPeriod.equals("quarter")) {
                period = Periods.valueOf(rawPeriod.toUpperCase(Locale.ROOT));
            } else {
                errors.add(QueryParams.error("period", "must be one of month, quarter, not '" + rawPeriod + "'"));
            }
        }
        Optional<Instant> from = TimeParams.timestamp(ctx, "from", errors);
        Optional<Instant> to = TimeParams.timestamp(ctx, "to", errors);
        Instant at = asOf.orElseGet(clock::instant);
        Instant end = to.orElse(at);
        checkWindow(from, end, to.isPresent() ? "to" : asOf.isPresent() ? "to (asOf by default)" : "to (now by default)", errors);
        if (from.isPresent() && from.get().isBefore(end)
                && StageDistribution.periodCount(period, from.get(), end) > StageDistribution.MAX_PERIODS) {
            errors.add(QueryParams.error("from", "from and to span more than " + StageDistribution.MAX_PERIODS + " "
                    + period.id() + "s; narrow the window or use a longer period"));
        }
        QueryParams.throwIfAny(errors);

        StageDistribution.Report report = StageDistribution.compute(analytics.scanning(read), ladder,
                new StageDistribution.Query(at, period, from, end), settings);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("asOf", at.toString());
        body.put("department", department.orElse(null));
        body.put("minGroupSize", report.minGroupSize());
        body.put("headcount", headcount(report, department));
        body.put("flows", flows(report, department, period));
        ApiJson.write(ctx, json, 200, body);
    }

    private static Map<String, Object> headcount(StageDistribution.Report report, Optional<String> department) {
        StageDistribution.Table t = report.headcount();
        Suppression.TableResult s = t.suppressed();
        int column = department.map(d -> t.columns().indexOf(d)).orElse(-1);
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> stages = new ArrayList<>();
        for (int r = 0; r < t.rows().size(); r++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("stage", t.rows().get(r));
            if (department.isPresent()) {
                row.putAll(column < 0 ? figure(0, false) : figure(t.cells()[r][column], s.cells()[r][column]));
            } else {
                row.put("total", figure(t.rowTotal(r), s.rowTotals()[r]));
                List<Map<String, Object>> departments = new ArrayList<>();
                for (int c = 0; c < t.columns().size(); c++) {
                    Map<String, Object> cell = new LinkedHashMap<>();
                    cell.put("department", t.columns().get(c));
                    cell.putAll(figure(t.cells()[r][c], s.cells()[r][c]));
                    departments.add(cell);
                }
                row.put("departments", departments);
            }
            stages.add(row);
        }
        out.put("stages", stages);
        if (department.isPresent()) {
            out.put("total", column < 0 ? figure(0, false) : figure(t.columnTotal(column), s.columnTotals()[column]));
        } else {
            List<Map<String, Object>> departments = new ArrayList<>();
            for (int c = 0; c < t.columns().size(); c++) {
                Map<String, Object> cell = new LinkedHashMap<>();
                cell.put("department", t.columns().get(c));
                cell.putAll(figure(t.columnTotal(c), s.columnTotals()[c]));
                departments.add(cell);
            }
            out.put("departments", departments);
            out.put("total", figure(t.grandTotal(), s.grandTotal()));
        }
        return out;
    }

    private static Map<String, Object> flows(StageDistribution.Report report, Optional<String> department, Periods period) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("period", period.id());
        out.put("from", report.flowsFrom().toString());
        out.put("to", report.query().to().toString());
        Map<String, StageDistribution.Table> tables = new LinkedHashMap<>();
        tables.put("hires", report.hires());
        tables.put("promotions", report.promotions());
        tables.put("departures", report.departures());
        List<Map<String, Object>> periods = new ArrayList<>();
        for (int r = 0; r < report.bins().size(); r++) {
            StageDistribution.Bin bin = report.bins().get(r);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("period", bin.label());
            row.put("start", bin.start().toString());
            row.put("end", bin.end().toString());
            for (Map.Entry<String, StageDistribution.Table> e : tables.entrySet()) {
                StageDistribution.Table t = e.getValue();
                if (department.isPresent()) {
                    int c = t.columns().indexOf(department.get());
                    row.put(e.getKey(), c < 0 ? figure(0, false) : figure(t.cells()[r][c], t.suppressed().cells()[r][c]));
                } else {
                    row.put(e.getKey(), figure(t.rowTotal(r), t.suppressed().rowTotals()[r]));
                }
            }
            periods.add(row);
        }
        out.put("periods", periods);
        Map<String, Object> total = new LinkedHashMap<>();
        for (Map.Entry<String, StageDistribution.Table> e : tables.entrySet()) {
            StageDistribution.Table t = e.getValue();
            if (department.isPresent()) {
                int c = t.columns().indexOf(department.get());
                total.put(e.getKey(), c < 0 ? figure(0, false) : figure(t.columnTotal(c), t.suppressed().columnTotals()[c]));
            } else {
                total.put(e.getKey(), figure(t.grandTotal(), t.suppressed().grandTotal()));
            }
        }
        out.put("total", total);
        return out;
    }

    /** A published count, or only the mark that it is withheld. */
    private static Map<String, Object> figure(long count, boolean suppressed) {
        Map<String, Object> f = new LinkedHashMap<>();
        if (!suppressed) {
            f.put("count", count);
        }
        f.put("suppressed", suppressed);
        return f;
    }

    // ---- shared ----

    private static void checkWindow(Optional<Instant> from, Instant to, String toName, List<Map<String, Object>> errors) {
        if (from.isPresent() && !from.get().isBefore(to)) {
            errors.add(QueryParams.error("from", "must be before " + toName + ": " + from.get() + " is not before " + to));
        }
    }
}
