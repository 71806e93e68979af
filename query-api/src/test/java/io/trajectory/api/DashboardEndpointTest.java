package io.trajectory.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The dashboard page, its assets and the ladder endpoint it reads, served from the jar (no CDN). */
class DashboardEndpointTest extends ApiTestSupport {

    @Test
    void shouldServeTheDashboardPageAtTheRootWithAContainerPerChart() {
        Answer page = get("/");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<title>Trajectory dashboard</title>")
                .contains("id=\"chart-funnel\"", "id=\"chart-velocity\"", "id=\"chart-quarters\"", "id=\"chart-km\"",
                        "id=\"person-form\"");
    }

    @Test
    void shouldServeEveryAssetThePageLoadsFromThisServerOnly() {
        String html = get("/").body();
        Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
        List<String> local = new ArrayList<>();
        while (refs.find()) {
            String ref = refs.group(1);
            assertThat(ref).as("no CDN or other host").doesNotStartWith("http:").doesNotStartWith("https:").doesNotStartWith("//");
            if (ref.startsWith("/dashboard/")) {
                local.add(ref);
            }
        }
        assertThat(local).containsExactlyInAnyOrder(DashboardResource.STYLE_PATH, DashboardResource.ECHARTS_PATH,
                DashboardResource.SCRIPT_PATH);
        for (String asset : local) {
            Answer a = get(asset);
            assertThat(a.status()).as(asset).isEqualTo(200);
            assertThat(a.header("X-Content-Type-Options")).contains("nosniff");
        }
        assertThat(get(DashboardResource.SCRIPT_PATH).body()).doesNotContain("http://", "https://");
    }

    @Test
    void shouldServeTheBundledEchartsLibraryAsJavaScript() {
        Answer echarts = get(DashboardResource.ECHARTS_PATH);

        assertThat(echarts.status()).isEqualTo(200);
        assertThat(echarts.contentType()).startsWith("text/javascript");
        assertThat(echarts.body().length()).isGreaterThan(500_000);
        assertThat(echarts.body()).contains("echarts").contains("5.3.1");
    }

    @Test
    void shouldAnswerAnUnknownAssetWithAProblemNotAFile() {
        Answer a = get("/dashboard/../openapi.json");
        Answer b = get("/dashboard/secret.js");

        assertThat(b.status()).isEqualTo(404);
        assertThat(b.contentType()).startsWith("application/problem+json");
        assertThat(a.status()).isIn(400, 404);
    }

    @Test
    void shouldDescribeTheLadderStagesInOrderAndItsTransitions() {
        Answer a = get("/api/v1/ladder");

        assertThat(a.status()).isEqualTo(200);
        JsonNode ladder = a.json();
        assertThat(ladder.get("id").asText()).isEqualTo("tpm-default");
        assertThat(ladder.get("version").asText()).isNotBlank();
        assertThat(ladder.get("stages").findValuesAsText("id"))
                .containsExactly("CANDIDATE", "JUNIOR", "ADVANCING", "SENIOR", "BEYOND");
        assertThat(ladder.get("transitions").findValuesAsText("transition"))
                .containsExactly("CANDIDATE-JUNIOR", "JUNIOR-ADVANCING", "ADVANCING-SENIOR", "SENIOR-BEYOND");
    }

    @Test
    void shouldAcceptEveryLadderTransitionAtThePromotionVelocityEndpoint() {
        for (JsonNode t : get("/api/v1/ladder").json().get("transitions")) {
            Answer a = get("/api/v1/analytics/promotion-velocity?transition=" + t.get("transition").asText());
            assertThat(a.status()).as(t.toString()).isEqualTo(200);
        }
    }
}
