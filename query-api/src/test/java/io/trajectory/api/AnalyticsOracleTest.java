package io.trajectory.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trajectory.api.analytics.AnalyticsSettings;
import io.trajectory.api.analytics.DurationSummary;
import io.trajectory.api.analytics.Suppression;
import io.trajectory.api.oracle.Oracle;
import io.trajectory.api.oracle.Organization;
import io.trajectory.api.oracle.PartitionedTopology;
import io.trajectory.producer.cloudevents.CloudEventMapper;
import io.trajectory.validation.EventValidator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The correctness oracle: a generated organization of 10,000 people over eight years (late records,
 * retractions, re-sent events) goes through the real topology, one {@code TopologyTestDriver} per
 * partition; both analytics endpoints answer over HTTP from the stores of every partition; and
 * {@link Oracle} computes the same figures from the raw events its own plain way. Counts must be
 * equal, quantiles exact where the response says exact and within the KLL rank-error bound where it
 * says kll, Kaplan–Meier equal to the last bit, and the same groups withheld.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class AnalyticsOracleTest {

    private static final int PEOPLE = 10_000;
    private static final long SEED = 20_240_601L;
    private static final int PARTITIONS = 6;
    private static final int K = 5;
    /** Low enough that large groups go through the sketch, high enough that small ones stay exact. */
    private static final int EXACT_MAX = 300;
    private static final Instant END = Organization.END;
    private static final String NONE = "∅";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Organization org;
    private PartitionedTopology topology;
    private Oracle oracle;
    private ApiServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    /** The analytics are asked with an analyst's key, as HR analysts would. */
    private final io.trajectory.api.auth.ApiAuth auth = io.trajectory.api.auth.ApiAuth.inMemory(Clock.systemUTC());
    private final String analystKey = auth.keys().issue(io.trajectory.api.auth.Role.ANALYST, java.util.Optional.empty(),
            java.util.Optional.of("oracle")).token();
    private final Map<String, Long> stats = new LinkedHashMap<>();
    private double maxRankError;
    private double maxDaysError;
    private long feedMillis;
    private long generateMillis;
    private long oracleMillis;

    @BeforeAll
    void setUp() {
        long t0 = System.nanoTime();
        org = Organization.generate(PEOPLE, SEED);
        generateMillis = (System.nanoTime() - t0) / 1_000_000;
        t0 = System.nanoTime();
        topology = new PartitionedTopology(PARTITIONS);
        topology.sendAll(org.arrivals);
        feedMillis = (System.nanoTime() - t0) / 1_000_000;
        t0 = System.nanoTime();
        oracle = new Oracle(org, Organization.LADDER);
        oracleMillis = (System.nanoTime() - t0) / 1_000_000;
        server = ApiServer.start(new ApiSettings("127.0.0.1", 0, 1 << 20, Duration.ofSeconds(1)), new FakePersonQueries(),
                topology, new AnalyticsSettings(K, EXACT_MAX), new FakeEventSink(),
                new CloudEventMapper(new EventValidator(Organization.LADDER), Clock.fixed(END, ZoneOffset.UTC)),
                new FakeReadiness(), Organization.LADDER, io.trajectory.api.metrics.ApiMetrics.create(), auth);
    }

    @AfterAll
    void tearDown() {
        if (server != null) {
            server.close();
        }
        if (topology != null) {
            topology.close();
        }
        System.out.printf("analytics oracle: %d people, %d events (%d late, %d retractions, %d re-sent), generated in %d ms, %d records fed in %d ms, oracle folds in %d ms;"
                        + " %s; largest KLL normalized rank error %.5f (bound %.5f), largest quantile difference %.3f days%n",
                PEOPLE, org == null ? 0 : org.eventCount(), org == null ? 0 : org.lateEvents, org == null ? 0 : org.retractions,
                org == null ? 0 : org.resent, generateMillis, org == null ? 0 : org.arrivals.size(), feedMillis, oracleMillis, stats, maxRankError,
                DurationSummary.rankErrorBound(), maxDaysError);
    }

    private void count(String what, long n) {
        stats.merge(what, n, Long::sum);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .header("Authorization", "Bearer " + analystKey).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " → " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void shouldFoldEveryRecordWithoutADeadLetterAndKeepEveryPerson() {
        long people = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            people += topology.people(p);
        }
        assertThat(topology.deadLettered()).isZero();
        assertThat(people).isEqualTo(PEOPLE);
        assertThat(org.lateEvents).isGreaterThan(5_000);
        assertThat(org.retractions).isGreaterThan(500);
        assertThat(org.resent).isGreaterThan(1_000);
    }

    // ---- promotion velocity ----

    @Test
    void shouldMatchTheOraclesPromotionVelocityForEveryTransitionGroupingAndWindow() throws Exception {
        List<String[]> transitions = List.of(new String[] {"CANDIDATE", "JUNIOR"}, new String[] {"JUNIOR", "ADVANCING"},
                new String[] {"ADVANCING", "SENIOR"}, new String[] {"SENIOR", "BEYOND"});
        Map<String, String> groupings = new LinkedHashMap<>();
        groupings.put("none", "");
        groupings.put("department", "&groupBy=department");
        groupings.put("cohort-year", "&groupBy=cohort&cohortBy=year");
        groupings.put("cohort-quarter", "&groupBy=cohort&cohortBy=quarter");
        groupings.put("period-month", "&groupBy=period&period=month");
        groupings.put("period-quarter", "&groupBy=period");
        List<Instant[]> windows = List.of(new Instant[] {null, END},
                new Instant[] {Instant.parse("2019-01-01T00:00:00Z"), Instant.parse("2021-01-01T00:00:00Z")});
        for (String[] t : transitions) {
            for (Map.Entry<String, String> grouping : groupings.entrySet()) {
                for (Instant[] w : windows) {
                    String path = "/api/v1/analytics/promotion-velocity?transition=" + t[0] + "-" + t[1] + grouping.getValue()
                            + (w[0] == null ? "" : "&from=" + w[0]) + "&to=" + w[1];
                    compareVelocity(path, get(path), oracle.velocity(t[0], t[1], grouping.getKey(), w[0], w[1]),
                            !grouping.getKey().equals("none"));
                    count("velocity queries", 1);
                }
            }
        }
        assertThat(stats.get("quantiles exact")).isGreaterThan(100);
        assertThat(stats.get("quantiles from KLL")).as("large groups went through the sketch").isGreaterThan(20);
        assertThat(stats.get("groups withheld")).as("small groups exist and are withheld").isGreaterThan(20);
        assertThat(stats.get("Kaplan-Meier curves")).isGreaterThan(200);
        assertThat(maxRankError).isLessThanOrEqualTo(DurationSummary.rankErrorBound());
    }

    private void compareVelocity(String path, JsonNode body, Map<String, Oracle.Group> expected, boolean grouped) {
        Oracle.Group everyone = expected.getOrDefault("*", new Oracle.Group());
        List<String> labels = new ArrayList<>(expected.keySet());
        labels.remove("*");
        labels.sort(Comparator.comparing((String l) -> l.equals(NONE) ? null : l, Comparator.nullsLast(Comparator.naturalOrder())));
        if (grouped) {
            List<String> actual = new ArrayList<>();
            body.get("groups").forEach(g -> actual.add(g.get("group").isNull() ? NONE : g.get("group").asText()));
            assertThat(actual).as(path).containsExactlyElementsOf(labels);
        } else {
            assertThat(body.has("groups")).isFalse();
        }
        long[][] measures = new long[labels.size()][];
        for (int i = 0; i < labels.size(); i++) {
            Oracle.Group g = expected.get(labels.get(i));
            measures[i] = new long[] {g.promotedPeople.size(), g.observedPeople.size()};
        }
        Suppression.LineResult line = Suppression.line(measures,
                new long[] {everyone.promotedPeople.size(), everyone.observedPeople.size()}, K);
        for (int i = 0; i < labels.size(); i++) {
            JsonNode group = body.get("groups").get(i);
            assertThat(group.get("suppressed").asBoolean()).as(path + " group " + labels.get(i)).isEqualTo(line.groups()[i]);
            compareGroup(path + " group " + labels.get(i), group, expected.get(labels.get(i)));
        }
        assertThat(body.get("overall").get("suppressed").asBoolean()).as(path + " overall").isEqualTo(line.total());
        compareGroup(path + " overall", body.get("overall"), everyone);
    }

    private void compareGroup(String what, JsonNode group, Oracle.Group expected) {
        if (group.get("suppressed").asBoolean()) {
            assertThat(group.size()).as(what + ": a withheld group has no figures").isLessThanOrEqualTo(2);
            count("groups withheld", 1);
            return;
        }
        count("groups compared", 1);
        JsonNode promoted = group.get("promoted");
        int n = expected.promotedDays.size();
        assertThat(promoted.get("n").asInt()).as(what + " n").isEqualTo(n);
        count("counts compared", 1);
        for (String[] q : new String[][] {{"medianDays", "50"}, {"p75Days", "75"}, {"p90Days", "90"}}) {
            JsonNode value = promoted.get(q[0]);
            if (n == 0) {
                assertThat(value.isNull()).as(what + " " + q[0]).isTrue();
                continue;
            }
            int percent = Integer.parseInt(q[1]);
            double exact = Oracle.quantile(expected.promotedDays, percent);
            if (n <= EXACT_MAX) {
                assertThat(promoted.get("method").asText()).isEqualTo("exact");
                assertThat(value.asDouble()).as(what + " " + q[0]).isEqualTo(exact);
                count("quantiles exact", 1);
            } else {
                assertThat(promoted.get("method").asText()).isEqualTo("kll");
                double error = rankError(expected.promotedDays, value.asDouble(), percent / 100.0);
                assertThat(error).as(what + " " + q[0] + " rank error").isLessThanOrEqualTo(DurationSummary.rankErrorBound());
                maxRankError = Math.max(maxRankError, error);
                maxDaysError = Math.max(maxDaysError, Math.abs(value.asDouble() - exact));
                count("quantiles from KLL", 1);
            }
        }
        JsonNode km = group.get("kaplanMeier");
        long events = expected.observations.stream().filter(o -> o[1] == 1).count();
        assertThat(km.get("n").asLong()).as(what + " KM n").isEqualTo(expected.observations.size());
        assertThat(km.get("promoted").asLong()).as(what + " KM promoted").isEqualTo(events);
        assertThat(km.get("censored").asLong()).isEqualTo(expected.observations.size() - events);
        count("counts compared", 3);
        List<double[]> curve = Oracle.kaplanMeier(expected.observations);
        assertThat(km.get("curve").size()).as(what + " KM curve points").isEqualTo(curve.size());
        for (int i = 0; i < curve.size(); i++) {
            JsonNode point = km.get("curve").get(i);
            assertThat(point.get("days").asDouble()).as(what + " KM point " + i).isEqualTo(curve.get(i)[0]);
            assertThat(point.get("survival").asDouble()).as(what + " KM survival " + i).isEqualTo(curve.get(i)[1]);
        }
        assertThat(nullable(km.get("medianDays"))).as(what + " KM median").isEqualTo(Oracle.kmQuantile(curve, 50));
        assertThat(nullable(km.get("p75Days"))).as(what + " KM p75").isEqualTo(Oracle.kmQuantile(curve, 75));
        count("Kaplan-Meier curves", 1);
    }

    private static Double nullable(JsonNode n) {
        return n.isNull() ? null : n.asDouble();
    }

    /** Distance from q to the normalized ranks the value holds among the exact values (0 inside). */
    private static double rankError(List<Double> values, double value, double q) {
        long below = values.stream().filter(v -> v < value).count();
        long atOrBelow = values.stream().filter(v -> v <= value).count();
        double low = (double) below / values.size();
        double high = (double) atOrBelow / values.size();
        return q < low ? low - q : q > high ? q - high : 0.0;
    }

    // ---- stage distribution ----

    @Test
    void shouldMatchTheOraclesHeadcountsAndFlowsForTheOrganizationAndEachDepartment() throws Exception {
        List<Instant> asOfs = List.of(Instant.parse("2017-06-30T12:00:00Z"), Instant.parse("2020-03-31T23:59:59Z"),
                Instant.parse("2022-09-15T08:00:00Z"), END);
        List<Object[]> windows = List.of(
                new Object[] {Instant.parse("2016-01-01T00:00:00Z"), END, "quarter"},
                new Object[] {Instant.parse("2018-01-01T00:00:00Z"), Instant.parse("2020-01-01T00:00:00Z"), "month"},
                new Object[] {null, END, "quarter"},
                new Object[] {Instant.parse("2023-02-10T00:00:00Z"), Instant.parse("2023-11-20T00:00:00Z"), "month"});
        List<Oracle.Flow> flows = oracle.flows();
        for (int i = 0; i < asOfs.size(); i++) {
            Instant asOf = asOfs.get(i);
            Object[] w = windows.get(i);
            Instant from = (Instant) w[0];
            Instant to = (Instant) w[1];
            String period = (String) w[2];
            Map<List<String>, Long> headcount = oracle.headcount(asOf);
            Expected expected = expected(headcount, flows, from, to, period);
            String query = "?asOf=" + asOf + "&period=" + period + (from == null ? "" : "&from=" + from) + "&to=" + to;
            compareDistribution(query, get("/api/v1/analytics/stage-distribution" + query), expected, null);
            for (String department : Organization.DEPARTMENTS) {
                String q = query + "&department=" + department.replace(" ", "%20");
                compareDistribution(q, get("/api/v1/analytics/stage-distribution" + q), expected, department);
            }
            count("distribution queries", 1 + Organization.DEPARTMENTS.size());
        }
        assertThat(stats.get("figures withheld")).isGreaterThan(10);
        assertThat(stats.get("figures compared")).isGreaterThan(1_000);
    }

    /** The oracle's tables, and what suppression withholds in them. */
    private record Expected(List<String> departments, List<String> stages, long[][] headcount, List<String> periods,
                            Map<String, long[][]> flows, Instant flowsFrom) {
    }

    private Expected expected(Map<List<String>, Long> headcount, List<Oracle.Flow> flows, Instant from, Instant to, String period) {
        List<Oracle.Flow> inWindow = flows.stream()
                .filter(f -> f.at().isBefore(to) && (from == null || !f.at().isBefore(from))).toList();
        TreeSet<String> departments = new TreeSet<>(Comparator.nullsLast(Comparator.naturalOrder()));
        headcount.keySet().forEach(k -> departments.add(k.get(1)));
        inWindow.forEach(f -> departments.add(f.department()));
        List<String> columns = new ArrayList<>(departments);
        List<String> stages = Organization.LADDER.stageIds();
        long[][] cells = new long[stages.size()][columns.size()];
        headcount.forEach((k, n) -> cells[stages.indexOf(k.get(0))][columns.indexOf(k.get(1))] += n);

        Instant start = from != null ? from : inWindow.stream().map(Oracle.Flow::at).min(Comparator.naturalOrder()).orElse(to);
        List<String> periods = new ArrayList<>();
        Instant first = null;
        java.time.ZonedDateTime z = start.atZone(ZoneOffset.UTC);
        java.time.ZonedDateTime p = period.equals("month") ? z.withDayOfMonth(1).truncatedTo(java.time.temporal.ChronoUnit.DAYS)
                : z.withMonth(((z.getMonthValue() - 1) / 3) * 3 + 1).withDayOfMonth(1).truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        while (p.toInstant().isBefore(to) && !inWindow.isEmpty() || (from != null && p.toInstant().isBefore(to) && periods.isEmpty())) {
            periods.add(label(p.toInstant(), period));
            first = first == null ? p.toInstant() : first;
            p = period.equals("month") ? p.plusMonths(1) : p.plusMonths(3);
            if (!p.toInstant().isBefore(to)) {
                break;
            }
        }
        Map<String, long[][]> tables = new LinkedHashMap<>();
        for (String kind : List.of("hires", "promotions", "departures")) {
            long[][] t = new long[periods.size()][columns.size()];
            for (Oracle.Flow f : inWindow) {
                if (f.kind().equals(kind)) {
                    t[periods.indexOf(label(f.at(), period))][columns.indexOf(f.department())]++;
                }
            }
            tables.put(kind, t);
        }
        Instant flowsFrom = from != null ? from : first == null ? to : first;
        return new Expected(columns, stages, cells, periods, tables, flowsFrom);
    }

    private static String label(Instant t, String period) {
        java.time.ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        return period.equals("month") ? String.format("%04d-%02d", z.getYear(), z.getMonthValue())
                : z.getYear() + "-Q" + ((z.getMonthValue() + 2) / 3);
    }

    private void compareDistribution(String query, JsonNode body, Expected e, String department) {
        Suppression.TableResult hs = Suppression.table(e.headcount(), K);
        int column = department == null ? -1 : e.departments().indexOf(department);
        JsonNode stages = body.get("headcount").get("stages");
        assertThat(stages.findValuesAsText("stage")).containsExactlyElementsOf(e.stages());
        for (int r = 0; r < e.stages().size(); r++) {
            JsonNode row = stages.get(r);
            String where = query + " headcount " + e.stages().get(r);
            if (department != null) {
                figure(where, row, column < 0 ? 0 : e.headcount()[r][column], column >= 0 && hs.cells()[r][column]);
            } else {
                figure(where + " total", row.get("total"), sum(e.headcount()[r]), hs.rowTotals()[r]);
                List<String> names = new ArrayList<>();
                row.get("departments").forEach(d -> names.add(d.get("department").isNull() ? null : d.get("department").asText()));
                assertThat(names).as(where).isEqualTo(e.departments());
                for (int c = 0; c < e.departments().size(); c++) {
                    figure(where + " " + e.departments().get(c), row.get("departments").get(c), e.headcount()[r][c], hs.cells()[r][c]);
                }
            }
        }
        if (department != null) {
            figure(query + " headcount total", body.get("headcount").get("total"),
                    column < 0 ? 0 : columnSum(e.headcount(), column), column >= 0 && hs.columnTotals()[column]);
        } else {
            for (int c = 0; c < e.departments().size(); c++) {
                figure(query + " headcount " + e.departments().get(c), body.get("headcount").get("departments").get(c),
                        columnSum(e.headcount(), c), hs.columnTotals()[c]);
            }
            figure(query + " headcount total", body.get("headcount").get("total"), total(e.headcount()), hs.grandTotal());
        }

        JsonNode flows = body.get("flows");
        assertThat(flows.get("from").asText()).as(query).isEqualTo(e.flowsFrom().toString());
        assertThat(flows.get("periods").findValuesAsText("period")).as(query).containsExactlyElementsOf(e.periods());
        for (Map.Entry<String, long[][]> t : e.flows().entrySet()) {
            long[][] cells = t.getValue();
            Suppression.TableResult s = Suppression.table(cells, K);
            for (int r = 0; r < e.periods().size(); r++) {
                JsonNode f = flows.get("periods").get(r).get(t.getKey());
                String where = query + " " + t.getKey() + " " + e.periods().get(r);
                if (department != null) {
                    figure(where, f, column < 0 ? 0 : cells[r][column], column >= 0 && s.cells()[r][column]);
                } else {
                    figure(where, f, sum(cells[r]), s.rowTotals()[r]);
                }
            }
            JsonNode total = flows.get("total").get(t.getKey());
            if (department != null) {
                figure(query + " " + t.getKey() + " total", total, column < 0 ? 0 : columnSum(cells, column),
                        column >= 0 && s.columnTotals()[column]);
            } else {
                figure(query + " " + t.getKey() + " total", total, total(cells), s.grandTotal());
            }
        }
    }

    private void figure(String where, JsonNode f, long expected, boolean suppressed) {
        assertThat(f.get("suppressed").asBoolean()).as(where + " withheld").isEqualTo(suppressed);
        if (suppressed) {
            assertThat(f.has("count")).as(where).isFalse();
            count("figures withheld", 1);
        } else {
            assertThat(f.get("count").asLong()).as(where).isEqualTo(expected);
            count("figures compared", 1);
        }
    }

    private static long sum(long[] row) {
        return Arrays.stream(row).sum();
    }

    private static long columnSum(long[][] t, int c) {
        long s = 0;
        for (long[] row : t) {
            s += row[c];
        }
        return s;
    }

    private static long total(long[][] t) {
        long s = 0;
        for (long[] row : t) {
            s += sum(row);
        }
        return s;
    }

}
