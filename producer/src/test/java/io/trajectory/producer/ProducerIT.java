package io.trajectory.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trajectory.broker.BrokerSettings;
import io.trajectory.broker.EmbeddedKafkaBroker;
import io.trajectory.config.ConfigKey;
import io.trajectory.config.TrajectoryConfig;
import io.trajectory.events.Promotion;
import io.trajectory.producer.cli.EmitCommand;
import io.trajectory.producer.cli.ExitCodes;
import io.trajectory.producer.cli.ImportCommand;
import io.trajectory.schemas.CareerEvents;
import io.trajectory.schemas.Codecs;
import io.trajectory.topics.TopicProvisioner;
import io.trajectory.topics.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The producer, {@code import} and {@code emit} against a real (embedded, KRaft) broker. */
@Tag("integration")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ProducerIT {

    private static final Instant MARCH = Instant.parse("2024-03-01T09:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker kafka;
    /** Config as the launcher would load it, without a cluster: the tests pass one explicitly. */
    private static TrajectoryConfig baseConfig;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafkaBroker.start(BrokerSettings.forTests(dir.resolve("kafka")));
        baseConfig = TrajectoryConfig.load(Optional.empty(), Map.of(), Map.of(ConfigKey.TOPIC_PARTITIONS.key(), "3"));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** A config whose career-events topic is fresh for one test, with that topic created. */
    private static TrajectoryConfig withFreshTopic(String name) {
        TrajectoryConfig config = baseConfig.with(ConfigKey.TOPIC_CAREER_EVENTS, name + "-" + UUID.randomUUID());
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            // TopicProvisioner describes the topics right after creating them; until the broker's metadata
            // has caught up that fails with UnknownTopicOrPartition. ensure() is idempotent: try again.
            await().atMost(WAIT).ignoreExceptionsInstanceOf(IllegalStateException.class)
                    .until(() -> TopicProvisioner.ensure(admin, Topics.from(config).toCreate(), WAIT.toMillis()) != null);
        }
        return config;
    }

    private static Promotion promotion(String person, String stage) {
        return Events.promotion(person).toStage(stage).title("Senior TPM").occurredAt(MARCH).source("hr/workday").build();
    }

    @Test
    void shouldWriteValidEventsKeyedByPersonAndNeverTheInvalidOnes() {
        TrajectoryConfig config = withFreshTopic("producer");
        Topics topics = Topics.from(config);
        List<SpecificRecord> valid = List.of(
                Events.hired("p-1").title("TPM I").department("Payments").occurredAt(MARCH.minusSeconds(86_400 * 400)).build(),
                promotion("p-1", "ADVANCING"),
                Events.hired("p-2").title("TPM I").department("Risk").occurredAt(MARCH).build(),
                Events.courseCompleted("p-2").courseId("c-1").title("Scrum").skills("agile").hours("12.75").occurredAt(MARCH).build(),
                Events.vendorRelationshipLogged("p-3").counterparty("Acme").kind(io.trajectory.events.RelationshipKind.VENDOR)
                        .occurredAt(MARCH).build(),
                Events.skillAssessed("p-3").skill("agile").level(4).assessorId("p-9").occurredAt(MARCH).build());
        Promotion invalid = promotion("p-1", "ASTRONAUT");

        List<Delivery> deliveries;
        CompletableFuture<Delivery> refused;
        try (CareerEventProducer producer = CareerEventProducer.create(kafka.bootstrapServers(), topics, Fixtures.VALIDATOR)) {
            List<CompletableFuture<Delivery>> sent = producer.sendAll(valid);
            refused = producer.send(invalid);
            deliveries = sent.stream().map(CompletableFuture::join).toList();
        }

        assertThat(refused).isCompletedExceptionally();
        assertThat(refused.handle((d, e) -> e).join()).isInstanceOf(InvalidEventException.class);

        List<ConsumerRecord<String, byte[]>> records = readAll(topics.careerEvents().name(), valid.size());
        assertThat(records).hasSize(valid.size());
        Map<String, SpecificRecord> byId = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            SpecificRecord event = Codecs.events().decode(record.value());
            assertThat(record.key()).isEqualTo(CareerEvents.personId(event));
            byId.put(CareerEvents.eventId(event), event);
        }
        assertThat(byId.values()).containsExactlyInAnyOrderElementsOf(valid);
        assertThat(byId).doesNotContainKey(CareerEvents.eventId(invalid));
        // one person, one partition; and each delivery says where its record is
        Map<String, List<Integer>> partitionsByPerson = records.stream().collect(Collectors.groupingBy(
                ConsumerRecord::key, Collectors.mapping(ConsumerRecord::partition, Collectors.toList())));
        partitionsByPerson.values().forEach(p -> assertThat(p).containsOnly(p.get(0)));
        for (Delivery delivery : deliveries) {
            ConsumerRecord<String, byte[]> record = records.stream()
                    .filter(r -> r.partition() == delivery.partition() && r.offset() == delivery.offset())
                    .findFirst().orElseThrow();
            assertThat(CareerEvents.eventId(Codecs.events().decode(record.value()))).isEqualTo(delivery.eventId());
            assertThat(delivery.topic()).isEqualTo(topics.careerEvents().name());
        }
    }

    @Test
    void shouldImportTheValidLinesOfFilesAndOnlyThose() {
        TrajectoryConfig config = withFreshTopic("import");
        String topic = Topics.from(config).careerEvents().name();

        Run jsonl = run(new ImportCommand(() -> config), "--bootstrap-servers", kafka.bootstrapServers(),
                Fixtures.sample("events-mixed.jsonl").toString());
        Run csv = run(new ImportCommand(() -> config), "--bootstrap-servers", kafka.bootstrapServers(),
                Fixtures.sample("events-mixed.csv").toString());

        assertThat(jsonl.exitCode()).as(jsonl.err()).isEqualTo(ExitCodes.SOME_REJECTED);
        assertThat(jsonl.out()).isEqualTo("read 9, sent 4, rejected 5, failed 0\n");
        assertThat(csv.exitCode()).as(csv.err()).isEqualTo(ExitCodes.SOME_REJECTED);
        assertThat(csv.out()).isEqualTo("read 9, sent 3, rejected 6, failed 0\n");
        List<ConsumerRecord<String, byte[]>> records = readAll(topic, 7);
        Map<String, List<String>> idsByPerson = records.stream().collect(Collectors.groupingBy(ConsumerRecord::key,
                Collectors.mapping(r -> CareerEvents.eventId(Codecs.events().decode(r.value())), Collectors.toList())));
        // one person per file, so one partition each, in file order (the duplicate mix-04 is sent twice)
        assertThat(idsByPerson).containsOnly(
                Map.entry("p-3001", List.of("mix-01", "mix-04", "mix-04", "mix-08")),
                Map.entry("p-4001", List.of("csv-01", "csv-02", "csv-04")));
    }

    @Test
    void shouldEmitOneEventFromFlags() {
        TrajectoryConfig config = withFreshTopic("emit").with(ConfigKey.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        String topic = Topics.from(config).careerEvents().name();

        Run result = run(new EmitCommand(() -> config), "--type", "promotion", "--person", "p-77", "--id", "evt-77",
                "--time", "2024-03-01T09:00:00Z", "--source", "hr/cli", "--data", "toStage=SENIOR", "--data", "title=Senior TPM");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).startsWith("sent evt-77 (trajectory.promotion, person p-77) to " + topic + " partition ")
                .endsWith(" offset 0\n");
        ConsumerRecord<String, byte[]> record = readAll(topic, 1).get(0);
        Promotion promotion = (Promotion) Codecs.events().decode(record.value());
        assertThat(record.key()).isEqualTo("p-77");
        assertThat(promotion.getToStage()).isEqualTo("SENIOR");
        assertThat(promotion.getHeader().getEventId()).isEqualTo("evt-77");
        assertThat(promotion.getHeader().getSource()).isEqualTo("hr/cli");
    }

    /** Every record of a topic, after checking that the topic holds exactly {@code expected} records. */
    private static List<ConsumerRecord<String, byte[]>> readAll(String topic, int expected) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, WAIT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // Every send was acknowledged before this point, so the end offsets are final: nothing else was written.
            long total = consumer.endOffsets(partitions, WAIT).values().stream().mapToLong(Long::longValue).sum();
            assertThat(total).as("records in " + topic).isEqualTo(expected);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (records.size() < total && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            return records;
        }
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }
}
