package io.trajectory.processor;

import io.trajectory.config.ConfigKey;
import io.trajectory.config.TrajectoryConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the topology with Kafka Streams: settings from the config, a state listener, a bounded
 * wait for RUNNING, and a clean close.
 */
public final class ProcessorApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessorApp.class);

    private final KafkaStreams streams;
    private final AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.CREATED);
    private final CountDownLatch running = new CountDownLatch(1);

    private ProcessorApp(KafkaStreams streams) {
        this.streams = streams;
    }

    /** The Kafka Streams settings Trajectory runs with; every one is documented in the README. */
    public static Properties streamsProperties(TrajectoryConfig config, String bootstrapServers) {
        return streamsProperties(config, bootstrapServers, 0);
    }

    /**
     * As {@link #streamsProperties(TrajectoryConfig, String)}, and when {@code httpPort > 0} sets
     * {@code application.server} to {@code http.advertised.host:httpPort}: Kafka Streams only
     * answers {@code queryMetadataForKey} (which partition, which instance holds a person) when
     * every instance advertises where its API is.
     */
    public static Properties streamsProperties(TrajectoryConfig config, String bootstrapServers, int httpPort) {
        Properties p = new Properties();
        if (httpPort > 0) {
            p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.get(ConfigKey.HTTP_ADVERTISED_HOST) + ":" + httpPort);
        }
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.get(ConfigKey.APPLICATION_ID));
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.get(ConfigKey.PROCESSING_GUARANTEE));
        if (!StreamsConfig.EXACTLY_ONCE_V2.equals(config.get(ConfigKey.PROCESSING_GUARANTEE))) {
            // only reachable through the internal test-only switch (TrajectoryConfig.INTERNAL_ALLOW_AT_LEAST_ONCE)
            LOG.warn("processing.guarantee={} through the internal test-only switch {}: a crash loses stage transitions",
                    config.get(ConfigKey.PROCESSING_GUARANTEE), TrajectoryConfig.INTERNAL_ALLOW_AT_LEAST_ONCE);
        }
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.getInt(ConfigKey.STREAM_THREADS));
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.getInt(ConfigKey.COMMIT_INTERVAL_MS));
        // a standby copy answers (with its lag stated) while the active one moves; none is kept with one instance
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.getInt(ConfigKey.STANDBY_REPLICAS));
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.getInt(ConfigKey.TOPIC_REPLICATION_FACTOR));
        // internal topics (changelogs) get the same durability as ours
        p.put(StreamsConfig.topicPrefix("min.insync.replicas"), config.get(ConfigKey.TOPIC_MIN_INSYNC_REPLICAS));
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // Kafka 5.0's default, set now (silences a start-up warning; there is no global store yet)
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // every kafka.* setting (security protocol, SASL, TLS, ...) reaches Kafka Streams' own producers,
        // consumers and admin client; it wins over the settings above
        p.putAll(config.kafkaClientProperties(bootstrapServers));
        return p;
    }

    public static ProcessorApp create(Topology topology, Properties properties) {
        Path stateDir = Path.of(properties.getProperty(StreamsConfig.STATE_DIR_CONFIG));
        try {
            Files.createDirectories(stateDir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create Kafka Streams state directory " + stateDir + ": " + e.getMessage(), e);
        }
        KafkaStreams streams = new KafkaStreams(topology, properties);
        ProcessorApp app = new ProcessorApp(streams);
        streams.setStateListener((newState, oldState) -> {
            app.state.set(newState);
            LOG.info("Kafka Streams state {} -> {}", oldState, newState);
            if (newState == KafkaStreams.State.RUNNING) {
                app.running.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed; replacing it (processing resumes from the last commit)", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        return app;
    }

    public ProcessorApp start() {
        streams.start();
        return this;
    }

    /** Waits until the app is RUNNING at least once; false on timeout. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public KafkaStreams streams() {
        return streams;
    }

    public KafkaStreams.State state() {
        return state.get();
    }

    /**
     * Closes Kafka Streams and leaves the consumer group: by default Streams stays a member until
     * the session times out (45 s), so the next start of this instance would wait that long for
     * its partitions.
     */
    @Override
    public void close() {
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
    }
}
