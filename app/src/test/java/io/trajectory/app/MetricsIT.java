package io.trajectory.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} of a running Trajectory: Prometheus text with request latencies by route
 * template, Kafka Streams' own metrics including its consumer's lag, the dead-letter count by
 * reason, the JVM; and no person id anywhere in it.
 */
@Tag("integration")
@Timeout(180)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsIT {

    @TempDir
    static Path dataDir;

    private ItRuntime it;

    @BeforeAll
    void start() {
        it = ItRuntime.start(dataDir, Map.of("metrics.kafka.refresh.ms", "200"));
    }

    @AfterAll
    void stop() {
        if (it != null) {
            it.close();
        }
    }

    @Test
    void shouldExposeRequestKafkaStreamsDeadLetterAndJvmMetricsInPrometheusFormat() throws Exception {
        it.postEvent("evt-metrics-1", "hr/test", "hired", "ada-metrics", "2024-01-02T09:00:00Z",
                Map.of("title", "TPM I", "department", "Payments"));
        it.awaitJson("/api/v1/people/ada-metrics", p -> p.path("stage").asText().equals("JUNIOR"));
        assertThat(it.get("/api/v1/people/nobody-metrics").statusCode()).isEqualTo(404);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, it.runtime().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>("career-events", "eve-metrics".getBytes(StandardCharsets.UTF_8),
                    "not avro".getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>("career-events", "eve-metrics".getBytes(StandardCharsets.UTF_8),
                    "still not avro".getBytes(StandardCharsets.UTF_8))).get();
        }

        String[] text = new String[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            HttpResponse<String> r = it.get("/metrics");
            text[0] = r.body();
            return r.statusCode() == 200 && sum(r.body(), "kafka_stream_dead_letter_records_total").orElse(0.0) >= 2.0;
        });
        String metrics = text[0];
        // kept for whoever reads a failure of this test
        java.nio.file.Files.writeString(Path.of("target", "metrics-it.txt"), metrics);

        assertThat(it.get("/metrics").headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        // request latencies by route template and status, with histogram buckets
        assertThat(sample(metrics, "http_server_requests_seconds_count",
                "method=\"GET\"", "status=\"200\"", "uri=\"/api/v1/people/{personId}\"")).hasValueSatisfying(
                        v -> assertThat(v).isGreaterThanOrEqualTo(1.0));
        // at least the one for nobody-metrics: the polls of awaitJson before ada-metrics was folded are 404s too
        assertThat(sample(metrics, "http_server_requests_seconds_count",
                "status=\"404\"", "uri=\"/api/v1/people/{personId}\"")).hasValueSatisfying(
                        v -> assertThat(v).isGreaterThanOrEqualTo(1.0));
        assertThat(sample(metrics, "http_server_requests_seconds_count",
                "method=\"POST\"", "status=\"202\"", "uri=\"/api/v1/events\"")).hasValue(1.0);
        assertThat(metrics).contains("http_server_requests_seconds_bucket{");
        // dead letters by reason (both garbage records: no Avro single-object marker)
        assertThat(sum(metrics, "kafka_stream_dead_letter_records_total")).hasValue(2.0);
        assertThat(metrics).containsPattern("kafka_stream_dead_letter_records_total\\{[^}]*dead_letter_id=\"[a-z-]+\"");
        // Kafka Streams' own metrics: thread, and the lag of its consumer on career-events
        assertThat(metrics).containsPattern("(?m)^kafka_stream_thread_process_total\\{");
        assertThat(metrics).containsPattern("(?m)^kafka_consumer_fetch_manager_records_lag\\{[^}]*topic=\"career-events\"");
        // the ingest producer and the JVM
        assertThat(metrics).containsPattern("(?m)^kafka_producer_record_send_total\\{[^}]*client_id=\"trajectory-producer\"");
        assertThat(metrics).containsPattern("(?m)^jvm_memory_used_bytes\\{");
        // request paths are templates: no person id leaks into the metrics
        assertThat(metrics).doesNotContain("ada-metrics").doesNotContain("nobody-metrics").doesNotContain("eve-metrics");
    }

    /** The value of the one sample of {@code name} whose labels contain every fragment. */
    static Optional<Double> sample(String text, String name, String... labelFragments) {
        List<Double> values = samples(text, name, labelFragments);
        assertThat(values).as("samples of %s with %s", name, Arrays.toString(labelFragments)).hasSizeLessThanOrEqualTo(1);
        return values.stream().findFirst();
    }

    /** The sum over every sample of {@code name} (all label sets), if there is any. */
    static Optional<Double> sum(String text, String name) {
        List<Double> values = samples(text, name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.stream().mapToDouble(Double::doubleValue).sum());
    }

    private static List<Double> samples(String text, String name, String... labelFragments) {
        // label values may hold braces (uri="/api/v1/people/{personId}"): match quoted strings whole
        Pattern line = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{((?:[^\"}]|\"(?:[^\"\\\\]|\\\\.)*\")*)\\} (\\S+)$");
        Matcher m = line.matcher(text);
        List<Double> values = new java.util.ArrayList<>();
        while (m.find()) {
            String labels = m.group(1);
            if (Arrays.stream(labelFragments).allMatch(labels::contains)) {
                values.add(Double.parseDouble(m.group(2)));
            }
        }
        return values;
    }
}
