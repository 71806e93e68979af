package io.trajectory.api.streams;

import io.trajectory.api.ForwardRequired;
import io.trajectory.api.Forwarder;
import io.trajectory.api.NotReadyException;
import io.trajectory.api.PositionToken;
import io.trajectory.api.ReadContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.query.FailureReason;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.HostInfo;

/**
 * What the queries need to know about the instances sharing the work: this instance's advertised
 * address, which instance holds the active copy of each partition, how far a local copy has
 * processed {@code career-events} (for read-your-writes), and how to reach the others.
 *
 * <p>A partition of every store is a partition of {@code career-events} (one sub-topology, one
 * source topic), so a store's position is a set of {@code career-events} offsets.
 */
public final class Cluster implements AutoCloseable {

    /** Seconds a client should wait after a read-your-writes bound was not reached. */
    static final int CATCH_UP_RETRY_AFTER_SECONDS = 1;
    private static final String PROBE_KEY = "__trajectory_position_probe__";

    private final KafkaStreams streams;
    private final Optional<HostInfo> self;
    private final String sourceTopic;
    private final int partitions;
    private final Forwarder forwarder;
    private final Duration afterTimeout;
    private final long standbyMaxLag;
    private final PositionCheck positions;
    private final java.util.concurrent.ScheduledExecutorService refresher;
    private volatile CaughtUp caughtUp;

    /**
     * Which local store partitions have all of their changelog (an active task that runs, not one still
     * restoring), as Kafka Streams reported while the local threads' metadata objects were these ones: any
     * assignment or thread state change replaces them, which voids the snapshot.
     */
    private record CaughtUp(Set<ThreadMetadata> threads, Map<String, Set<Integer>> partitions) {
    }

    /**
     * @param self         this instance's {@code application.server}; empty when it runs alone and is not reachable by others
     * @param sourceTopic  the {@code career-events} topic
     * @param partitions   its partition count
     * @param afterTimeout how long a query with {@code ?after=} waits for the position
     * @param standbyMaxLag the most changelog records a standby copy may be behind to answer
     * @param logEnd       where {@code career-events} ends, to refuse at once a position token past it; empty: not checked
     */
    public Cluster(KafkaStreams streams, Optional<HostInfo> self, String sourceTopic, int partitions, Forwarder forwarder,
            Duration afterTimeout, long standbyMaxLag, Optional<LogEnd> logEnd) {
        this.streams = streams;
        this.self = self;
        this.sourceTopic = sourceTopic;
        this.partitions = partitions;
        this.forwarder = forwarder;
        this.afterTimeout = afterTimeout;
        this.standbyMaxLag = standbyMaxLag;
        this.positions = new PositionCheck(sourceTopic == null ? "career-events" : sourceTopic, logEnd);
        if (self.isPresent()) {
            this.refresher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "trajectory-store-lags");
                t.setDaemon(true);
                return t;
            });
            refresher.scheduleWithFixedDelay(this::refresh, 0, 200, TimeUnit.MILLISECONDS);
        } else {
            this.refresher = null;
        }
    }

    private synchronized void refresh() {
        try {
            KafkaStreams.State state = streams.state();
            if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
                caughtUp = null;
                return;
            }
            Set<ThreadMetadata> before = identities();
            Map<String, Set<Integer>> partitions = new java.util.HashMap<>();
            streams.allLocalStorePartitionLags().forEach((store, lags) -> lags.forEach((p, lag) -> {
                if (lag.offsetLag() == 0) {
                    partitions.computeIfAbsent(store, k -> new java.util.HashSet<>()).add(p);
                }
            }));
            caughtUp = before.equals(identities()) ? new CaughtUp(before, partitions) : null;
        } catch (RuntimeException e) {
            caughtUp = null; // the broker did not answer the end offsets: trust nothing until the next round
        }
    }

    /** The local threads' current metadata objects, compared by identity. */
    private Set<ThreadMetadata> identities() {
        Set<ThreadMetadata> ids = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        ids.addAll(streams.metadataForLocalThreads());
        return ids;
    }

    /**
     * May the local copy of one partition of the store be trusted as complete? An active task that Kafka Streams
     * still restores is queryable with {@code requireActive()} once its thread runs (4.4.0, state updater), with
     * partial contents; only a partition reported caught up since the last assignment change is trusted. Alone
     * (no other instance, as in the benchmark), every active copy is.
     */
    boolean complete(String store, int partition) {
        if (refresher == null) {
            return true;
        }
        CaughtUp c = caughtUp;
        if (c == null || !c.threads().equals(identities())) {
            refresh(); // just started or reassigned: ask now rather than answer 503 until the next round
            c = caughtUp;
        }
        return c != null && c.partitions().getOrDefault(store, Set.of()).contains(partition) && c.threads().equals(identities());
    }

    /** Every one of the partitions. */
    boolean complete(String store, Set<Integer> partitions) {
        for (int p : partitions) {
            if (!complete(store, p)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }

    /**
     * A single instance that knows nothing of others: the partitions active here are taken as all of them,
     * nothing is forwarded.
     */
    public static Cluster alone(KafkaStreams streams) {
        return new Cluster(streams, Optional.empty(), null, 0,
                new Forwarder(Duration.ofSeconds(5), Duration.ofSeconds(5), io.trajectory.api.auth.ClusterCredentials.random()),
                Duration.ofSeconds(5), 0, Optional.empty());
    }

    /** The paths of the internal endpoints (listing and analytics fan-out). */
    public static java.util.List<String> internalPaths() {
        return java.util.List.of(ClusterReads.PEOPLE_INDEX_PATH, ClusterReads.ANALYTICS_SPELLS_PATH);
    }

    /** This instance's address as others reach it ({@code host:port}), or {@code local} when alone. */
    String self() {
        return self.map(h -> h.host() + ":" + h.port()).orElse("local");
    }

    KafkaStreams streams() {
        return streams;
    }

    Forwarder forwarder() {
        return forwarder;
    }

    int partitions() {
        return partitions;
    }

    /** Is {@code host} this instance? Alone, every host is. */
    boolean isSelf(HostInfo host) {
        return self.isEmpty() || host == null || host.equals(HostInfo.unavailable()) || self.get().equals(host);
    }

    /** The career-events topic (alone: the source topic of the local tasks). */
    private String sourceTopic() {
        if (sourceTopic != null) {
            return sourceTopic;
        }
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                for (TopicPartition tp : task.topicPartitions()) {
                    return tp.topic();
                }
            }
        }
        return "";
    }

    static ForwardRequired.Target target(HostInfo host, ReadContext.Hop hop) {
        return new ForwardRequired.Target(host.host(), host.port(), hop);
    }

    /** Kafka Streams must be running (or rebalancing, when most partitions still answer). */
    void requireQueryable() {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            throw new NotReadyException("the stream processor is " + state + "; try again shortly");
        }
    }

    /**
     * The instance holding the active copy of every partition of {@code store}, in partition order;
     * "not ready" while some partition has none (starting, rebalancing). Without an advertised
     * address, every partition must be active here.
     */
    Map<Integer, Optional<HostInfo>> owners(String store) {
        Map<Integer, Optional<HostInfo>> owners = new TreeMap<>();
        if (self.isEmpty()) {
            for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
                for (TaskMetadata task : thread.activeTasks()) {
                    task.topicPartitions().forEach(tp -> owners.put(tp.partition(), Optional.empty()));
                }
            }
            if (owners.isEmpty()) {
                throw new NotReadyException("no partition is assigned here yet; try again shortly");
            }
        } else {
            for (StreamsMetadata md : streams.streamsMetadataForStore(store)) {
                for (TopicPartition tp : md.topicPartitions()) {
                    if (tp.topic().equals(sourceTopic())) {
                        owners.put(tp.partition(), isSelf(md.hostInfo()) ? Optional.empty() : Optional.of(md.hostInfo()));
                    }
                }
            }
        }
        for (int p = 0; p < partitions; p++) {
            if (!owners.containsKey(p)) {
                throw new NotReadyException("partition " + p + " is not assigned to any instance yet (starting or rebalancing);"
                        + " this answer needs every partition; try again shortly");
            }
        }
        return owners;
    }

    /**
     * Refuses at once (400) a request whose {@code ?after=} token cannot be a position of {@code career-events}
     * ({@link PositionCheck}); a token that can be one is left to {@link #awaitPosition}.
     */
    void checkPosition(ReadContext read) {
        positions.check(read);
    }

    /**
     * Waits (bounded by {@code query.after.timeout.ms}) until the local active copies of {@code partitions}
     * of {@code store} have processed the token's offsets, and returns the bound to put on the query. A
     * partition whose store was not written by those records (a duplicate event, a listing index the event
     * did not move) counts as caught up once its task has committed past the offsets.
     *
     * @throws NotReadyException (503, short Retry-After) when the bound is not reached in time
     */
    PositionBound awaitPosition(String store, Set<Integer> partitions, Optional<PositionToken> after) {
        if (after.isEmpty()) {
            return PositionBound.unbounded();
        }
        positions.check(after.get()); // never wait for a position that cannot come
        Map<Integer, Long> wanted = new LinkedHashMap<>();
        for (int p : partitions) {
            after.get().offset(p).ifPresent(o -> wanted.put(p, o));
        }
        if (wanted.isEmpty()) {
            return PositionBound.unbounded();
        }
        long deadline = System.nanoTime() + afterTimeout.toNanos();
        while (true) {
            Position bound = Position.emptyPosition();
            boolean caughtUp = true;
            for (Map.Entry<Integer, Long> e : wanted.entrySet()) {
                Position one = Position.emptyPosition().withComponent(sourceTopic(), e.getKey(), e.getValue());
                if (reached(store, e.getKey(), one)) {
                    bound = bound.merge(one);
                } else if (committedOffset(e.getKey()) <= e.getValue()) {
                    caughtUp = false;
                }
            }
            if (caughtUp) {
                return bound.isEmpty() ? PositionBound.unbounded() : PositionBound.at(bound);
            }
            if (System.nanoTime() > deadline) {
                throw new NotReadyException("the view has not yet processed the events of this position within "
                        + afterTimeout.toMillis() + " ms; try again shortly", CATCH_UP_RETRY_AFTER_SECONDS);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(10);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new NotReadyException("interrupted while waiting for the position", CATCH_UP_RETRY_AFTER_SECONDS);
            }
        }
    }

    /** Does the local active copy of one partition of the store answer a query bounded at {@code position}? */
    private boolean reached(String store, int partition, Position position) {
        StateQueryResult<Object> probe = streams.query(StateQueryRequest.inStore(store)
                .withQuery(KeyQuery.<String, Object>withKey(PROBE_KEY))
                .withPartitions(Set.of(partition)).requireActive().withPositionBound(PositionBound.at(position)));
        QueryResult<Object> r = probe.getPartitionResults().get(partition);
        if (r == null) {
            return false;
        }
        if (r.isFailure() && r.getFailureReason() != FailureReason.NOT_UP_TO_BOUND) {
            throw new NotReadyException("the store is restoring or moving; try again shortly");
        }
        // Kafka Streams 4.4.0 skips the bound check when the store has no context (seen on a task recycled from a
        // standby), so the store's own position in the answer is checked here too
        return r.isSuccess() && r.getPosition() != null && position.getTopics().stream().allMatch(topic -> {
            Long seen = r.getPosition().getPartitionPositions(topic).get(partition);
            Long bound = position.getPartitionPositions(topic).get(partition);
            return bound == null || (seen != null && seen >= bound);
        });
    }

    /** The committed offset of the local active task reading {@code partition} of career-events; -1 when unknown. */
    long committedOffset(int partition) {
        TopicPartition tp = new TopicPartition(sourceTopic(), partition);
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                Long committed = task.committedOffsets().get(tp);
                if (committed != null) {
                    return committed;
                }
            }
        }
        return -1;
    }

    /** Does this instance keep a standby task (not an active one) of {@code partition}? */
    boolean hasStandby(int partition) {
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.standbyTasks()) {
                for (TopicPartition tp : task.topicPartitions()) {
                    if (tp.partition() == partition && tp.topic().equals(sourceTopic())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * How many changelog records the local standby copy of one partition of the store is behind the active one
     * (Kafka Streams asks the broker for the end offsets); empty when there is no such copy or it is more than
     * {@code query.standby.max.lag} behind.
     */
    OptionalLong standbyLag(String store, int partition) {
        Map<Integer, LagInfo> lags = streams.allLocalStorePartitionLags().get(store);
        LagInfo lag = lags == null ? null : lags.get(partition);
        if (lag == null || lag.offsetLag() > standbyMaxLag) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(0, lag.offsetLag()));
    }
}
