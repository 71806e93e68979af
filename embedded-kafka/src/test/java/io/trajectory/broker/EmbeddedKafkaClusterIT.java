package io.trajectory.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EmbeddedKafkaClusterIT {

    private static final String TOPIC = "career-events";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void threeNodesReplicateKeepServingWithOneNodeDownAndCloseInParallel() throws Exception {
        EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start(3, dir, WAIT);
        try {
            assertThat(kafka.size()).isEqualTo(3);
            assertThat(kafka.bootstrapServers().split(",")).hasSize(3);
            assertThat(dir.resolve("node-0/kafka-logs/meta.properties")).exists();
            assertThat(dir.resolve("node-2/kafka-logs/meta.properties")).exists();

            try (Admin admin = admin(kafka.bootstrapServers())) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(3);
                // no replication factor given: the cluster's default (3) and min.insync.replicas=2
                admin.createTopics(List.of(new NewTopic(TOPIC, java.util.Optional.of(4), java.util.Optional.empty())))
                        .all().get(30, TimeUnit.SECONDS);
                TopicDescription topic = describeWhenKnown(admin);
                assertThat(topic.partitions()).hasSize(4)
                        .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
                Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, TOPIC)))
                        .all().get(30, TimeUnit.SECONDS).values().iterator().next();
                assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");
            }

            List<String> expected = new ArrayList<>();
            try (KafkaProducer<String, String> producer = producer(kafka.bootstrapServers())) {
                send(producer, "before", 50, expected);

                // one node down: leaders move, acks=all still succeeds with 2 in-sync replicas
                kafka.stopNode(1);
                assertThat(kafka.isRunning(1)).isFalse();
                send(producer, "one-down", 50, expected);
                assertThat(consumeAll(kafka.bootstrapServers(0) + "," + kafka.bootstrapServers(2), "g-one-down",
                        expected.size())).containsExactlyInAnyOrderElementsOf(expected);

                // back again: it catches up and the cluster is whole again
                kafka.restartNode(1);
                assertThat(kafka.isRunning(1)).isTrue();
                kafka.awaitFullyReplicated(WAIT);
                send(producer, "restarted", 50, expected);
            }
            assertThat(consumeAll(kafka.bootstrapServers(), "g-all", expected.size()))
                    .containsExactlyInAnyOrderElementsOf(expected);
            // the restarted node caught up: it is an in-sync replica of every partition again
            try (Admin admin = admin(kafka.bootstrapServers())) {
                TopicDescription topic = admin.describeTopics(List.of(TOPIC)).allTopicNames()
                        .get(30, TimeUnit.SECONDS).get(TOPIC);
                assertThat(topic.partitions()).allSatisfy(p -> assertThat(p.isr())
                        .anySatisfy(n -> assertThat(n.id()).isEqualTo(kafka.nodeId(1))));
            }

            assertThatThrownBy(() -> kafka.restartNode(1)).hasMessageContaining("is running");
            assertThatThrownBy(() -> kafka.stopNode(3)).hasMessageContaining("no node 3");
        } finally {
            long t0 = System.nanoTime();
            kafka.close();
            // in parallel, the last node does not wait for a lost quorum (one by one it hangs)
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(60));
        }
        kafka.close(); // idempotent
        assertThat(kafka.isRunning(0) || kafka.isRunning(1) || kafka.isRunning(2)).isFalse();
    }

    @Test
    void aSecondClusterOnTheSameDirectoryIsRefusedAndARestartedClusterKeepsItsData() throws Exception {
        String clusterId;
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start(3, dir, WAIT)) {
            clusterId = kafka.clusterId();
            try (Admin admin = admin(kafka.bootstrapServers())) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 3))).all().get(30, TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, String> producer = producer(kafka.bootstrapServers())) {
                send(producer, "kept", 10, new ArrayList<>());
            }
            assertThatThrownBy(() -> EmbeddedKafkaCluster.start(3, dir, WAIT))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already in use");
        }
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start(3, dir, WAIT)) {
            assertThat(kafka.clusterId()).isEqualTo(clusterId);
            assertThat(consumeAll(kafka.bootstrapServers(), "g-again", 10)).hasSize(10)
                    .allSatisfy(v -> assertThat(v).startsWith("kept-"));
        }
    }

    @Test
    void aFatalFaultIsReportedByCloseInsteadOfHaltingTheJvm() {
        EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start(1, dir, WAIT);
        // what Kafka's ProcessTerminatingFaultHandler does on a fatal fault
        org.apache.kafka.common.utils.internals.Exit.halt(1, "simulated fatal fault");
        assertThat(kafka.faults()).singleElement().asString().contains("simulated fatal fault");
        assertThatThrownBy(kafka::close).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fatal fault").hasMessageContaining("simulated fatal fault");
        assertThat(kafka.isRunning(0)).isFalse();
    }

    // ---------------------------------------------------------------------------------------------------

    private static void send(KafkaProducer<String, String> producer, String prefix, int count, List<String> sent)
            throws Exception {
        List<Future<?>> acks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String value = prefix + "-" + i;
            acks.add(producer.send(new ProducerRecord<>(TOPIC, "person-" + i, value)));
            sent.add(value);
        }
        for (Future<?> ack : acks) {
            ack.get(60, TimeUnit.SECONDS);
        }
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /** Reads the topic from the start (bounded by {@link #WAIT}) until {@code expected} records arrived. */
    private static List<String> consumeAll(String bootstrap, String group, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
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
            // nothing more than expected
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(300))) {
                values.add(r.value());
            }
        }
        return values;
    }

    /** A topic just created may not be known yet to the node that answers: retry that, with a deadline. */
    private static TopicDescription describeWhenKnown(Admin admin) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS).get(TOPIC);
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }
}
