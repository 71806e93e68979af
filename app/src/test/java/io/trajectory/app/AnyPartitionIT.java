package io.trajectory.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.trajectory.api.oracle.Oracle;
import io.trajectory.api.oracle.Organization;
import io.trajectory.config.ConfigKey;
import io.trajectory.events.EventHeader;
import io.trajectory.events.SkillAssessed;
import io.trajectory.schemas.AvroSerdes;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.EmploymentStatus;
import io.trajectory.state.PersonState;
import io.trajectory.topics.Topics;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
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
 * A producer that does not place records the way Java's default partitioner does (a librdkafka
 * client with its default CRC32 partitioner, or one that picks partitions itself) still gets one
 * state per person: a raw producer writes every record of a few hundred people (late events,
 * re-sent duplicates, retractions) to a partition of its own choosing, round robin over all of
 * them, so each person's events are spread over every partition. The person-state topic, the
 * person endpoint, the listing and the stage distribution must all agree with the pure fold.
 */
@Tag("integration")
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnyPartitionIT {

    private static final int PEOPLE = 300;
    private static final int PARTITIONS = 3;
    private static final Duration FOLDED = Duration.ofSeconds(90);

    @TempDir
    static Path dataDir;

    private ItRuntime app;
    private Topics topics;
    private Organization org;
    private Oracle oracle;
    private int misplaced;

    @BeforeAll
    void start() throws Exception {
        app = ItRuntime.start(dataDir, Map.of(ConfigKey.TOPIC_PARTITIONS.key(), Integer.toString(PARTITIONS),
                ConfigKey.ANALYTICS_MIN_GROUP_SIZE.key(), "3", ConfigKey.METRICS_KAFKA_REFRESH_MS.key(), "200"));
        topics = app.runtime().topologyConfig().topics();
        org = Organization.generate(PEOPLE, 7);
        oracle = new Oracle(org, Organization.LADDER);
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, app.runtime().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            int next = 0;
            for (Organization.Arrival a : org.arrivals) {
                byte[] key = a.personId().getBytes(StandardCharsets.UTF_8);
                int partition = next++ % PARTITIONS;
                if (partition != Utils.toPositive(Utils.murmur2(key)) % PARTITIONS) {
                    misplaced++;
                }
                sent.add(producer.send(new ProducerRecord<>(topics.careerEvents().name(), partition, key, a.payload())));
            }
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        }
        System.out.printf("ANY-PARTITION %d records of %d people (%d late, %d re-sent, %d retractions) round robin over %d"
                + " partitions, %d of them off their key's home partition%n", org.arrivals.size(), PEOPLE, org.lateEvents,
                org.resent, org.retractions, PARTITIONS, misplaced);
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    @Order(1)
    void shouldHaveWrittenMostRecordsWhereJavasPartitionerWouldNot() {
        assertThat(org.arrivals).hasSizeGreaterThan(PEOPLE * 5);
        assertThat(org.lateEvents).isPositive();
        assertThat(org.resent).isPositive();
        assertThat(org.retractions).isPositive();
        assertThat(misplaced).isGreaterThan(org.arrivals.size() / 2);
    }

    @Test
    @Order(2)
    void shouldPublishOneStatePerPersonEqualToThePureFold() {
        Map<String, PersonState> latest = new HashMap<>();
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, app.runtime().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-any-partition-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topics.personState().name()));
            await().atMost(FOLDED).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    latest.put(r.key(), AvroSerdes.personState().deserializer().deserialize(r.topic(), r.value()));
                }
                assertThat(wrong(latest)).as("people whose last published state is not the fold of all their events")
                        .isEmpty();
            });
        }
        assertThat(latest).hasSize(PEOPLE);
    }

    /** The people (at most 10, with what differs) whose state is not the oracle's. */
    private Map<String, String> wrong(Map<String, PersonState> actual) {
        Map<String, String> wrong = new TreeMap<>();
        oracle.finals().forEach((personId, expected) -> {
            PersonState got = actual.get(personId);
            if (!expected.equals(got) && wrong.size() < 10) {
                wrong.put(personId, got == null ? "none yet"
                        : "stage " + got.getStage() + " with " + got.getEventCount() + " events, expected "
                                + expected.getStage() + " with " + expected.getEventCount());
            }
        });
        return wrong;
    }

    @Test
    @Order(3)
    void shouldServeTheSameStateOnThePersonEndpoint() throws Exception {
        for (Map.Entry<String, PersonState> e : oracle.finals().entrySet()) {
            HttpResponse<String> r = app.get("/api/v1/people/" + e.getKey());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode person = ItRuntime.JSON.readTree(r.body());
            assertThat(person.path("stage").asText()).as(e.getKey()).isEqualTo(e.getValue().getStage());
            assertThat(person.path("eventCount").asInt()).as(e.getKey()).isEqualTo(e.getValue().getEventCount());
            assertThat(person.path("lastEventId").asText()).as(e.getKey()).isEqualTo(e.getValue().getLastEventId());
        }
    }

    @Test
    @Order(4)
    void shouldListEachPersonOnceInTheirStage() throws Exception {
        Map<String, List<String>> listed = new TreeMap<>();
        String cursor = null;
        do {
            HttpResponse<String> r = app.get("/api/v1/people?limit=500"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode page = ItRuntime.JSON.readTree(r.body());
            for (JsonNode p : page.get("people")) {
                listed.computeIfAbsent(p.get("personId").asText(), k -> new ArrayList<>()).add(p.get("stage").asText());
            }
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText(null);
        } while (cursor != null);

        Map<String, String> wrong = new TreeMap<>();
        oracle.finals().forEach((id, s) -> {
            List<String> stages = listed.getOrDefault(id, List.of());
            if (!stages.equals(List.of(s.getStage())) && wrong.size() < 10) {
                wrong.put(id, "listed " + stages + ", expected once in " + s.getStage());
            }
        });
        assertThat(wrong).as("people not listed exactly once, in their stage").isEmpty();
        assertThat(listed).hasSize(PEOPLE);
    }

    @Test
    @Order(5)
    void shouldCountEachPersonOnceInTheHeadcount() throws Exception {
        HttpResponse<String> r = app.get("/api/v1/analytics/stage-distribution?asOf=" + Organization.END
                + "&from=2023-01-01T00:00:00Z&to=" + Organization.END);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode headcount = ItRuntime.JSON.readTree(r.body()).get("headcount");
        Map<String, Long> byStage = new TreeMap<>();
        oracle.headcount(Organization.END).forEach((k, n) -> byStage.merge(k.get(0), n, Long::sum));
        long total = byStage.values().stream().mapToLong(Long::longValue).sum();

        assertThat(headcount.get("total").path("suppressed").asBoolean()).isFalse();
        assertThat(headcount.get("total").get("count").asLong()).isEqualTo(total);
        for (JsonNode row : headcount.get("stages")) {
            if (!row.get("total").path("suppressed").asBoolean()) {
                assertThat(row.get("total").get("count").asLong()).as(row.get("stage").asText())
                        .isEqualTo(byStage.getOrDefault(row.get("stage").asText(), 0L));
            }
        }
    }

    @Test
    @Order(6)
    void shouldCountTheReroutedRecordsOnTheMetricsEndpoint() {
        double[] rerouted = new double[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            HttpResponse<String> r = app.get("/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            rerouted[0] = MetricsIT.sum(r.body(), "kafka_stream_reroute_records_total").orElse(0.0);
            assertThat(rerouted[0]).isEqualTo(misplaced);
        });
    }

    /**
     * The count the router works with is the topic's own, read from the cluster at start, not
     * {@code topics.partitions}: restarted with a config that says 2, the app keeps the topic's 3
     * (a count of 2 would re-route to the wrong tasks, and Kafka Streams would refuse the existing
     * re-route topic of 3 partitions).
     */
    @Test
    @Order(7)
    void shouldRerouteByThePartitionCountTheTopicHasNotTheConfiguredOne() throws Exception {
        app.close();
        app = ItRuntime.start(dataDir, Map.of(ConfigKey.TOPIC_PARTITIONS.key(), "2"));
        assertThat(app.runtime().topologyConfig().careerEventsPartitions()).isEqualTo(PARTITIONS);

        Map<String, Integer> expectedCounts = new TreeMap<>();
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, app.runtime().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (Map.Entry<String, PersonState> e : oracle.finals().entrySet()) {
                if (e.getValue().getStatus() != EmploymentStatus.EMPLOYED || expectedCounts.size() == 30) {
                    continue;
                }
                String personId = e.getKey();
                byte[] key = personId.getBytes(StandardCharsets.UTF_8);
                int away = (Utils.toPositive(Utils.murmur2(key)) + 1) % PARTITIONS;
                Instant at = Organization.END.minus(Duration.ofDays(1));
                SkillAssessed event = new SkillAssessed(new EventHeader(personId + "-after-restart", personId, at, at, "hr/it"),
                        Organization.LADDER.skillIds().get(0), 1, "a-it");
                producer.send(new ProducerRecord<>(topics.careerEvents().name(), away, key, Codecs.events().encode(event))).get();
                expectedCounts.put(personId, e.getValue().getEventCount() + 1);
            }
        }
        assertThat(expectedCounts).hasSize(30);
        expectedCounts.forEach((personId, count) ->
                app.awaitJson("/api/v1/people/" + personId, p -> p.path("eventCount").asInt() == count));
    }
}
