package io.trajectory.producer;

import io.trajectory.config.ConfigKey;
import io.trajectory.config.TrajectoryConfig;
import io.trajectory.ladder.LadderLoader;
import io.trajectory.schemas.CareerEvents;
import io.trajectory.schemas.CodecException;
import io.trajectory.schemas.Codecs;
import io.trajectory.schemas.EventType;
import io.trajectory.topics.Topics;
import io.trajectory.validation.EventValidator;
import io.trajectory.validation.Violation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends career events to the {@code career-events} topic: key = personId (one person's events stay
 * ordered in one partition), value = the event in Avro single-object encoding
 * ({@link Codecs#events()}). Every event is validated first; an invalid one is never sent.
 *
 * <p>The Kafka producer is idempotent with {@code acks=all}, lz4 compression and a 5 ms linger;
 * {@code kafka.*} settings of the config override these. Thread-safe; share one instance.
 *
 * <pre>{@code
 * try (CareerEventProducer producer = CareerEventProducer.create("kafka:9092", topics, validator)) {
 *     Delivery d = producer.send(Events.promotion("p-1001").toStage("SENIOR").title("Senior TPM")
 *             .occurredAt(Instant.parse("2024-03-01T09:00:00Z")).source("hr/workday").build()).join();
 * }
 * }</pre>
 */
public final class CareerEventProducer implements EventSink {

    /** The producer settings this class starts from (before overrides). */
    public static final Map<String, Object> DEFAULTS = Map.of(
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
            ProducerConfig.LINGER_MS_CONFIG, 5,
            // fail a send within 30 s when the cluster cannot be reached (default 60 s)
            ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000,
            ProducerConfig.CLIENT_ID_CONFIG, "trajectory-producer");

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final EventValidator validator;

    private CareerEventProducer(Producer<String, byte[]> producer, String topic, EventValidator validator) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.validator = Objects.requireNonNull(validator, "validator");
    }

    /**
     * A producer for the cluster, topic and ladder of a loaded config. Without
     * {@code bootstrap.servers} it connects to the local embedded broker
     * ({@code broker.host:broker.port}, started by {@code ./trajectory run}).
     */
    public static CareerEventProducer create(TrajectoryConfig config) {
        EventValidator validator = new EventValidator(
                LadderLoader.loadOrDefault(config.optional(ConfigKey.LADDER_FILE).map(Path::of)));
        return create(bootstrapServers(config), Topics.from(config), validator, config.kafkaOverrides());
    }

    /** For embedding: a producer for a cluster, the topic registry and a validator. */
    public static CareerEventProducer create(String bootstrapServers, Topics topics, EventValidator validator) {
        return create(bootstrapServers, topics, validator, Map.of());
    }

    /** As {@link #create(String, Topics, EventValidator)}, with Kafka producer settings that win over the defaults. */
    public static CareerEventProducer create(String bootstrapServers, Topics topics, EventValidator validator,
            Map<String, ?> overrides) {
        Map<String, Object> props = producerConfig(bootstrapServers, overrides);
        KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        return new CareerEventProducer(producer, topics.careerEvents().name(), validator);
    }

    /** Wraps a producer you configured yourself (or Kafka's {@code MockProducer} in a unit test). */
    public static CareerEventProducer using(Producer<String, byte[]> producer, String topic, EventValidator validator) {
        return new CareerEventProducer(producer, topic, validator);
    }

    /** {@link #DEFAULTS}, then {@code overrides} and the bootstrap servers ({@link TrajectoryConfig#kafkaClientProperties}). */
    public static Map<String, Object> producerConfig(String bootstrapServers, Map<String, ?> overrides) {
        Map<String, Object> props = new LinkedHashMap<>(DEFAULTS);
        props.putAll(TrajectoryConfig.kafkaClientProperties(bootstrapServers, overrides));
        return props;
    }

    /** The underlying Kafka producer, for binding its client metrics (e.g. Micrometer's KafkaClientMetrics). */
    public Producer<String, byte[]> kafkaProducer() {
        return producer;
    }

    /** The configured cluster, or the local embedded broker's address when none is configured. */
    public static String bootstrapServers(TrajectoryConfig config) {
        return config.optional(ConfigKey.BOOTSTRAP_SERVERS).orElseGet(() -> {
            String host = config.get(ConfigKey.BROKER_HOST);
            if (host.isBlank() || host.equals("0.0.0.0") || host.equals("::")) {
                host = "127.0.0.1";
            }
            return host + ":" + config.get(ConfigKey.BROKER_PORT);
        });
    }

    /** The topic events are written to. */
    public String topic() {
        return topic;
    }

    public EventValidator validator() {
        return validator;
    }

    /**
     * Validates and sends one event. The future completes with the {@link Delivery} once Kafka
     * acknowledged it (all in-sync replicas), exceptionally with {@link InvalidEventException} when
     * the event is invalid (it is then not sent), or with Kafka's exception when sending failed.
     * Completion runs on the producer's I/O thread: do not block in dependent stages.
     */
    @Override
    public CompletableFuture<Delivery> send(SpecificRecord event) {
        Objects.requireNonNull(event, "event");
        try {
            EventType.of(event);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new InvalidEventException(null,
                    List.of(new Violation("type", "not a career event: " + event.getSchema().getFullName()))));
        }
        // identifiers in NFC before the key is taken from the personId (a copy if any changes; the caller's record stays)
        event = EventValidator.normalized(event);
        String eventId = CareerEvents.eventId(event);
        String personId = CareerEvents.personId(event);
        List<Violation> violations = validator.validate(event);
        if (!violations.isEmpty()) {
            return CompletableFuture.failedFuture(new InvalidEventException(eventId, violations));
        }
        byte[] value;
        try {
            value = Codecs.events().encode(event);
        } catch (CodecException e) {
            return CompletableFuture.failedFuture(new InvalidEventException(eventId,
                    List.of(new Violation("event", "cannot be encoded: " + e.getMessage()))));
        }
        CompletableFuture<Delivery> delivery = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, personId, value), (metadata, error) -> {
                if (error != null) {
                    delivery.completeExceptionally(error);
                } else {
                    delivery.complete(new Delivery(eventId, personId, metadata.topic(), metadata.partition(),
                            metadata.offset()));
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            // e.g. metadata not available within max.block.ms, or the producer is closed
            delivery.completeExceptionally(e);
        }
        return delivery;
    }

    /** Sends each event; one future per event, in the same order. */
    public List<CompletableFuture<Delivery>> sendAll(List<? extends SpecificRecord> events) {
        return events.stream().map(this::send).toList();
    }

    @Override
    public void flush() {
        producer.flush();
    }

    /** Sends what is buffered and closes, waiting at most {@code timeout}. */
    public void close(Duration timeout) {
        producer.close(timeout);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
