package io.trajectory.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OpsEndpointTest extends ApiTestSupport {

    @Test
    void shouldReportUpOnHealthEvenWhenNotReady() {
        readiness.set(ReadinessReport.notReady("REBALANCING"));

        Answer a = get("/health");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("application/json");
        assertThat(a.json().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void shouldReportReadyWithTheCheckDetails() {
        readiness.set(new ReadinessReport(true, "RUNNING", Map.of("streamThreads", 2)));

        Answer a = get("/ready");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("application/json");
        assertThat(a.json().get("status").asText()).isEqualTo("READY");
        assertThat(a.json().get("state").asText()).isEqualTo("RUNNING");
        assertThat(a.json().get("streamThreads").asInt()).isEqualTo(2);
    }

    @Test
    void shouldAnswer503NotReadyWhileTheCheckFails() {
        readiness.set(new ReadinessReport(false, "REBALANCING", Map.of("status", "must not override", "lag", 42)));

        Answer a = get("/ready");

        assertThat(a.status()).isEqualTo(503);
        assertThat(a.contentType()).startsWith("application/json");
        assertThat(a.json().get("status").asText()).isEqualTo("NOT_READY");
        assertThat(a.json().get("state").asText()).isEqualTo("REBALANCING");
        assertThat(a.json().get("lag").asInt()).isEqualTo(42);
    }

    @Test
    void shouldListTheEndpointsAtTheApiRoot() {
        Answer a = get("/api/v1");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("application/json");
        assertThat(a.json().get("endpoints").findValuesAsText("path"))
                .contains("/api/v1/people/{personId}", "/api/v1/events", "/health", "/ready");
    }
}
