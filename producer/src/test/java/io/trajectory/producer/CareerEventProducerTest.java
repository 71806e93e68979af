package io.trajectory.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trajectory.config.ConfigKey;
import io.trajectory.config.TrajectoryConfig;
import io.trajectory.events.Promotion;
import io.trajectory.schemas.Codecs;
import io.trajectory.validation.Violation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The producer's logic over Kafka's MockProducer (no broker; {@code ProducerIT} uses a real one). */
class CareerEventProducerTest {

    private static final Instant MARCH = Instant.parse("2024-03-01T09:00:00Z");

    private final MockProducer<String, byte[]> kafka =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final CareerEventProducer producer = CareerEventProducer.using(kafka, "career-events", Fixtures.VALIDATOR);

    private static Promotion promotion(String person, String stage) {
        return Events.promotion(person).toStage(stage).title("Senior TPM").occurredAt(MARCH).source("hr/workday").build();
    }

    @Test
    void shouldSendTheEncodedEventKeyedByPerson() throws Exception {
        Promotion event = promotion("p-1001", "SENIOR");

        Delivery delivery = producer.send(event).get();

        assertThat(kafka.history()).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo("career-events");
            assertThat(record.key()).isEqualTo("p-1001");
            assertThat(Codecs.events().decode(record.value())).isEqualTo(event);
        });
        assertThat(delivery.eventId()).isEqualTo(event.getHeader().getEventId());
        assertThat(delivery.personId()).isEqualTo("p-1001");
        assertThat(delivery.topic()).isEqualTo("career-events");
    }

    @Test
    void shouldNeverSendAnInvalidEvent() {
        CompletableFuture<Delivery> result = producer.send(promotion("p-1001", "ASTRONAUT"));

        assertThat(result).isCompletedExceptionally();
        assertThatThrownBy(result::get).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(InvalidEventException.class, e -> {
                    assertThat(e.violations()).extracting(Violation::field).containsExactly("data.toStage");
                    assertThat(e.getMessage()).contains("unknown stage 'ASTRONAUT'");
                });
        assertThat(kafka.history()).isEmpty();
    }

    @Test
    void shouldReturnOneFuturePerEventInOrderFromSendAll() {
        List<CompletableFuture<Delivery>> results = producer.sendAll(List.of(
                promotion("p-1", "SENIOR"), promotion("p-2", "NOPE"), promotion("p-3", "BEYOND")));

        assertThat(results).hasSize(3);
        assertThat(results.get(0).join().personId()).isEqualTo("p-1");
        assertThat(results.get(1)).isCompletedExceptionally();
        assertThat(results.get(2).join().personId()).isEqualTo("p-3");
        assertThat(kafka.history()).extracting(ProducerRecord::key).containsExactly("p-1", "p-3");
    }

    @Test
    void shouldCompleteExceptionallyWhenKafkaRefusesTheRecord() {
        MockProducer<String, byte[]> manual = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
        CareerEventProducer p = CareerEventProducer.using(manual, "career-events", Fixtures.VALIDATOR);

        CompletableFuture<Delivery> result = p.send(promotion("p-1", "SENIOR"));
        manual.errorNext(new NotEnoughReplicasException("not enough in-sync replicas"));

        assertThatThrownBy(result::get).cause().isInstanceOf(NotEnoughReplicasException.class);
    }

    @Test
    void shouldUseSafeProducerDefaultsThatOverridesCanChange() {
        Map<String, Object> props = CareerEventProducer.producerConfig("kafka:9092", Map.of("linger.ms", "20"));

        assertThat(props).containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9092")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "20");
        assertThat(CareerEventProducer.producerConfig("k:1", Map.of())).containsEntry(ProducerConfig.LINGER_MS_CONFIG, 5);
    }

    @Test
    void shouldConnectToTheLocalEmbeddedBrokerWhenNoClusterIsConfigured() {
        TrajectoryConfig defaults = TrajectoryConfig.load(Optional.empty(), Map.of(), Map.of());

        assertThat(CareerEventProducer.bootstrapServers(defaults)).isEqualTo("127.0.0.1:9092");
        assertThat(CareerEventProducer.bootstrapServers(defaults.with(ConfigKey.BOOTSTRAP_SERVERS, "kafka-1:9092,kafka-2:9092")))
                .isEqualTo("kafka-1:9092,kafka-2:9092");
        assertThat(CareerEventProducer.bootstrapServers(defaults.with(ConfigKey.BROKER_HOST, "0.0.0.0")
                .with(ConfigKey.BROKER_PORT, "19092"))).isEqualTo("127.0.0.1:19092");
    }
    @Test
    void shouldSendIdentifiersInNfcAndRefuseInvisibleCharactersInThem() throws Exception {
        Promotion decomposed = Events.promotion("p-1001").toStage("SENIOR").title("Senior TPM").department("Cafe\u0301")
                .occurredAt(MARCH).source("hr/workday").build();

        producer.send(decomposed).get();

        assertThat(kafka.history()).singleElement().satisfies(record -> assertThat(
                ((Promotion) Codecs.events().decode(record.value())).getDepartment()).isEqualTo("Caf\u00e9"));
        assertThat(decomposed.getDepartment()).as("the caller's record is left alone").isEqualTo("Cafe\u0301");

        Promotion bidi = Events.promotion("p-1001").toStage("SENIOR").title("Senior TPM").department("Pay\u202Ements")
                .occurredAt(MARCH).source("hr/workday").build();
        assertThatThrownBy(() -> producer.send(bidi).get()).cause().isInstanceOfSatisfying(InvalidEventException.class,
                e -> assertThat(e.violations()).extracting(Violation::toString).containsExactly(
                        "data.department: must not contain format character U+202E (RIGHT-TO-LEFT OVERRIDE)"));
        assertThat(kafka.history()).hasSize(1);
    }
}
