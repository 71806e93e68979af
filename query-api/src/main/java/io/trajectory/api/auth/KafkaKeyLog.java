package io.trajectory.api.auth;

import io.trajectory.config.TrajectoryConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes key records to the keys topic (idempotent producer, {@code acks=all}), waiting for the acknowledgement. */
public final class KafkaKeyLog implements KeyLog, AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final Duration timeout;

    public KafkaKeyLog(String bootstrapServers, Map<String, ?> overrides, String topic, Duration timeout) {
        Map<String, Object> props = TrajectoryConfig.kafkaClientProperties(bootstrapServers, overrides);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), 1000));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "trajectory-api-keys-writer");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        this.topic = topic;
        this.timeout = timeout;
    }

    @Override
    public void append(ApiKeyRecord record) {
        try {
            producer.send(new ProducerRecord<>(topic, record.keyId(), record.toJson()))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new KeyLogException("Kafka did not take the key record: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KeyLogException("Kafka did not acknowledge the key record within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyLogException("interrupted while writing the key record", e);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new KeyLogException("Kafka did not take the key record: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
