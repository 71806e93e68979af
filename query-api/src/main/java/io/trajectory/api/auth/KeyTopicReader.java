package io.trajectory.api.auth;

import io.trajectory.config.TrajectoryConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the whole keys topic into a {@link KeyStore} and keeps following it, on a thread of its
 * own (a plain consumer assigned every partition, no consumer group: every instance reads
 * everything). A record that is not a key record is skipped with a warning naming its offset and
 * the reason, never its value.
 */
public final class KeyTopicReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KeyTopicReader.class);

    private final KafkaConsumer<String, String> consumer;
    private final String topic;
    private final KeyStore store;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean closed;
    private volatile RuntimeException failure;

    private KeyTopicReader(String bootstrapServers, Map<String, ?> overrides, String topic, KeyStore store) {
        Map<String, Object> props = TrajectoryConfig.kafkaClientProperties(bootstrapServers, overrides);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "trajectory-api-keys-reader");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        this.topic = topic;
        this.store = store;
        this.thread = new Thread(this::run, "api-keys-reader");
        this.thread.setDaemon(true);
    }

    /** Starts following {@code topic} into {@code store}; see {@link #awaitCaughtUp}. */
    public static KeyTopicReader start(String bootstrapServers, Map<String, ?> overrides, String topic, KeyStore store) {
        KeyTopicReader reader = new KeyTopicReader(bootstrapServers, overrides, topic, store);
        reader.thread.start();
        return reader;
    }

    /**
     * Waits until every record that was in the topic when the reader started has been applied.
     *
     * @return false when that did not happen in time
     * @throws IllegalStateException when the reader failed
     */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        boolean done = caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (failure != null) {
            throw new IllegalStateException("cannot read the API keys from topic " + topic + ": " + failure.getMessage(), failure);
        }
        return done;
    }

    private void run() {
        try {
            // a topic just created may not be known yet to the broker this consumer asks (several brokers)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(60));
            while ((infos == null || infos.isEmpty()) && System.nanoTime() < deadline && !closed) {
                TimeUnit.MILLISECONDS.sleep(100);
                infos = consumer.partitionsFor(topic, Duration.ofSeconds(60));
            }
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist");
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(60));
            while (!closed) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    apply(r);
                }
                if (caughtUp.getCount() > 0 && ends.entrySet().stream()
                        .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    log.debug("read {} API keys from {}", store.all().size(), topic);
                    caughtUp.countDown();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = new IllegalStateException("interrupted while waiting for the topic", e);
        } catch (WakeupException e) {
            if (!closed) {
                failure = new IllegalStateException("woken up unexpectedly", e);
            }
        } catch (RuntimeException e) {
            failure = e;
            log.error("the API keys reader stopped: {}", e.toString());
        } finally {
            caughtUp.countDown();
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(ConsumerRecord<String, String> r) {
        if (r.value() == null) {
            if (r.key() != null) {
                store.remove(r.key());
            }
            return;
        }
        try {
            ApiKeyRecord record = ApiKeyRecord.fromJson(r.value());
            if (r.key() != null && !r.key().equals(record.keyId())) {
                throw new IllegalArgumentException("the record's key is not its keyId");
            }
            store.apply(record);
        } catch (IllegalArgumentException e) {
            log.warn("skipping record {}-{}@{} of the keys topic: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
