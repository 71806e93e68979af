package io.trajectory.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trajectory.api.PositionToken;
import io.trajectory.config.ConfigKey;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
 * {@code ?after=TOKEN} on a real broker: a token that cannot be a position of {@code career-events} (a
 * partition the topic does not have, an offset past its end) is refused at once with a 400; a position the
 * view has reached answers at once; only a real position the view has not reached waits, at most
 * {@code query.after.timeout.ms}, then 503 with Retry-After.
 */
@Tag("integration")
@Timeout(180)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadYourWritesIT {

    /** Refused "at once": far under the wait of a token ahead (this is behaviour, not a benchmark). */
    private static final Duration AT_ONCE = Duration.ofSeconds(1);
    private static final Duration AFTER_TIMEOUT = Duration.ofSeconds(3);
    private static final String PERSON = "ryw-ana";

    @TempDir
    static Path dataDir;

    private ItRuntime it;
    private int partition;
    private long offset;
    private String token;

    @BeforeAll
    void start() throws Exception {
        it = ItRuntime.start(dataDir, Map.of(ConfigKey.QUERY_AFTER_TIMEOUT_MS.key(), Long.toString(AFTER_TIMEOUT.toMillis())));
        HttpResponse<String> posted = it.post("/api/v1/events", "application/cloudevents+json",
                "{\"specversion\":\"1.0\",\"id\":\"ryw-ana-hired\",\"source\":\"hr/it\",\"type\":\"trajectory.hired\","
                        + "\"subject\":\"" + PERSON + "\",\"time\":\"2024-01-08T09:00:00Z\","
                        + "\"data\":{\"title\":\"TPM I\",\"department\":\"Payments\"}}");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        JsonNode answer = ItRuntime.JSON.readTree(posted.body());
        partition = answer.path("accepted").get(0).path("partition").asInt();
        offset = answer.path("accepted").get(0).path("offset").asLong();
        token = answer.path("position").asText();
        it.awaitJson("/api/v1/people/" + PERSON, j -> j.path("lastEventId").asText().equals("ryw-ana-hired"));
    }

    @AfterAll
    void stop() {
        if (it != null) {
            it.close();
        }
    }

    private static String tokenOf(int partition, long offset) {
        return new PositionToken(Map.of(partition, offset)).encode();
    }

    /** Every read endpoint that takes ?after=, for one token. */
    private List<String> readsAfter(String t) {
        return List.of("/api/v1/people/" + PERSON + "?after=" + t,
                "/api/v1/people/" + PERSON + "/timeline?after=" + t,
                "/api/v1/people?after=" + t,
                "/api/v1/analytics/stage-distribution?after=" + t,
                "/api/v1/analytics/promotion-velocity?transition=JUNIOR-ADVANCING&after=" + t);
    }

    private record Timed(HttpResponse<String> response, Duration took) {
    }

    private Timed timed(String path) {
        long start = System.nanoTime();
        HttpResponse<String> r = it.get(path);
        return new Timed(r, Duration.ofNanos(System.nanoTime() - start));
    }

    @Test
    @Order(1)
    void shouldRefuseATokenThatCannotBeAPositionAtOnce() throws Exception {
        Map<String, Function<Integer, String>> forged = new LinkedHashMap<>();
        forged.put("an offset far past the end of the partition", p -> tokenOf(p, 1_000_000_000_000L));
        forged.put("an offset just past the end of the partition", p -> tokenOf(p, offset + 1));
        forged.put("a partition the topic does not have", p -> tokenOf(3, 0));
        forged.put("a partition far past the topic's", p -> tokenOf(1_000_000, 0));
        Map<String, String> because = Map.of(
                "an offset far past the end of the partition", "is past the end of partition",
                "an offset just past the end of the partition", "is past the end of partition",
                "a partition the topic does not have", "career-events has 3 partitions",
                "a partition far past the topic's", "career-events has 3 partitions");
        Duration slowest = Duration.ZERO;
        int refused = 0;
        for (var f : forged.entrySet()) {
            for (String path : readsAfter(f.getValue().apply(partition))) {
                Timed t = timed(path);
                slowest = t.took().compareTo(slowest) > 0 ? t.took() : slowest;
                refused++;
                String what = f.getKey() + ": " + path + " -> " + t.response().body();

                assertThat(t.response().statusCode()).as(what).isEqualTo(400);
                assertThat(t.took()).as(what).isLessThan(AT_ONCE);
                assertThat(t.response().headers().firstValue("Content-Type")).hasValueSatisfying(
                        ct -> assertThat(ct).startsWith("application/problem+json"));
                JsonNode problem = ItRuntime.JSON.readTree(t.response().body());
                assertThat(problem.path("type").asText()).as(what).isEqualTo("urn:trajectory:problem:invalid-query");
                assertThat(problem.path("errors").get(0).path("field").asText()).as(what).isEqualTo("after");
                assertThat(problem.path("errors").get(0).path("message").asText()).as(what).contains(because.get(f.getKey()));
            }
        }
        System.out.println("read-your-writes IT: " + refused + " impossible tokens refused, slowest in " + slowest.toMillis() + " ms");
    }

    @Test
    @Order(2)
    void shouldAnswerATokenAtOrBehindTheViewAtOnce() throws Exception {
        for (String t : List.of(token, tokenOf(partition, offset), tokenOf(partition, 0))) {
            Timed read = timed("/api/v1/people/" + PERSON + "?after=" + t);

            assertThat(read.response().statusCode()).as(read.response().body()).isEqualTo(200);
            assertThat(read.took()).isLessThan(AT_ONCE);
            assertThat(ItRuntime.JSON.readTree(read.response().body()).path("lastEventId").asText()).isEqualTo("ryw-ana-hired");
        }
    }

    @Test
    @Order(3)
    void shouldWaitForARealPositionTheViewHasNotReachedThenAnswer503() throws Exception {
        // a record in an open transaction is in the log (below its end) but the processor, reading committed
        // records only, cannot pass it: a real position the view cannot reach while the transaction stays open
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, it.runtime().bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "ryw-it-open-transaction",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.initTransactions();
            producer.beginTransaction();
            long pending = producer.send(new ProducerRecord<>("career-events", partition, PERSON.getBytes(StandardCharsets.UTF_8),
                    "never committed".getBytes(StandardCharsets.UTF_8))).get().offset();
            try {
                Timed read = timed("/api/v1/people/" + PERSON + "?after=" + tokenOf(partition, pending));

                assertThat(read.response().statusCode()).as(read.response().body()).isEqualTo(503);
                assertThat(read.response().headers().firstValue("Retry-After")).isPresent();
                assertThat(read.took()).as("waited for the position").isGreaterThanOrEqualTo(AFTER_TIMEOUT.minusMillis(100));
                assertThat(read.took()).as("at most the documented time").isLessThan(AFTER_TIMEOUT.plusSeconds(3));
                System.out.println("read-your-writes IT: a real position not reached waited " + read.took().toMillis()
                        + " ms (query.after.timeout.ms " + AFTER_TIMEOUT.toMillis() + "), then 503");
            } finally {
                producer.abortTransaction();
            }
        }
        // the view goes on once the transaction is gone
        assertThat(timed("/api/v1/people/" + PERSON + "?after=" + token).response().statusCode()).isEqualTo(200);
    }
}
