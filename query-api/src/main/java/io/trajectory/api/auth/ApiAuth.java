package io.trajectory.api.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;

/**
 * The API's authentication, in one object: the keys this instance knows, the {@link Authenticator}
 * that checks a request's bearer key against them, key management ({@link ApiKeys}), and the
 * {@link ClusterCredentials} with which instances sign (and check) their requests to each other.
 * {@link #kafka} shares the keys through the keys topic with every instance; {@link #inMemory}
 * keeps them in this process only (tests, the benchmark).
 */
public final class ApiAuth implements AutoCloseable {

    private final KeyStore store;
    private final Authenticator authenticator;
    private final ApiKeys keys;
    private final ClusterCredentials cluster;
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();

    private ApiAuth(KeyStore store, KeyLog log, Clock clock, ClusterCredentials cluster) {
        this.store = store;
        this.authenticator = new Authenticator(store);
        this.keys = new ApiKeys(store, log, clock);
        this.cluster = Objects.requireNonNull(cluster, "cluster");
    }

    /** Keys in this process only, and a random cluster secret (nothing else can call this instance's internal endpoints). */
    public static ApiAuth inMemory(Clock clock) {
        return inMemory(clock, ClusterCredentials.random());
    }

    /** Keys in this process only, with these cluster credentials. */
    public static ApiAuth inMemory(Clock clock, ClusterCredentials cluster) {
        return new ApiAuth(new KeyStore(), KeyLog.IN_MEMORY, clock, cluster);
    }

    /**
     * Keys in the keys topic: reads it whole (waiting at most {@code timeout}) before returning,
     * then follows it; writes new keys and revocations to it.
     *
     * @throws IllegalStateException when the topic could not be read in time
     */
    public static ApiAuth kafka(String bootstrapServers, Map<String, ?> kafkaOverrides, String topic, Duration timeout) {
        return kafka(bootstrapServers, kafkaOverrides, topic, timeout, ClusterCredentials.random());
    }

    /** As {@link #kafka(String, Map, String, Duration)}, with the cluster credentials the instances share. */
    public static ApiAuth kafka(String bootstrapServers, Map<String, ?> kafkaOverrides, String topic, Duration timeout,
            ClusterCredentials cluster) {
        Objects.requireNonNull(topic, "topic");
        KeyStore store = new KeyStore();
        KafkaKeyLog log = new KafkaKeyLog(bootstrapServers, kafkaOverrides, topic, timeout);
        ApiAuth auth = new ApiAuth(store, log, Clock.systemUTC(), cluster);
        auth.toClose.push(log);
        KeyTopicReader reader = KeyTopicReader.start(bootstrapServers, kafkaOverrides, topic, store);
        auth.toClose.push(reader);
        try {
            if (!reader.awaitCaughtUp(timeout)) {
                throw new IllegalStateException("could not read the API keys from topic " + topic + " within "
                        + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            auth.close();
            throw new IllegalStateException("interrupted while reading the API keys");
        } catch (RuntimeException e) {
            auth.close();
            throw e;
        }
        return auth;
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public ApiKeys keys() {
        return keys;
    }

    /** How this instance signs its requests to other instances, and checks theirs. */
    public ClusterCredentials cluster() {
        return cluster;
    }

    public KeyStore store() {
        return store;
    }

    @Override
    public void close() {
        while (!toClose.isEmpty()) {
            try {
                toClose.pop().close();
            } catch (Exception e) {
                // closing is best effort
            }
        }
    }
}
