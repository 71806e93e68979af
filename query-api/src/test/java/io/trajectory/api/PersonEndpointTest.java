package io.trajectory.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class PersonEndpointTest extends ApiTestSupport {

    @Test
    void shouldAnswerAKnownPersonWithTheirStateAsCleanJson() {
        people.put(PersonStates.senior("p-1001"));

        Answer a = get("/api/v1/people/p-1001");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("application/json");
        JsonNode p = a.json();
        assertThat(p.get("personId").asText()).isEqualTo("p-1001");
        assertThat(p.get("stage").asText()).isEqualTo("SENIOR");
        assertThat(p.get("stageSince").asText()).isEqualTo("2024-03-01T09:00:00Z");
        assertThat(p.get("status").asText()).isEqualTo("EMPLOYED");
        assertThat(p.get("title").asText()).isEqualTo("Senior TPM");
        assertThat(p.get("department").asText()).isEqualTo("Payments");
        assertThat(p.get("managerId").asText()).isEqualTo("p-7");
        assertThat(p.get("hiredAt").asText()).isEqualTo("2021-01-04T08:30:00Z");
        assertThat(p.get("departedAt").isNull()).isTrue();
        assertThat(p.get("counters").get("programsDelivered").asInt()).isEqualTo(4);
        assertThat(p.get("relationships").get("stakeholders").asInt()).isEqualTo(3);
        JsonNode skill = p.get("skills").get(0);
        assertThat(skill.get("skill").asText()).isEqualTo("agile");
        assertThat(skill.get("assessedLevel").asInt()).isEqualTo(4);
        assertThat(skill.get("courseHours").isNumber()).isTrue();
        assertThat(a.body()).contains("\"courseHours\":12.5,");
        assertThat(p.get("stageHistory")).hasSize(2);
        assertThat(p.get("nextStage").asText()).isEqualTo("BEYOND");
        assertThat(p.get("nextSteps").get(0).get("need").asInt()).isEqualTo(5);
        assertThat(p.get("ladder").get("id").asText()).isEqualTo("tpm-default");
        assertThat(p.get("eventCount").asInt()).isEqualTo(12);
        assertThat(p.get("lastOccurredAt").asText()).isEqualTo("2024-03-01T09:00:00.250Z");
        assertThat(p.has("schema")).isFalse();
        assertThat(p.has("specificData")).isFalse();
    }

    @Test
    void shouldAnswer404ProblemForAnUnknownPerson() {
        Answer a = get("/api/v1/people/p-9");

        assertThat(a.status()).isEqualTo(404);
        assertThat(a.contentType()).isEqualTo("application/problem+json");
        JsonNode problem = a.json();
        assertThat(problem.get("type").asText()).isEqualTo("urn:trajectory:problem:person-not-found");
        assertThat(problem.get("title").asText()).isEqualTo("Person not found");
        assertThat(problem.get("status").asInt()).isEqualTo(404);
        assertThat(problem.get("detail").asText()).isEqualTo("no person 'p-9' is known");
        assertThat(problem.get("instance").asText()).isEqualTo("/api/v1/people/p-9");
        assertThat(problem.get("personId").asText()).isEqualTo("p-9");
    }

    @Test
    void shouldAnswer400ProblemForAPersonIdThatBreaksTheIdRule() {
        Answer badChars = get("/api/v1/people/bad%20id!");
        Answer tooLong = get("/api/v1/people/" + "x".repeat(129));
        Answer leadingDot = get("/api/v1/people/.hidden");

        for (Answer a : new Answer[] {badChars, tooLong, leadingDot}) {
            assertThat(a.status()).isEqualTo(400);
            assertThat(a.contentType()).isEqualTo("application/problem+json");
            assertThat(a.json().get("type").asText()).isEqualTo("urn:trajectory:problem:invalid-person-id");
            assertThat(a.json().get("status").asInt()).isEqualTo(400);
            assertThat(a.json().get("errors").get(0).get("field").asText()).isEqualTo("personId");
        }
        assertThat(get("/api/v1/people/" + "x".repeat(128)).status()).isEqualTo(404);
        assertThat(get("/api/v1/people/a.b_c:d@e-f").status()).isEqualTo(404);
    }

    @Test
    void shouldAnswer503WithRetryAfterWhileStoresAreNotQueryable() {
        people.failWith(new NotReadyException("person stores are rebalancing", 7));

        Answer a = get("/api/v1/people/p-1001");

        assertThat(a.status()).isEqualTo(503);
        assertThat(a.contentType()).isEqualTo("application/problem+json");
        assertThat(a.header("Retry-After")).contains("7");
        assertThat(a.json().get("type").asText()).isEqualTo("urn:trajectory:problem:not-ready");
        assertThat(a.json().get("status").asInt()).isEqualTo(503);
        assertThat(a.json().get("detail").asText()).contains("rebalancing");
        assertThat(a.json().get("retryAfterSeconds").asInt()).isEqualTo(7);
    }
}
