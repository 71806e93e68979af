package io.trajectory.api.streams;

import io.trajectory.api.ApiProblem;
import io.trajectory.api.NotReadyException;
import io.trajectory.api.PeoplePage;
import io.trajectory.api.PeopleQuery;
import io.trajectory.api.PersonQueries;
import io.trajectory.api.Readiness;
import io.trajectory.api.ReadinessReport;
import io.trajectory.processor.PeopleIndex;
import io.trajectory.state.PersonLedger;
import io.trajectory.state.PersonState;
import io.trajectory.topics.Stores;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;

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
        requireQueryable();
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

    /**
     * Scans the {@code people-by-stage} index of every partition (a key range per stage, or the
     * whole index when only a department is given), merges the partitions in key order and loads
     * the page's people. Every partition must be local and active: a listing that silently missed
     * a partition would be wrong, so while one is restoring or moving the answer is "not ready".
     */
    @Override
    public PeoplePage people(PeopleQuery query) {
        requireQueryable();
        if (streams.streamsMetadataForStore(Stores.PEOPLE_INDEX).size() > 1) {
            throw ApiProblem.of(501, "not-implemented", "Not implemented",
                    "listing people is not supported yet when several instances share the work; query a single instance");
        }
        String lower = query.stage().map(st -> PeopleIndex.prefix(st, query.department())).orElse("");
        String upper = query.stage().map(st -> PeopleIndex.upperBound(PeopleIndex.prefix(st, query.department())))
                .orElse(null);
        if (query.after().isPresent() && query.after().get().compareTo(lower) > 0) {
            lower = query.after().get();
        }
        RangeQuery<String, String> range = upper == null ? RangeQuery.withLowerBound(lower) : RangeQuery.withRange(lower, upper);
        StateQueryResult<KeyValueIterator<String, String>> result = streams.query(
                StateQueryRequest.inStore(Stores.PEOPLE_INDEX).withQuery(range).requireActive());
        TreeSet<String> keys = new TreeSet<>();
        try {
            for (QueryResult<KeyValueIterator<String, String>> partition : result.getPartitionResults().values()) {
                if (partition.isFailure()) {
                    throw new NotReadyException("the people index is restoring or moving; try again shortly");
                }
                collect(partition.getResult(), query, keys);
            }
        } finally {
            result.getPartitionResults().values().stream().filter(QueryResult::isSuccess)
                    .forEach(r -> r.getResult().close());
        }
        if (result.getPartitionResults().isEmpty()) {
            throw new NotReadyException("no partition of the people index is assigned yet; try again shortly");
        }
        List<String> page = new ArrayList<>();
        for (String key : keys) {
            if (page.size() == query.limit()) {
                break;
            }
            page.add(key);
        }
        List<PersonState> people = new ArrayList<>(page.size());
        for (String key : page) {
            person(PeopleIndex.personId(key)).ifPresent(people::add);
        }
        Optional<String> next = keys.size() > page.size() ? Optional.of(page.get(page.size() - 1)) : Optional.empty();
        return new PeoplePage(people, next);
    }

    /** Up to limit+1 matching keys of one partition after the cursor (the iterator is in key order). */
    private static void collect(KeyValueIterator<String, String> it, PeopleQuery query, TreeSet<String> keys) {
        int taken = 0;
        while (it.hasNext() && taken <= query.limit()) {
            String key = it.next().key;
            if (query.after().map(a -> key.compareTo(a) <= 0).orElse(false)) {
                continue;
            }
            if (query.stage().isEmpty() && query.department().map(d -> !d.equals(PeopleIndex.department(key))).orElse(false)) {
                continue;
            }
            keys.add(key);
            taken++;
        }
    }

    private void requireQueryable() {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            throw new NotReadyException("the stream processor is " + state + "; try again shortly");
        }
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
