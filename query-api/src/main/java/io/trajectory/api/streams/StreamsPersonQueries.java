package io.trajectory.api.streams;

import io.trajectory.api.NotReadyException;
import io.trajectory.api.PersonQueries;
import io.trajectory.api.Readiness;
import io.trajectory.api.ReadinessReport;
import io.trajectory.state.PersonLedger;
import io.trajectory.state.PersonState;
import io.trajectory.topics.Stores;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;

/**
 * Person queries over the processor's {@code person-ledger} store with Kafka Streams interactive
 * queries (IQv2): the key's partition is looked up, and only an active (not standby) copy answers,
 * so a reply is never stale. While the store is restoring or moving, {@link NotReadyException}
 * makes the API answer 503 with Retry-After.
 */
public final class StreamsPersonQueries implements PersonQueries, Readiness {

    private static final String PROBE_KEY = "__trajectory_readiness_probe__";

    private final KafkaStreams streams;

    public StreamsPersonQueries(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public Optional<PersonState> person(String personId) {
        return ledger(personId).map(PersonLedger::getState);
    }

    @Override
    public Optional<PersonLedger> ledger(String personId) {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            throw new NotReadyException("the stream processor is " + state + "; try again shortly");
        }
        KeyQueryMetadata metadata = streams.queryMetadataForKey(Stores.PERSON_LEDGER, personId,
                Serdes.String().serializer());
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new NotReadyException("the person store is being assigned; try again shortly");
        }
        int partition = metadata.partition();
        StateQueryRequest<PersonLedger> request = StateQueryRequest.inStore(Stores.PERSON_LEDGER)
                .withQuery(KeyQuery.<String, PersonLedger>withKey(personId))
                .withPartitions(Set.of(partition))
                .requireActive();
        StateQueryResult<PersonLedger> result = streams.query(request);
        QueryResult<PersonLedger> answer = result.getPartitionResults().get(partition);
        if (answer == null || answer.isFailure()) {
            throw new NotReadyException("the person store is restoring or moving; try again shortly");
        }
        return Optional.ofNullable(answer.getResult());
    }

    /** Ready when Kafka Streams is RUNNING and every local partition of the store answers a query. */
    @Override
    public ReadinessReport check() {
        KafkaStreams.State state = streams.state();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("streams", state.name());
        if (state != KafkaStreams.State.RUNNING) {
            return new ReadinessReport(false, state.name(), details);
        }
        StateQueryResult<PersonLedger> probe = streams.query(StateQueryRequest.inStore(Stores.PERSON_LEDGER)
                .withQuery(KeyQuery.<String, PersonLedger>withKey(PROBE_KEY)).requireActive());
        Map<Integer, QueryResult<PersonLedger>> partitions = probe.getPartitionResults();
        long failed = partitions.values().stream().filter(QueryResult::isFailure).count();
        details.put("storePartitions", partitions.size());
        details.put("storePartitionsNotQueryable", failed);
        boolean ready = !partitions.isEmpty() && failed == 0;
        return new ReadinessReport(ready, ready ? "RUNNING" : "STORES_NOT_QUERYABLE", details);
    }
}
