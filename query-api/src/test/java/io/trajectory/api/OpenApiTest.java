package io.trajectory.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document and the endpoint index describe the same routes. */
class OpenApiTest extends ApiTestSupport {

    @Test
    void shouldServeAnOpenApiDocumentListingExactlyTheEndpointsOfTheIndex() {
        Answer doc = get("/api/v1/openapi.json");
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.json().get("openapi").asText()).startsWith("3.1");

        Set<String> documented = new TreeSet<>();
        doc.json().get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(method.toUpperCase() + " " + path.getKey())));
        Set<String> indexed = new TreeSet<>();
        for (JsonNode e : get("/api/v1").json().get("endpoints")) {
            indexed.add(e.get("method").asText() + " " + e.get("path").asText());
        }

        assertThat(String.join("\n", documented)).isEqualTo(String.join("\n", indexed));
    }

    @Test
    void shouldAnswerEveryIndexedGetEndpointWithSomethingOtherThan404Or405() {
        people.put(PersonStates.senior("p-1"));
        for (JsonNode e : get("/api/v1").json().get("endpoints")) {
            if (e.get("method").asText().equals("GET")) {
                String path = e.get("path").asText().replace("{personId}", "p-1");
                Answer a = get(path);
                assertThat(a.status()).as(path).isNotEqualTo(405);
                if (a.status() == 404) {
                    assertThat(a.json().get("type").asText()).as(path + " is routed").isNotEqualTo(ApiProblem.ABOUT_BLANK);
                }
            }
        }
    }
}
