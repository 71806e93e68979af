package io.trajectory.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EmbeddedKafkaBrokerIT {

    private static final String TOPIC = "career-events";
    private static final String GROUP = "it-group";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void startsProducesConsumesAndKeepsEverythingAcrossARestart() throws Exception {
        String clusterId;
        List<String> firstRun;
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(BrokerSettings.forTests(dir))) {
            clusterId = kafka.clusterId();
            assertThat(kafka.dataDir()).isEqualTo(dir.toAbsolutePath().normalize());
            assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
            assertThat(dir.resolve("kafka-logs/meta.properties")).exists();

            try (Admin admin = admin(kafka)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }

            // idempotent producer
            try (KafkaProducer<String, String> producer = producer(kafka, Map.of(
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true"))) {
                List<Future<?>> sent = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    sent.add(producer.send(new ProducerRecord<>(TOPIC, "person-" + i, "idempotent-" + i)));
                }
                for (Future<?> f : sent) {
                    f.get(30, TimeUnit.SECONDS);
                }
            }

            // transactional producer: one committed and one aborted transaction
            try (KafkaProducer<String, String> producer = producer(kafka, Map.of(
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-tx"))) {
                producer.initTransactions();
                producer.beginTransaction();
                for (int i = 0; i < 3; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, "person-" + i, "committed-" + i));
                }
                producer.commitTransaction();

                producer.beginTransaction();
                producer.send(new ProducerRecord<>(TOPIC, "person-0", "aborted"));
                producer.flush();
                producer.abortTransaction();
            }

            firstRun = consumeReadCommitted(kafka, GROUP, 6);
            assertThat(firstRun).containsExactlyInAnyOrder(
                    "idempotent-0", "idempotent-1", "idempotent-2", "committed-0", "committed-1", "committed-2");

            // a second broker on the same directory is refused with a clear message
            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(BrokerSettings.forTests(dir)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already in use");

            kafka.close();
            kafka.close(); // idempotent
        }

        // restart on the same directory (and, with port 0, on other ports): nothing is lost
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(BrokerSettings.forTests(dir))) {
            assertThat(kafka.clusterId()).isEqualTo(clusterId);
            try (Admin admin = admin(kafka)) {
                TopicDescription topic = admin.describeTopics(List.of(TOPIC)).allTopicNames()
                        .get(30, TimeUnit.SECONDS).get(TOPIC);
                assertThat(topic.partitions()).hasSize(3);

                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                assertThat(committed).hasSize(3);
                // the committed offsets survived as well: the group has read up to the end of every partition
                Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
                committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
                committed.forEach((tp, om) -> assertThat(om.offset()).isEqualTo(ends.get(tp).offset()));
            }

            List<String> secondRun = consumeReadCommitted(kafka, "it-group-after-restart", 6);
            assertThat(secondRun).containsExactlyInAnyOrderElementsOf(firstRun);
        }
    }

    @Test
    void topicsAreNotCreatedAutomatically() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(BrokerSettings.forTests(dir));
             KafkaProducer<String, String> producer = producer(kafka, Map.of(
                     ProducerConfig.MAX_BLOCK_MS_CONFIG, "1500"));
             Admin admin = admin(kafka)) {

            long t0 = System.nanoTime();
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("no-such-topic", "k", "v"))
                    .get(30, TimeUnit.SECONDS))
                    .satisfiesAnyOf(
                            e -> assertThat(e).isInstanceOf(TimeoutException.class),
                            e -> assertThat(e).isInstanceOf(ExecutionException.class)
                                    .hasCauseInstanceOf(TimeoutException.class));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));

            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertThat(topics).doesNotContain("no-such-topic");
        }
        // a clean close leaves the lock free for the next broker
        assertThat(Files.exists(dir.resolve(EmbeddedKafkaBroker.LOCK_FILE))).isTrue();
    }

    // ---------------------------------------------------------------------------------------------------

    private static Admin admin(EmbeddedKafkaBroker kafka) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return Admin.create(p);
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafkaBroker kafka, Map<String, String> extra) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.putAll(extra);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /** Polls (bounded by {@link #WAIT}) until {@code expected} records were read, then commits. */
    private static List<String> consumeReadCommitted(EmbeddedKafkaBroker kafka, String group, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
            consumer.commitSync(WAIT);
            // nothing beyond the committed records (the aborted one must stay invisible)
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                values.add(r.value());
            }
        }
        return values;
    }
}
