package io.trajectory.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trajectory.config.ConfigKey;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analytics endpoints on a real broker: a few people's events posted over HTTP, both endpoints
 * queried, then a promotion retracted and the figures corrected everywhere (no stale count).
 */
@Tag("integration")
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnalyticsIT {

    private static final String TO = "&to=2025-01-01T00:00:00Z";
    private static final String VELOCITY = "/api/v1/analytics/promotion-velocity?transition=JUNIOR-ADVANCING";
    private static final String DISTRIBUTION = "/api/v1/analytics/stage-distribution?asOf=2024-12-01T00:00:00Z"
            + "&from=2024-01-01T00:00:00Z&to=2025-01-01T00:00:00Z";

    @TempDir
    static Path dataDir;

    private ItRuntime app;
    private int ids;

    @BeforeAll
    void start() {
        app = ItRuntime.start(dataDir, Map.of(ConfigKey.ANALYTICS_MIN_GROUP_SIZE.key(), "3"));
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private HttpResponse<String> get(String path) {
        return app.get(path);
    }

    private String post(String person, String type, String time, Map<String, Object> data) {
        String id = "an-" + (++ids);
        app.postEvent(id, "hr/analytics-it", type, person, time, data);
        return id;
    }

    private JsonNode awaitJson(String path, Predicate<JsonNode> until) {
        return app.awaitJson(path, until);
    }

    private static JsonNode group(JsonNode body, String name) {
        for (JsonNode g : body.get("groups")) {
            if (name.equals(g.get("group").asText())) {
                return g;
            }
        }
        throw new AssertionError("no group " + name + " in " + body);
    }

    private static JsonNode cell(JsonNode distribution, String stage, String department) {
        for (JsonNode row : distribution.get("headcount").get("stages")) {
            if (row.get("stage").asText().equals(stage)) {
                for (JsonNode cell : row.get("departments")) {
                    if (department.equals(cell.get("department").asText())) {
                        return cell;
                    }
                }
            }
        }
        throw new AssertionError("no cell " + stage + "/" + department + " in " + distribution);
    }

    private String danPromotion;

    @Test
    @Order(1)
    void shouldServePromotionVelocityAndTheStageDistributionOfPostedEvents() throws Exception {
        String[] promoted = {"ann", "bob", "cat", "dan"};
        for (int i = 0; i < promoted.length; i++) {
            post(promoted[i], "hired", "2024-01-02T09:00:00Z", Map.of("title", "TPM I", "department", "Payments"));
            String promotion = post(promoted[i], "promotion", "2024-0" + (3 + i) + "-01T09:00:00Z",
                    Map.of("toStage", "ADVANCING", "title", "TPM II"));
            if (promoted[i].equals("dan")) {
                danPromotion = promotion;
            }
        }
        for (String p : new String[] {"hal", "ivy", "jon"}) {
            post(p, "hired", "2024-01-02T09:00:00Z", Map.of("title", "TPM I", "department", "Payments"));
        }
        for (String p : new String[] {"eve", "fay", "gus"}) {
            post(p, "hired", "2024-02-01T09:00:00Z", Map.of("title", "TPM I", "department", "Search"));
        }

        JsonNode velocity = awaitJson(VELOCITY + "&groupBy=department" + TO,
                b -> b.path("overall").path("promoted").path("n").asInt() == 4
                        && b.path("overall").path("kaplanMeier").path("n").asInt() == 10);
        JsonNode payments = group(velocity, "Payments");
        assertThat(payments.get("suppressed").asBoolean()).isFalse();
        // hired Jan 2, promoted Mar 1, Apr 1, May 1, Jun 1 (2024 is a leap year): 59, 90, 120, 151 days
        assertThat(payments.get("promoted").get("n").asInt()).isEqualTo(4);
        assertThat(payments.get("promoted").get("medianDays").asDouble()).isEqualTo(90.0);
        assertThat(payments.get("promoted").get("p90Days").asDouble()).isEqualTo(151.0);
        assertThat(payments.get("kaplanMeier").get("n").asInt()).isEqualTo(7);
        assertThat(payments.get("kaplanMeier").get("censored").asInt()).as("hal, ivy, jon still junior").isEqualTo(3);
        assertThat(payments.get("kaplanMeier").get("medianDays").asDouble()).as("4 of 7 promoted by day 151").isEqualTo(151.0);
        JsonNode search = group(velocity, "Search");
        assertThat(search.get("promoted").get("n").asInt()).isZero();
        assertThat(search.get("kaplanMeier").get("censored").asInt()).isEqualTo(3);
        assertThat(search.get("kaplanMeier").get("medianDays").isNull()).as("not reached").isTrue();

        JsonNode distribution = awaitJson(DISTRIBUTION, b -> cell(b, "ADVANCING", "Payments").path("count").asInt() == 4);
        assertThat(cell(distribution, "JUNIOR", "Payments").get("count").asInt()).isEqualTo(3);
        assertThat(cell(distribution, "JUNIOR", "Search").get("count").asInt()).isEqualTo(3);
        assertThat(distribution.get("headcount").get("total").get("count").asInt()).isEqualTo(10);
        assertThat(distribution.get("flows").get("total").get("hires").get("count").asInt()).isEqualTo(10);
        assertThat(distribution.get("flows").get("total").get("promotions").get("count").asInt()).isEqualTo(4);
    }

    @Test
    @Order(2)
    void shouldDropARetractedPromotionFromEveryFigure() throws Exception {
        post("dan", "event-retracted", "2024-07-01T09:00:00Z", Map.of("retractedEventId", danPromotion, "reason", "recorded in error"));

        JsonNode velocity = awaitJson(VELOCITY + "&groupBy=department" + TO,
                b -> b.path("overall").path("promoted").path("n").asInt() == 3);
        JsonNode payments = group(velocity, "Payments");
        assertThat(payments.get("promoted").get("n").asInt()).isEqualTo(3);
        assertThat(payments.get("promoted").get("p90Days").asDouble()).as("dan's 151 days are gone").isEqualTo(120.0);
        assertThat(payments.get("kaplanMeier").get("n").asInt()).as("dan is still observed, as a junior").isEqualTo(7);
        assertThat(payments.get("kaplanMeier").get("censored").asInt()).isEqualTo(4);

        JsonNode distribution = awaitJson(DISTRIBUTION, b -> cell(b, "ADVANCING", "Payments").path("count").asInt() == 3);
        assertThat(cell(distribution, "JUNIOR", "Payments").get("count").asInt()).as("dan is a junior again").isEqualTo(4);
        assertThat(distribution.get("flows").get("total").get("promotions").get("count").asInt()).isEqualTo(3);
        assertThat(distribution.get("headcount").get("total").get("count").asInt()).as("nobody counted twice").isEqualTo(10);
    }

    @Test
    @Order(3)
    void shouldCountABackDatedPromotionInThePeriodItHappened() throws Exception {
        post("gus", "promotion", "2024-04-15T09:00:00Z", Map.of("toStage", "ADVANCING", "title", "TPM II"));

        JsonNode velocity = awaitJson(VELOCITY + "&groupBy=period" + TO,
                b -> b.path("overall").path("promoted").path("n").asInt() == 4);
        assertThat(velocity.get("groups").findValuesAsText("group")).containsExactly("2024-Q1", "2024-Q2");
    }

    @Test
    @Order(4)
    void shouldRefuseBadParametersWithA400AndNeverAStackTrace() throws Exception {
        HttpResponse<String> r = get("/api/v1/analytics/promotion-velocity?transition=BEYOND-CANDIDATE&groupBy=x");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("transition", "groupBy").doesNotContain("Exception", "at io.");
    }
}
