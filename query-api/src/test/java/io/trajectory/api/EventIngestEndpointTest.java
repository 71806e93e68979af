package io.trajectory.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.trajectory.events.CourseCompleted;
import io.trajectory.events.Promotion;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class EventIngestEndpointTest extends ApiTestSupport {

    private static final String EVENTS = "/api/v1/events";

    static String promotion(String id, String subject) {
        return """
                {"specversion":"1.0","id":"%s","source":"hr/workday","type":"trajectory.promotion",
                 "subject":"%s","time":"2024-03-01T09:00:00Z",
                 "data":{"toStage":"SENIOR","title":"Senior TPM","department":"Payments"}}
                """.formatted(id, subject);
    }

    static String course(String id, String subject) {
        return """
                {"specversion":"1.0","id":"%s","source":"hr/lms","type":"trajectory.course-completed",
                 "subject":"%s","time":"2024-02-01T17:00:00Z",
                 "data":{"courseId":"c-agile","title":"Agile delivery","skills":["agile"],"hours":12.5}}
                """.formatted(id, subject);
    }

    static String batch(String... events) {
        return "[" + String.join(",", events) + "]";
    }

    @Test
    void shouldAcceptOneCloudEventAndAnswer202WithWhereKafkaStoredIt() {
        Answer a = post(EVENTS, "application/cloudevents+json", promotion("evt-1", "p-1001"));

        assertThat(a.status()).isEqualTo(202);
        assertThat(a.contentType()).startsWith("application/json");
        assertThat(a.json().get("count").asInt()).isEqualTo(1);
        JsonNode accepted = a.json().get("accepted").get(0);
        assertThat(accepted.get("id").asText()).isEqualTo("evt-1");
        assertThat(accepted.get("subject").asText()).isEqualTo("p-1001");
        assertThat(accepted.get("partition").isInt()).isTrue();
        assertThat(accepted.get("offset").asLong()).isEqualTo(0);
        assertThat(sink.sent()).singleElement().isInstanceOfSatisfying(Promotion.class, p -> {
            assertThat(p.getToStage()).isEqualTo("SENIOR");
            assertThat(p.getHeader().getPersonId()).isEqualTo("p-1001");
        });
    }

    @Test
    void shouldAcceptABatchInOrder() {
        Answer a = post(EVENTS, "application/cloudevents-batch+json; charset=utf-8",
                batch(course("evt-1", "p-1"), promotion("evt-2", "p-1"), promotion("evt-3", "p-2")));

        assertThat(a.status()).isEqualTo(202);
        assertThat(a.contentType()).startsWith("application/json");
        assertThat(a.json().get("count").asInt()).isEqualTo(3);
        assertThat(a.json().get("accepted").findValuesAsText("id")).containsExactly("evt-1", "evt-2", "evt-3");
        assertThat(a.json().get("accepted").findValuesAsText("subject")).containsExactly("p-1", "p-1", "p-2");
        assertThat(sink.sentIds()).containsExactly("evt-1", "evt-2", "evt-3");
        assertThat(((CourseCompleted) sink.sent().get(0)).getHours()).isEqualByComparingTo(new BigDecimal("12.5"));
    }

    @Test
    void shouldTakePlainJsonAsOneEventWhenAnObjectAndAsABatchWhenAnArray() {
        Answer object = post(EVENTS, "application/json", promotion("evt-1", "p-1"));
        Answer array = post(EVENTS, "application/json", batch(promotion("evt-2", "p-1"), course("evt-3", "p-1")));

        assertThat(object.status()).isEqualTo(202);
        assertThat(object.contentType()).startsWith("application/json");
        assertThat(object.json().get("count").asInt()).isEqualTo(1);
        assertThat(array.status()).isEqualTo(202);
        assertThat(array.contentType()).startsWith("application/json");
        assertThat(array.json().get("count").asInt()).isEqualTo(2);
        assertThat(sink.sentIds()).containsExactly("evt-1", "evt-2", "evt-3");
    }

    @Test
    void shouldName400EveryInvalidFieldOfEveryEventInABatchAndSendNothing() {
        String badPromotion = """
                {"specversion":"1.0","id":"evt-2","source":"hr/workday","type":"trajectory.promotion",
                 "subject":"p-1","time":"2024-03-01T09:00:00Z","data":{"toStage":"WIZARD"}}
                """;
        String badAssessment = """
                {"specversion":"1.0","id":"evt-3","source":"hr/review","type":"trajectory.skill-assessed",
                 "subject":"bad id!","time":"2024-03-01T09:00:00Z",
                 "data":{"skill":"agile","level":9,"assessorId":"p-7"}}
                """;

        Answer a = post(EVENTS, "application/cloudevents-batch+json",
                batch(promotion("evt-1", "p-1"), badPromotion, badAssessment));

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.contentType()).isEqualTo("application/problem+json");
        JsonNode problem = a.json();
        assertThat(problem.get("type").asText()).isEqualTo("urn:trajectory:problem:invalid-events");
        assertThat(problem.get("title").asText()).isEqualTo("Invalid events");
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("detail").asText()).contains("2 of 3 events are invalid", "nothing was sent");
        List<JsonNode> errors = StreamSupport.stream(problem.get("errors").spliterator(), false).toList();
        assertThat(errors).extracting(e -> e.get("index").asInt(), e -> e.get("id").asText(), e -> e.get("field").asText())
                .contains(tuple(1, "evt-2", "data.toStage"), tuple(1, "evt-2", "data.title"),
                        tuple(2, "evt-3", "subject"), tuple(2, "evt-3", "data.level"))
                .noneMatch(t -> t.toList().get(0).equals(0));
        assertThat(errors).allSatisfy(e -> assertThat(e.get("message").asText()).isNotBlank());
        assertThat(sink.sent()).isEmpty();
    }

    @Test
    void shouldAnswer400ProblemForMalformedJson() {
        Answer a = post(EVENTS, "application/cloudevents+json", "{\"specversion\": \"1.0\", ");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.contentType()).isEqualTo("application/problem+json");
        assertThat(a.json().get("type").asText()).isEqualTo("urn:trajectory:problem:invalid-events");
        assertThat(a.json().get("status").asInt()).isEqualTo(400);
        assertThat(a.json().get("errors").get(0).get("field").asText()).isEqualTo("body");
        assertThat(a.json().get("errors").get(0).get("index").isNull()).isTrue();
        assertThat(a.body()).doesNotContain("com.fasterxml", "Exception");
        assertThat(sink.sent()).isEmpty();
    }

    @Test
    void shouldAnswer415ForAnotherContentType() {
        Answer text = post(EVENTS, "text/plain", promotion("evt-1", "p-1"));
        Answer latin1 = post(EVENTS, "application/json; charset=ISO-8859-1", promotion("evt-1", "p-1"));
        Answer none = send(request(EVENTS).POST(HttpRequest.BodyPublishers.ofString(promotion("evt-1", "p-1"))));

        for (Answer a : new Answer[] {text, latin1, none}) {
            assertThat(a.status()).isEqualTo(415);
            assertThat(a.contentType()).isEqualTo("application/problem+json");
            assertThat(a.json().get("title").asText()).isEqualTo("Unsupported Media Type");
            assertThat(a.json().get("status").asInt()).isEqualTo(415);
            assertThat(a.json().get("supported")).extracting(JsonNode::asText)
                    .containsExactly("application/cloudevents+json", "application/cloudevents-batch+json", "application/json");
        }
        assertThat(sink.sent()).isEmpty();
    }

    @Test
    void shouldAnswer415ForACompressedBody() {
        Answer a = send(request(EVENTS).header("Content-Type", "application/cloudevents+json").header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0x1f, (byte) 0x8b, 8, 0})));

        assertThat(a.status()).isEqualTo(415);
        assertThat(a.contentType()).isEqualTo("application/problem+json");
        assertThat(a.json().get("detail").asText()).isEqualTo("Content-Encoding 'gzip' is not supported; send the body uncompressed");
        assertThat(sink.sent()).isEmpty();
    }

    @Test
    void shouldAnswer413ForABodyLargerThanTheLimitWithOrWithoutContentLength() {
        List<String> many = new ArrayList<>();
        for (int i = 0; many.stream().mapToInt(String::length).sum() <= MAX_BODY_BYTES; i++) {
            many.add(promotion("evt-" + i, "p-1"));
        }
        byte[] big = batch(many.toArray(String[]::new)).getBytes(StandardCharsets.UTF_8);

        Answer declared = post(EVENTS, "application/cloudevents-batch+json", new String(big, StandardCharsets.UTF_8));
        Answer chunked = send(request(EVENTS).header("Content-Type", "application/cloudevents-batch+json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));

        for (Answer a : new Answer[] {declared, chunked}) {
            assertThat(a.status()).isEqualTo(413);
            assertThat(a.contentType()).isEqualTo("application/problem+json");
            assertThat(a.json().get("status").asInt()).isEqualTo(413);
            assertThat(a.json().get("maxBodyBytes").asInt()).isEqualTo(MAX_BODY_BYTES);
        }
        assertThat(sink.sent()).isEmpty();
    }

    @Test
    void shouldAnswer503NamingTheConfirmedEventsWhenKafkaFails() {
        sink.afterConfirming(1, FakeEventSink.Mode.FAIL);

        Answer a = post(EVENTS, "application/cloudevents-batch+json",
                batch(promotion("evt-1", "p-1"), promotion("evt-2", "p-2"), promotion("evt-3", "p-3")));

        assertThat(a.status()).isEqualTo(503);
        assertThat(a.contentType()).isEqualTo("application/problem+json");
        assertThat(a.header("Retry-After")).isPresent();
        JsonNode problem = a.json();
        assertThat(problem.get("type").asText()).isEqualTo("urn:trajectory:problem:events-not-confirmed");
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(problem.get("detail").asText()).contains("1 of 3 confirmed", "Re-posting", "deduplicated");
        assertThat(problem.get("confirmed").findValuesAsText("id")).containsExactly("evt-1");
        assertThat(problem.get("unconfirmed")).extracting(JsonNode::asText).containsExactly("evt-2", "evt-3");
        assertThat(a.body()).doesNotContain("secret internals", "9092");
    }

    @Test
    void shouldAnswer503WhenKafkaDoesNotConfirmWithinTheSendTimeout() {
        sink.afterConfirming(0, FakeEventSink.Mode.HANG);

        long start = System.nanoTime();
        Answer a = post(EVENTS, "application/cloudevents+json", promotion("evt-1", "p-1"));
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(a.status()).isEqualTo(503);
        assertThat(a.contentType()).isEqualTo("application/problem+json");
        assertThat(a.json().get("detail").asText()).contains("within " + SEND_TIMEOUT.toMillis() + " ms");
        assertThat(a.json().get("confirmed")).isEmpty();
        assertThat(a.json().get("unconfirmed")).extracting(JsonNode::asText).containsExactly("evt-1");
        assertThat(tookMs).isGreaterThanOrEqualTo(SEND_TIMEOUT.toMillis()).isLessThan(5_000);
    }

    @Test
    void shouldAnswer400WhenTheProducerRejectsAnEvent() {
        sink.afterConfirming(1, FakeEventSink.Mode.REJECT);

        Answer a = post(EVENTS, "application/json", batch(promotion("evt-1", "p-1"), promotion("evt-2", "p-1")));

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.contentType()).isEqualTo("application/problem+json");
        assertThat(a.json().get("type").asText()).isEqualTo("urn:trajectory:problem:invalid-events");
        assertThat(a.json().get("errors").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(a.json().get("errors").get(0).get("field").asText()).isEqualTo("data.title");
        assertThat(a.json().get("confirmed").findValuesAsText("id")).containsExactly("evt-1");
    }
}
