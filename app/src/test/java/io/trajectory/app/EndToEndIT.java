package io.trajectory.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import io.trajectory.config.TrajectoryConfig;
import io.trajectory.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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
 * The whole path on a real in-JVM KRaft broker (the launcher's own embedded-broker code): HTTP POST
 * of CloudEvents → Kafka → Kafka Streams fold → GET over HTTP; bad bytes on the topic → DLQ; the
 * data survives a restart.
 */
@Tag("integration")
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dataDir;

    private TrajectoryConfig config;
    private TrajectoryRuntime runtime;
    private String adminKey;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() {
        config = ItRuntime.config(dataDir, Map.of());
        runtime = TrajectoryRuntime.start(config);
        adminKey = ItRuntime.adminKey(runtime);
    }

    @AfterAll
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private String base() {
        return "http://localhost:" + runtime.httpPort();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(ItRuntime.authorized(HttpRequest.newBuilder(URI.create(base() + path)), adminKey).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String contentType, String body) throws Exception {
        return http.send(ItRuntime.authorized(HttpRequest.newBuilder(URI.create(base() + "/api/v1/events")), adminKey)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cloudEvent(String id, String type, String subject, String time, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"hr/it\",\"type\":\"trajectory." + type
                + "\",\"subject\":\"" + subject + "\",\"time\":\"" + time + "\",\"data\":" + data + "}";
    }

    private JsonNode awaitPerson(String personId, java.util.function.Predicate<JsonNode> until) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            HttpResponse<String> r = get("/api/v1/people/" + personId);
            if (r.statusCode() != 200) {
                return false;
            }
            last[0] = JSON.readTree(r.body());
            return until.test(last[0]);
        });
        return last[0];
    }

    @Test
    @Order(1)
    void shouldBeReadyOnceTheProcessorRuns() throws Exception {
        HttpResponse<String> ready = get("/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ready.body()).get("status").asText()).isEqualTo("READY");
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void shouldServeTheStageOfEventsPostedOverHttp() throws Exception {
        HttpResponse<String> hired = post("application/cloudevents+json", cloudEvent("it-h-1", "hired", "grace",
                "2024-01-08T09:00:00Z", "{\"title\":\"TPM I\",\"department\":\"Payments\"}"));
        assertThat(hired.statusCode()).as(hired.body()).isEqualTo(202);
        assertThat(hired.body()).contains("it-h-1");

        String batch = "[" + cloudEvent("it-p-1", "project-delivered", "grace", "2024-03-01T09:00:00Z",
                "{\"projectId\":\"x\",\"name\":\"X\",\"crossTeam\":true}") + ","
                + cloudEvent("it-p-2", "project-delivered", "grace", "2024-06-01T09:00:00Z",
                "{\"projectId\":\"y\",\"name\":\"Y\",\"crossTeam\":false}") + ","
                + cloudEvent("it-c-1", "course-completed", "grace", "2024-07-01T09:00:00Z",
                "{\"courseId\":\"po\",\"title\":\"Process\",\"skills\":[\"process-optimization\"],\"hours\":6.5}") + "]";
        HttpResponse<String> accepted = post("application/cloudevents-batch+json", batch);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        // the last piece of evidence, built with the official CloudEvents SDK
        CloudEvent sdkEvent = CloudEventBuilder.v1()
                .withId("it-a-1").withSource(URI.create("hr/lattice")).withType("trajectory.skill-assessed")
                .withSubject("grace").withTime(OffsetDateTime.parse("2024-08-01T09:00:00Z"))
                .withDataContentType("application/json")
                .withData("{\"skill\":\"technical-knowledge\",\"level\":3,\"assessorId\":\"m-1\"}".getBytes(StandardCharsets.UTF_8))
                .build();
        String sdkJson = new String(EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE)
                .serialize(sdkEvent), StandardCharsets.UTF_8);
        assertThat(post(JsonFormat.CONTENT_TYPE, sdkJson).statusCode()).isEqualTo(202);

        JsonNode grace = awaitPerson("grace", p -> p.path("stage").asText().equals("ADVANCING"));
        assertThat(grace.path("counters").path("programsDelivered").asInt()).isEqualTo(2);
        assertThat(grace.path("department").asText()).isEqualTo("Payments");
        assertThat(grace.path("nextStage").asText()).isEqualTo("SENIOR");
    }

    @Test
    @Order(3)
    void shouldRejectInvalidEventsWithEveryProblemAndSendNothing() throws Exception {
        String bad = cloudEvent("it-bad-1", "promotion", "grace", "2024-09-01T09:00:00Z", "{\"toStage\":\"CEO\"}");
        HttpResponse<String> rejected = post("application/cloudevents+json", bad);

        assertThat(rejected.statusCode()).isEqualTo(400);
        assertThat(rejected.body()).contains("data.toStage").contains("data.title");
        assertThat(get("/api/v1/people/nobody").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(4)
    void shouldIgnoreAReplayedEventId() throws Exception {
        String replay = cloudEvent("it-p-1", "project-delivered", "grace", "2024-03-01T09:00:00Z",
                "{\"projectId\":\"x\",\"name\":\"X\",\"crossTeam\":true}");
        assertThat(post("application/cloudevents+json", replay).statusCode()).isEqualTo(202);
        // a marker event after the replay: once it is visible, the replay was processed too (same partition)
        assertThat(post("application/cloudevents+json", cloudEvent("it-t-1", "transferred", "grace",
                "2024-10-01T09:00:00Z", "{\"department\":\"Search\"}")).statusCode()).isEqualTo(202);

        JsonNode grace = awaitPerson("grace", p -> p.path("department").asText().equals("Search"));
        assertThat(grace.path("counters").path("programsDelivered").asInt()).isEqualTo(2);
    }

    @Test
    @Order(5)
    void shouldSendUndecodableRecordsToTheDeadLetterTopicUnchanged() throws Exception {
        byte[] garbage = ("not avro " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        Map<String, Object> producerProps = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps)) {
            producer.send(new ProducerRecord<>("career-events", "mallory".getBytes(StandardCharsets.UTF_8), garbage)).get();
        }

        Map<String, Object> consumerProps = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-dlq-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.subscribe(List.of("career-events-dlq"));
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.stream().anyMatch(r -> java.util.Arrays.equals(r.value(), garbage));
            });
        }
        ConsumerRecord<byte[], byte[]> dead = seen.stream()
                .filter(r -> java.util.Arrays.equals(r.value(), garbage)).findFirst().orElseThrow();
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("mallory");
        assertThat(new String(dead.headers().lastHeader(Topics.DLQ_REASON_HEADER).value(), StandardCharsets.UTF_8))
                .isEqualTo("bad-marker");
        assertThat(get("/api/v1/people/mallory").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(6)
    void shouldLoadTheSamplePeopleEachAtTheirStage() throws Exception {
        SampleData.load(runtime.mapper(), runtime.producer(), WAIT);
        assertThat(SampleData.awaitVisible(runtime.queries(), WAIT)).isTrue();

        Map<String, String> expected = Map.of("ada", "CANDIDATE", "ben", "JUNIOR", "cleo", "ADVANCING",
                "dev", "SENIOR", "eve", "BEYOND", "finn", "JUNIOR");
        for (var e : expected.entrySet()) {
            JsonNode person = JSON.readTree(get("/api/v1/people/" + e.getKey()).body());
            assertThat(person.path("stage").asText()).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(JSON.readTree(get("/api/v1/people/finn").body()).path("status").asText()).isEqualTo("DEPARTED");
        assertThat(JSON.readTree(get("/api/v1/people/ben").body()).path("title").asText())
                .as("the retracted promotion does not count").isEqualTo("Technical Program Manager I");
        assertThat(JSON.readTree(get("/api/v1/people/ben?knownAt=2025-07-01T12:00:00Z").body()).path("stage").asText())
                .as("before the retraction was recorded, the promotion stood (the banner's example)").isEqualTo("SENIOR");
    }

    @Test
    @Order(7)
    void shouldFindEverythingAgainAfterARestart() throws Exception {
        runtime.close();
        runtime = TrajectoryRuntime.start(config);

        JsonNode grace = awaitPerson("grace", p -> true);
        assertThat(grace.path("stage").asText()).isEqualTo("ADVANCING");
        assertThat(grace.path("department").asText()).isEqualTo("Search");
        assertThat(awaitPerson("eve", p -> true).path("stage").asText()).isEqualTo("BEYOND");
    }
}
