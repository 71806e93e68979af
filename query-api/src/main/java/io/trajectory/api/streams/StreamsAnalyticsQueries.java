package io.trajectory.api.streams;

import io.trajectory.api.AnalyticsQueries;
import io.trajectory.api.ApiProblem;
import io.trajectory.api.NotReadyException;
import io.trajectory.processor.analytics.AnalyticsBuckets;
import io.trajectory.state.PersonSpells;
import io.trajectory.topics.Stores;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * The analytics stores over Kafka Streams interactive queries (IQv2): a key range of
 * {@code analytics-buckets} (one stage), or all of it put together per person, scanned in every local
 * partition. An analytics figure that silently missed a partition would be wrong, so every
 * partition must be assigned here and active: while Kafka Streams is not RUNNING (starting,
 * rebalancing, restoring) the answer is "not ready" (503). With several instances sharing the
 * partitions the answer is 501 for now, as for the people listing.
 */
public final class StreamsAnalyticsQueries implements AnalyticsQueries {

    private final KafkaStreams streams;

    public StreamsAnalyticsQueries(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public void stageSpells(String stage, PartitionScan scan) {
        String prefix = AnalyticsBuckets.stagePrefix(stage);
        scan(Stores.ANALYTICS_BUCKETS, RangeQuery.withRange(prefix, AnalyticsBuckets.upperBound(prefix)), scan);
    }

    @Override
    public void everyonesSpells(PartitionScan scan) {
        // one row per person: their bucket entries put together (the processor keeps no per-person spells store)
        scan(Stores.ANALYTICS_BUCKETS, RangeQuery.withNoBounds(),
                (partition, rows) -> scan.partition(partition, AnalyticsBuckets.merge(rows).iterator()));
    }

    private void scan(String store, RangeQuery<String, PersonSpells> range, PartitionScan scan) {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            throw new NotReadyException("the stream processor is " + state + "; analytics need every partition; try again shortly");
        }
        if (streams.streamsMetadataForStore(store).size() > 1) {
            throw ApiProblem.of(501, "not-implemented", "Not implemented",
                    "analytics are not supported yet when several instances share the work; query a single instance");
        }
        StateQueryResult<KeyValueIterator<String, PersonSpells>> result = streams.query(
                StateQueryRequest.inStore(store).withQuery(range).requireActive());
        Map<Integer, QueryResult<KeyValueIterator<String, PersonSpells>>> partitions = new TreeMap<>(result.getPartitionResults());
        try {
            if (partitions.isEmpty()) {
                throw new NotReadyException("no partition of the analytics stores is assigned yet; try again shortly");
            }
            for (QueryResult<KeyValueIterator<String, PersonSpells>> partition : partitions.values()) {
                if (partition.isFailure()) {
                    throw new NotReadyException("the analytics stores are restoring or moving; try again shortly");
                }
            }
            for (Map.Entry<Integer, QueryResult<KeyValueIterator<String, PersonSpells>>> e : partitions.entrySet()) {
                scan.partition(e.getKey(), values(e.getValue().getResult()));
            }
        } finally {
            partitions.values().stream().filter(QueryResult::isSuccess).forEach(r -> r.getResult().close());
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
}
