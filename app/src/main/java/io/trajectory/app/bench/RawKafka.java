package io.trajectory.app.bench;

import io.trajectory.config.TrajectoryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The raw Kafka limit of this machine, measured on the workload itself: how fast a tuned producer
 * writes its records, and how fast a plain consumer reads them back.
 */
final class RawKafka {

    /** The producer settings of the limit: what a throughput-minded Kafka user would set. */
    static final int BATCH_SIZE = 256 * 1024;
    static final int LINGER_MS = 20;
    static final String COMPRESSION = "lz4";

    private RawKafka() {
    }

    static Map<String, Object> producerProps(String bootstrapServers, Map<String, String> overrides) {
        Map<String, Object> p = TrajectoryConfig.kafkaClientProperties(bootstrapServers, overrides);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, COMPRESSION);
        p.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_SIZE);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-raw-producer");
        return p;
    }

    /** Writes every record of the workload, in order, and waits for every acknowledgement. */
    static Rate produce(Workload workload, String topic, String bootstrapServers, Map<String, String> overrides) {
        return produce(workload, workload.size(), topic, bootstrapServers, overrides);
    }

    /** Writes the first {@code count} records of the workload, in order, and waits for every acknowledgement. */
    static Rate produce(Workload workload, int count, String topic, String bootstrapServers, Map<String, String> overrides) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(bootstrapServers, overrides),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.partitionsFor(topic); // metadata first: not part of the rate
            long t0 = System.nanoTime();
            for (int i = 0; i < count && failure.get() == null; i++) {
                producer.send(new ProducerRecord<>(topic, workload.key(i), workload.value(i)), (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
            long t1 = System.nanoTime();
            if (failure.get() != null) {
                throw new IllegalStateException("writing the workload failed: " + failure.get().getMessage(), failure.get());
            }
            return new Rate(count, t1 - t0);
        }
    }

    /** Reads the whole topic from the beginning with a plain consumer (no group, default settings). */
    static Rate consume(String topic, long expected, String bootstrapServers, Map<String, String> overrides,
            Duration timeout) {
        Map<String, Object> p = TrajectoryConfig.kafkaClientProperties(bootstrapServers, overrides);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-raw-consumer");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            long count = 0;
            long bytes = 0;
            long t0 = System.nanoTime();
            while (count < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("raw consume read " + count + " of " + expected + " records in "
                            + timeout.toSeconds() + " s");
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    count++;
                    bytes += r.serializedValueSize() + r.serializedKeySize();
                }
            }
            long t1 = System.nanoTime();
            if (bytes <= 0) {
                throw new IllegalStateException("raw consume read no bytes");
            }
            return new Rate(count, t1 - t0);
        }
    }
}
