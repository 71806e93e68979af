package io.trajectory.api.streams;

import io.javalin.http.Handler;
import io.trajectory.api.AnalyticsQueries;
import io.trajectory.api.InternalRoutes;
import io.trajectory.api.NotReadyException;
import io.trajectory.api.ReadContext;
import io.trajectory.processor.analytics.AnalyticsBuckets;
import io.trajectory.state.PersonSpells;
import io.trajectory.topics.Stores;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * The analytics stores over Kafka Streams interactive queries (IQv2): a key range of
 * {@code analytics-buckets} (one stage), or all of it put together per person (the processor keeps no
 * per-person spells store; {@link AnalyticsBuckets#merge}), over every partition:
 * the partitions active here are scanned here, the others are fetched from the instances holding
 * their active copies ({@link ClusterReads}), and the computation sees every partition once, in
 * partition order, exactly as on a single instance. An analytics figure that silently missed a
 * partition would be wrong, so while some partition has no queryable active copy (starting,
 * rebalancing, restoring) the answer is "not ready" (503).
 */
public final class StreamsAnalyticsQueries implements AnalyticsQueries, InternalRoutes {

    private final KafkaStreams streams;
    private final Cluster cluster;
    private final ClusterReads reads;

    /** A single instance: every partition must be active here. */
    public StreamsAnalyticsQueries(KafkaStreams streams) {
        this(Cluster.alone(streams));
    }

    public StreamsAnalyticsQueries(Cluster cluster) {
        this.streams = cluster.streams();
        this.cluster = cluster;
        this.reads = new ClusterReads(cluster);
    }

    @Override
    public void stageSpells(String stage, PartitionScan scan) {
        scanning(ReadContext.client()).stageSpells(stage, scan);
    }

    @Override
    public void everyonesSpells(PartitionScan scan) {
        scanning(ReadContext.client()).everyonesSpells(scan);
    }

    @Override
    public AnalyticsQueries scanning(ReadContext read) {
        cluster.checkPosition(read); // a token that cannot be a position is refused before anything waits for it
        return new AnalyticsQueries() {
            @Override
            public void stageSpells(String stage, PartitionScan scan) {
                scan(Optional.of(stage), scan, read);
            }

            @Override
            public void everyonesSpells(PartitionScan scan) {
                scan(Optional.empty(), scan, read);
            }
        };
    }

    private static String store(Optional<String> stage) {
        return Stores.ANALYTICS_BUCKETS;
    }

    private static RangeQuery<String, PersonSpells> range(Optional<String> stage) {
        if (stage.isEmpty()) {
            return RangeQuery.withNoBounds();
        }
        String prefix = AnalyticsBuckets.stagePrefix(stage.get());
        return RangeQuery.withRange(prefix, AnalyticsBuckets.upperBound(prefix));
    }

    private void scan(Optional<String> stage, PartitionScan scan, ReadContext read) {
        cluster.requireQueryable();
        String store = store(stage);
        Map<Integer, Optional<HostInfo>> owners = cluster.owners(store);
        Set<Integer> local = new TreeSet<>();
        owners.forEach((p, h) -> {
            if (h.isEmpty()) {
                local.add(p);
            }
        });
        Map<Integer, List<PersonSpells>> remote = reads.remoteSpells(owners, stage, read);
        scanLocal(stage, local, read, (partitions, results) -> {
            for (int p : owners.keySet()) {
                Iterator<PersonSpells> rows = results.containsKey(p) ? values(results.get(p)) : remote.get(p).iterator();
                // everyone's spells: one row per person, their bucket entries of this partition put together
                scan.partition(p, stage.isPresent() ? rows : AnalyticsBuckets.merge(rows).iterator());
            }
        });
    }

    /** Receives the local partitions' open iterators (closed after the call). */
    interface LocalScan {
        void scan(Set<Integer> partitions, Map<Integer, KeyValueIterator<String, PersonSpells>> results);
    }

    /**
     * Scans the given partitions of the store of {@code stage} (or of everyone's spells) here, from their active
     * copies, after waiting for the read's position; "not ready" when one is not active here or not queryable.
     */
    void scanLocal(Optional<String> stage, Set<Integer> partitions, ReadContext read, LocalScan scan) {
        if (partitions.isEmpty()) {
            scan.scan(partitions, Map.of());
            return;
        }
        String store = store(stage);
        if (!cluster.complete(store, partitions)) {
            throw new NotReadyException("the analytics stores are restoring or moving; try again shortly");
        }
        PositionBound bound = cluster.awaitPosition(store, partitions, read.after());
        StateQueryResult<KeyValueIterator<String, PersonSpells>> result = streams.query(
                StateQueryRequest.inStore(store).withQuery(range(stage)).withPartitions(partitions).requireActive()
                        .withPositionBound(bound));
        Map<Integer, QueryResult<KeyValueIterator<String, PersonSpells>>> answers = new TreeMap<>(result.getPartitionResults());
        try {
            Map<Integer, KeyValueIterator<String, PersonSpells>> iterators = new TreeMap<>();
            for (int p : partitions) {
                QueryResult<KeyValueIterator<String, PersonSpells>> answer = answers.get(p);
                if (answer == null || answer.isFailure() || !cluster.complete(store, p)) {
                    throw new NotReadyException("the analytics stores are restoring or moving; try again shortly");
                }
                iterators.put(p, answer.getResult());
            }
            scan.scan(partitions, iterators);
        } finally {
            answers.values().stream().filter(QueryResult::isSuccess).forEach(r -> r.getResult().close());
        }
    }

    private static Iterator<PersonSpells> values(KeyValueIterator<String, PersonSpells> it) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public PersonSpells next() {
                return it.next().value;
            }
        };
    }

    @Override
    public Map<String, Handler> internalGets() {
        return reads.analyticsRoutes(this);
    }
}
