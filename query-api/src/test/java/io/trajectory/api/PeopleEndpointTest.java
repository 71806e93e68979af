package io.trajectory.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trajectory.state.PersonState;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PeopleEndpointTest extends ApiTestSupport {

    private static PersonState person(String id, String stage, String department) {
        PersonState s = PersonStates.senior(id);
        s.setStage(stage);
        s.setDepartment(department);
        return s;
    }

    @BeforeEach
    void people() {
        people.put(person("p-01", "SENIOR", "Payments"))
                .put(person("p-02", "SENIOR", "Payments"))
                .put(person("p-03", "SENIOR", "Platform"))
                .put(person("p-04", "JUNIOR", "Payments"))
                .put(person("p-05", "SENIOR", "Payments"))
                .put(person("p-06", "BEYOND", "Payments"));
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("people").forEach(p -> out.add(p.get("personId").asText()));
        return out;
    }

    @Test
    void shouldPageThroughThePeopleOfAStageAndDepartment() {
        JsonNode first = get("/api/v1/people?stage=SENIOR&department=Payments&limit=2").json();
        String cursor = URLEncoder.encode(first.get("nextCursor").asText(), StandardCharsets.UTF_8);
        JsonNode second = get("/api/v1/people?stage=SENIOR&department=Payments&limit=2&cursor=" + cursor).json();

        assertThat(ids(first)).containsExactly("p-01", "p-02");
        assertThat(first.get("count").asInt()).isEqualTo(2);
        assertThat(ids(second)).containsExactly("p-05");
        assertThat(second.get("nextCursor").isNull()).isTrue();
        assertThat(first.get("people").get(0).get("stage").asText()).isEqualTo("SENIOR");
        assertThat(first.get("people").get(0).get("department").asText()).isEqualTo("Payments");
    }

    @Test
    void shouldFilterByStageOrDepartmentAlone() {
        assertThat(ids(get("/api/v1/people?stage=SENIOR").json())).containsExactly("p-01", "p-02", "p-05", "p-03");
        assertThat(ids(get("/api/v1/people?department=Platform").json())).containsExactly("p-03");
        assertThat(ids(get("/api/v1/people").json())).hasSize(6);
    }

    @Test
    void shouldNameEveryBadParameter() {
        Answer a = get("/api/v1/people?stage=SENOIR&limit=0&sort=name&cursor=%21%21");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("stage", "limit", "sort", "cursor");
        assertThat(a.body()).contains("unknown stage 'SENOIR'");
    }

    @Test
    void shouldRefuseACursorOfAnotherListing() {
        String cursor = get("/api/v1/people?stage=SENIOR&limit=1").json().get("nextCursor").asText();

        Answer a = get("/api/v1/people?stage=JUNIOR&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("errors").get(0).get("field").asText()).isEqualTo("cursor");
    }
}
