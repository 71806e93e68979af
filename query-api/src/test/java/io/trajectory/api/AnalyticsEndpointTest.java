package io.trajectory.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.trajectory.state.PersonSpells;
import io.trajectory.state.Spell;
import io.trajectory.state.SpellOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The analytics endpoints over in-memory spells: figures, suppression, and every parameter checked. */
class AnalyticsEndpointTest extends ApiTestSupport {

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final String VELOCITY = "/api/v1/analytics/promotion-velocity";
    private static final String DISTRIBUTION = "/api/v1/analytics/stage-distribution";

    static Instant day(int d) {
        return T0.plusSeconds(86_400L * d);
    }

    /** A person hired at {@code hired} into JUNIOR in a department, promoted to ADVANCING at {@code promoted} (or not). */
    static PersonSpells junior(String id, String department, int hired, Integer promoted, Integer departed) {
        List<Spell> spells = new ArrayList<>();
        Spell.Builder junior = Spell.newBuilder().setSequence(1).setStage("JUNIOR").setEnteredAt(day(hired))
                .setDepartment(department).setDepartmentChanges(List.of());
        if (promoted != null) {
            spells.add(junior.setExitAt(day(promoted)).setOutcome(SpellOutcome.PROMOTED).setToStage("ADVANCING").build());
            Spell.Builder advancing = Spell.newBuilder().setSequence(2).setStage("ADVANCING").setEnteredAt(day(promoted))
                    .setDepartment(department).setDepartmentChanges(List.of());
            spells.add(departed == null ? advancing.setOutcome(SpellOutcome.ONGOING).build()
                    : advancing.setExitAt(day(departed)).setOutcome(SpellOutcome.DEPARTED).build());
        } else if (departed != null) {
            spells.add(junior.setExitAt(day(departed)).setOutcome(SpellOutcome.DEPARTED).build());
        } else {
            spells.add(junior.setOutcome(SpellOutcome.ONGOING).build());
        }
        return PersonSpells.newBuilder().setPersonId(id).setHiredAt(day(hired))
                .setDepartedAt(departed == null ? null : day(departed)).setSpells(spells).build();
    }

    /** Payments: 6 promoted after 10..60 days, 2 still junior; Search: 2 promoted (100, 200 days); Mobile: 5 promoted after 30. */
    private void organization() {
        for (int i = 1; i <= 6; i++) {
            analytics.put(i % 2, junior("pay-" + i, "Payments", 0, 10 * i, null));
        }
        analytics.put(0, junior("pay-q1", "Payments", 0, null, null));
        analytics.put(1, junior("pay-q2", "Payments", 0, null, null));
        analytics.put(1, junior("search-1", "Search", 0, 100, null));
        analytics.put(0, junior("search-2", "Search", 0, 200, null));
        for (int i = 1; i <= 5; i++) {
            analytics.put(i % 2, junior("mob-" + i, "Mobile", 0, 30, null));
        }
    }

    private static Map<String, JsonNode> groups(JsonNode body) {
        Map<String, JsonNode> out = new TreeMap<>();
        body.get("groups").forEach(g -> out.put(g.get("group").asText(), g));
        return out;
    }

    @Test
    void shouldGiveNaiveAndKaplanMeierFiguresPerDepartmentAndSuppressSmallGroupsWithTheirComplement() {
        organization();

        Answer a = get(VELOCITY + "?transition=JUNIOR-ADVANCING&groupBy=department&to=2025-01-01T00:00:00Z");

        assertThat(a.status()).as(a.body()).isEqualTo(200);
        JsonNode body = a.json();
        assertThat(body.get("fromStage").asText()).isEqualTo("JUNIOR");
        assertThat(body.get("toStage").asText()).isEqualTo("ADVANCING");
        assertThat(body.get("minGroupSize").asInt()).isEqualTo(5);
        Map<String, JsonNode> groups = groups(body);
        assertThat(groups.keySet()).containsExactly("Mobile", "Payments", "Search");
        assertThat(groups.get("Search").get("suppressed").asBoolean()).as("2 people").isTrue();
        assertThat(groups.get("Mobile").get("suppressed").asBoolean()).as("the complement: else overall - Payments = Search").isTrue();
        assertThat(groups.get("Search").has("promoted")).as("no figures at all").isFalse();
        assertThat(groups.get("Mobile").size()).isEqualTo(2);

        JsonNode payments = groups.get("Payments");
        assertThat(payments.get("suppressed").asBoolean()).isFalse();
        assertThat(payments.get("promoted").get("n").asInt()).isEqualTo(6);
        assertThat(payments.get("promoted").get("medianDays").asDouble()).isEqualTo(30.0);
        assertThat(payments.get("promoted").get("p75Days").asDouble()).isEqualTo(50.0);
        assertThat(payments.get("promoted").get("p90Days").asDouble()).isEqualTo(60.0);
        assertThat(payments.get("promoted").get("method").asText()).isEqualTo("exact");
        JsonNode km = payments.get("kaplanMeier");
        assertThat(km.get("n").asInt()).as("6 promoted and 2 still junior").isEqualTo(8);
        assertThat(km.get("promoted").asInt()).isEqualTo(6);
        assertThat(km.get("censored").asInt()).isEqualTo(2);
        assertThat(km.get("p75Days").asDouble()).as("S reaches 0.25 at 60 days: 2 of 8 never promoted").isEqualTo(60.0);
        assertThat(km.get("medianDays").asDouble()).as("longer than the naive median of 30").isGreaterThan(30.0);
        assertThat(km.get("curve").get(0).get("survival").asDouble()).isEqualTo(1.0);
        assertThat(km.get("curve").get(1).get("days").asDouble()).isEqualTo(10.0);
        assertThat(km.get("curve").get(1).get("survival").asDouble()).isCloseTo(7.0 / 8, within(1e-12));

        JsonNode overall = body.get("overall");
        assertThat(overall.get("suppressed").asBoolean()).isFalse();
        assertThat(overall.get("promoted").get("n").asInt()).isEqualTo(13);
        // 10 20 30 30 30 30 30 30 40 50 60 100 200
        assertThat(overall.get("promoted").get("medianDays").asDouble()).isEqualTo(30.0);
        assertThat(overall.get("promoted").get("p75Days").asDouble()).isEqualTo(50.0);
        assertThat(overall.get("promoted").get("p90Days").asDouble()).isEqualTo(100.0);
        assertThat(overall.get("kaplanMeier").get("n").asInt()).isEqualTo(15);
        assertThat(body.get("quantiles").get("normalizedRankError").asDouble()).isBetween(0.01, 0.02);
    }

    @Test
    void shouldCensorPeopleWhoLeftOrMovedAtTheTimeTheyDidAndOngoingOnesAtTo() {
        for (int i = 1; i <= 5; i++) {
            analytics.put(junior("p-" + i, "Payments", 0, 100, null));
        }
        for (int i = 1; i <= 5; i++) {
            analytics.put(junior("d-" + i, "Payments", 0, null, 50));
        }

        JsonNode km = get(VELOCITY + "?transition=JUNIOR-ADVANCING&to=2024-06-01T00:00:00Z").json().get("overall").get("kaplanMeier");

        // at 100 days: the 5 who left at 50 days are no longer at risk: all 5 at risk are promoted
        assertThat(km.get("n").asInt()).isEqualTo(10);
        assertThat(km.get("censored").asInt()).isEqualTo(5);
        assertThat(km.get("curve").get(1).get("days").asDouble()).isEqualTo(100.0);
        assertThat(km.get("curve").get(1).get("survival").asDouble()).isEqualTo(0.0);
        assertThat(km.get("medianDays").asDouble()).isEqualTo(100.0);
    }

    @Test
    void shouldCountOnlyPromotionsInTheWindowAndCensorSpellsRunningAtItsEnd() {
        organization();

        JsonNode body = get(VELOCITY + "?transition=JUNIOR-ADVANCING&from=2024-01-01T00:00:00Z&to=2024-02-15T00:00:00Z").json();

        // promoted before Feb 15 (day 45): Payments 10..40 (4), Mobile 30 (5)
        assertThat(body.get("overall").get("promoted").get("n").asInt()).isEqualTo(9);
        JsonNode km = body.get("overall").get("kaplanMeier");
        assertThat(km.get("n").asInt()).isEqualTo(15);
        assertThat(km.get("promoted").asInt()).isEqualTo(9);
        assertThat(km.get("lastObservedDays").asDouble()).isEqualTo(45.0);
        assertThat(body.has("groups")).as("no groupBy").isFalse();
    }

    @Test
    void shouldGroupByHireCohortAndByPeriodOfThePromotion() {
        organization();

        JsonNode cohorts = get(VELOCITY + "?transition=JUNIOR-ADVANCING&groupBy=cohort&cohortBy=quarter&to=2025-01-01T00:00:00Z").json();
        JsonNode periods = get(VELOCITY + "?transition=JUNIOR-ADVANCING&groupBy=period&period=month&to=2025-01-01T00:00:00Z").json();

        assertThat(groups(cohorts).keySet()).containsExactly("2024-Q1");
        assertThat(groups(cohorts).get("2024-Q1").get("promoted").get("n").asInt()).isEqualTo(13);
        assertThat(cohorts.get("cohortBy").asText()).isEqualTo("quarter");
        // promotions in 2024-01 (days 10..30: 3 + 5), 2024-02 (40, 50: 2), 2024-03 (60: 1), 2024-04 (100), 2024-07 (200);
        // Kaplan-Meier by month of entry: everyone entered in 2024-01
        Map<String, JsonNode> months = groups(periods);
        assertThat(months.keySet()).containsExactly("2024-01", "2024-02", "2024-03", "2024-04", "2024-07");
        assertThat(months.get("2024-01").get("suppressed").asBoolean()).isFalse();
        assertThat(months.get("2024-01").get("promoted").get("n").asInt()).isEqualTo(8);
        assertThat(months.get("2024-01").get("kaplanMeier").get("n").asInt()).isEqualTo(15);
        assertThat(months.values()).filteredOn(g -> !g.get("group").asText().equals("2024-01"))
                .allSatisfy(g -> assertThat(g.get("suppressed").asBoolean()).isTrue());
    }

    @Test
    void shouldSuppressTheOverallFiguresOfFewerThanKPeople() {
        analytics.put(junior("a", "Payments", 0, 10, null)).put(junior("b", "Payments", 0, 20, null));

        JsonNode body = get(VELOCITY + "?transition=JUNIOR-ADVANCING&groupBy=department&to=2025-01-01T00:00:00Z").json();

        assertThat(body.get("overall").get("suppressed").asBoolean()).isTrue();
        assertThat(body.get("overall").has("promoted")).isFalse();
        assertThat(body.get("groups").get(0).get("suppressed").asBoolean()).isTrue();
        assertThat(body.toString()).doesNotContain("10.0", "20.0");
    }

    @Test
    void shouldNameEveryBadParameterInOne400() {
        Answer a = get(VELOCITY + "?transition=JUNIOR-SENIOR&groupBy=team&period=week&cohortBy=decade"
                + "&from=yesterday&to=2024-13-01T00:00:00Z&colour=blue");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.contentType()).startsWith("application/problem+json");
        assertThat(a.json().get("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("transition", "groupBy", "period", "cohortBy", "from", "to", "colour");
        assertThat(a.body()).contains("JUNIOR-ADVANCING", "not a transition").doesNotContain("Exception");
    }

    @Test
    void shouldRequireATransitionAndAWindowThatEndsAfterItStarts() {
        Answer missing = get(VELOCITY);
        Answer backwards = get(VELOCITY + "?transition=SENIOR-BEYOND&from=2025-01-01T00:00:00Z&to=2024-01-01T00:00:00Z");
        Answer empty = get(VELOCITY + "?transition=SENIOR-BEYOND&from=2025-01-01T00:00:00Z&to=2025-01-01T00:00:00Z");

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("errors").findValuesAsText("field")).containsExactly("transition");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.json().get("errors").findValuesAsText("field")).containsExactly("from");
        assertThat(empty.status()).isEqualTo(400);
    }

    @Test
    void shouldRefuseAPeriodOrCohortParameterWithoutItsGrouping() {
        Answer a = get(VELOCITY + "?transition=JUNIOR-ADVANCING&groupBy=department&period=month&cohortBy=year");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("errors").findValuesAsText("message"))
                .containsExactlyInAnyOrder("only goes with groupBy=period", "only goes with groupBy=cohort");
    }

    @Test
    void shouldRefuseDatesBeyondTheYear9999() {
        Answer a = get(VELOCITY + "?transition=JUNIOR-ADVANCING&to=%2B99999-01-01T00:00:00Z");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("errors").findValuesAsText("field")).containsExactly("to");
    }

    @Test
    void shouldAnswer503WhileTheStoresAreNotQueryableAnd501ForSeveralInstances() {
        analytics.failWith(new NotReadyException("the analytics stores are restoring or moving; try again shortly"));
        Answer notReady = get(VELOCITY + "?transition=JUNIOR-ADVANCING");
        Answer distribution = get(DISTRIBUTION);
        analytics.failWith(ApiProblem.of(501, "not-implemented", "Not implemented", "several instances"));
        Answer notImplemented = get(DISTRIBUTION);

        assertThat(notReady.status()).isEqualTo(503);
        assertThat(notReady.header("Retry-After")).isPresent();
        assertThat(distribution.status()).isEqualTo(503);
        assertThat(notImplemented.status()).isEqualTo(501);
    }

    // ---- stage distribution ----

    /** 60 people: Payments 20 junior + 10 advancing, Search 12 + 3, Mobile 8 + 7; some departed. */
    private void distributionOrganization() {
        int n = 0;
        Object[][] plan = {{"Payments", 20, 10}, {"Search", 12, 3}, {"Mobile", 8, 7}};
        for (Object[] dept : plan) {
            for (int i = 0; i < (int) dept[1]; i++) {
                analytics.put(n % 3, junior("j-" + n, (String) dept[0], 5 * (n % 20), null, null));
                n++;
            }
            for (int i = 0; i < (int) dept[2]; i++) {
                analytics.put(n % 3, junior("a-" + n, (String) dept[0], 5 * (n % 20), 120 + n, null));
                n++;
            }
        }
        // left before the headcount date
        analytics.put(junior("gone-1", "Payments", 0, null, 40)).put(junior("gone-2", "Search", 0, 50, 100));
    }

    @Test
    void shouldGiveTheHeadcountPerStageAndDepartmentAtADateWithSmallCellsWithheld() {
        distributionOrganization();

        Answer a = get(DISTRIBUTION + "?asOf=2024-12-01T00:00:00Z&from=2024-01-01T00:00:00Z&to=2025-01-01T00:00:00Z");

        assertThat(a.status()).as(a.body()).isEqualTo(200);
        JsonNode headcount = a.json().get("headcount");
        assertThat(headcount.get("stages").findValuesAsText("stage"))
                .containsExactly("CANDIDATE", "JUNIOR", "ADVANCING", "SENIOR", "BEYOND");
        JsonNode junior = headcount.get("stages").get(1);
        assertThat(junior.get("total").get("count").asInt()).isEqualTo(40);
        assertThat(junior.get("departments").findValuesAsText("department")).containsExactly("Mobile", "Payments", "Search");
        assertThat(junior.get("departments").get(1).get("count").asInt()).isEqualTo(20);
        JsonNode advancing = headcount.get("stages").get(2);
        JsonNode searchAdvancing = advancing.get("departments").get(2);
        assertThat(searchAdvancing.get("suppressed").asBoolean()).as("3 people").isTrue();
        assertThat(searchAdvancing.has("count")).isFalse();
        assertThat(headcount.get("total").get("count").asInt()).as("the two who left are not counted").isEqualTo(60);
        // no line of published figures gives the 3 away
        long publishedInRow = 0;
        for (JsonNode cell : advancing.get("departments")) {
            publishedInRow += cell.path("count").asLong(0);
        }
        boolean rowTotalShown = !advancing.get("total").get("suppressed").asBoolean();
        long shownCells = 0;
        for (JsonNode cell : advancing.get("departments")) {
            shownCells += cell.get("suppressed").asBoolean() ? 0 : 1;
        }
        assertThat(rowTotalShown && shownCells == 2).as("only one withheld cell beside a shown total").isFalse();
        assertThat(publishedInRow).isLessThanOrEqualTo(20);
    }

    @Test
    void shouldWithholdTheSameFiguresWhenOneDepartmentIsAskedFor() {
        distributionOrganization();
        String window = "asOf=2024-12-01T00:00:00Z&from=2024-01-01T00:00:00Z&to=2025-01-01T00:00:00Z&period=month";

        JsonNode all = get(DISTRIBUTION + "?" + window).json();
        JsonNode search = get(DISTRIBUTION + "?department=Search&" + window).json();

        assertThat(search.get("department").asText()).isEqualTo("Search");
        for (int s = 0; s < 5; s++) {
            JsonNode cell = all.get("headcount").get("stages").get(s).get("departments").get(2);
            JsonNode filtered = search.get("headcount").get("stages").get(s);
            assertThat(filtered.get("suppressed")).isEqualTo(cell.get("suppressed"));
            assertThat(filtered.path("count")).isEqualTo(cell.path("count"));
        }
        JsonNode searchTotal = all.get("headcount").get("departments").get(2);
        assertThat(search.get("headcount").get("total").get("suppressed")).isEqualTo(searchTotal.get("suppressed"));
        assertThat(search.get("headcount").get("total").path("count")).isEqualTo(searchTotal.path("count"));
        assertThat(search.get("flows").get("periods")).hasSize(12);
    }

    @Test
    void shouldCountHiresPromotionsAndDeparturesPerPeriod() {
        distributionOrganization();

        JsonNode flows = get(DISTRIBUTION + "?asOf=2024-12-01T00:00:00Z&from=2024-01-01T00:00:00Z&to=2025-01-01T00:00:00Z")
                .json().get("flows");

        assertThat(flows.get("period").asText()).isEqualTo("quarter");
        assertThat(flows.get("periods").findValuesAsText("period")).containsExactly("2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4");
        // hires at days 0..95: 59 in Q1, 3 in Q2 (day 95): Q2 is withheld, and so is Q1, else 62 - 59 = 3
        assertThat(flows.get("total").get("hires").get("count").asInt()).isEqualTo(62);
        assertThat(flows.get("periods").findValuesAsText("suppressed")).hasSize(12);
        assertThat(flows.get("periods").get(1).get("hires").get("suppressed").asBoolean()).isTrue();
        assertThat(flows.get("periods").get(0).get("hires").get("suppressed").asBoolean()).isTrue();
        assertThat(flows.get("periods").get(2).get("hires").get("count").asInt()).isZero();
        assertThat(flows.get("periods").get(3).get("hires").get("count").asInt()).isZero();
        assertThat(flows.get("total").get("promotions").get("count").asInt()).as("20 advancing + gone-2").isEqualTo(21);
        assertThat(flows.get("total").get("departures").get("suppressed").asBoolean()).as("2 left").isTrue();
        assertThat(flows.get("periods").get(1).get("departures").get("suppressed").asBoolean()).isTrue();
    }

    @Test
    void shouldListPeriodsFromTheFirstEventWhenFromIsNotGivenAndCheckItsParameters() {
        distributionOrganization();

        JsonNode flows = get(DISTRIBUTION + "?asOf=2024-12-01T00:00:00Z&period=month").json().get("flows");
        Answer bad = get(DISTRIBUTION + "?period=week&asOf=then&department=&from=2000-01-01T00:00:00Z&to=2099-01-01T00:00:00Z");
        Answer tooLong = get(DISTRIBUTION + "?period=month&from=1900-01-01T00:00:00Z&to=2099-01-01T00:00:00Z");

        assertThat(flows.get("from").asText()).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(flows.get("to").asText()).as("asOf by default").isEqualTo("2024-12-01T00:00:00Z");
        assertThat(flows.get("periods")).hasSize(11);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("period", "asOf", "department");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("errors").findValuesAsText("message").get(0)).contains("more than 400");
    }

    @Test
    void shouldListTheAnalyticsEndpointsAtTheRoot() {
        assertThat(get("/api/v1").json().get("endpoints").findValuesAsText("path")).contains(VELOCITY, DISTRIBUTION);
    }
}
