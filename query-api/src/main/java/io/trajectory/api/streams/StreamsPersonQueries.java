package io.trajectory.api.streams;

import io.trajectory.api.ForwardRequired;
import io.trajectory.api.InternalRoutes;
import io.trajectory.api.NotReadyException;
import io.trajectory.api.PeoplePage;
import io.trajectory.api.PeopleQuery;
import io.trajectory.api.PersonQueries;
import io.trajectory.api.ReadContext;
import io.trajectory.api.Readiness;
import io.trajectory.api.ReadinessReport;
import io.trajectory.processor.PeopleIndex;
import io.trajectory.state.PersonLedger;
import io.trajectory.state.PersonState;
import io.trajectory.topics.Stores;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Person queries over the processor's {@code person-ledger} store with Kafka Streams interactive
 * queries (IQv2), on any instance:
 * <ul>
 *   <li>a person whose active copy is here is read here; one whose active copy is on another instance is
 *       forwarded there ({@link ForwardRequired}); if that instance does not answer, or the partition is
 *       moving, a standby copy answers (here, or forwarded to its host) with its lag stated, else 503;</li>
 *   <li>the people listing reads the {@code people-by-stage} index of every partition: the local ones here,
 *       the others from the instances that hold them ({@link ClusterReads}), merged in key order, so every
 *       instance answers exactly what a single instance would;</li>
 *   <li>with {@code ?after=TOKEN}, a read waits (bounded) until the active copy has processed the token's
 *       {@code career-events} offsets (IQv2 {@link PositionBound}); a standby never answers such a read.</li>
 * </ul>
 */
public final class StreamsPersonQueries implements PersonQueries, Readiness, InternalRoutes {

    private static final String PROBE_KEY = "__trajectory_readiness_probe__";

    private final KafkaStreams streams;
    private final Cluster cluster;
    private final ClusterReads reads;

    /** A single instance: every partition must be active here (no forwarding). */
    public StreamsPersonQueries(KafkaStreams streams) {
        this(Cluster.alone(streams));
    }

    public StreamsPersonQueries(Cluster cluster) {
        this.streams = cluster.streams();
        this.cluster = cluster;
        this.reads = new ClusterReads(cluster);
    }

    /** Reads as an in-process caller: the local copy only (active, else a standby), never forwarded. */
    @Override
    public Optional<PersonState> person(String personId) {
        return reading(local()).person(personId);
    }

    @Override
    public Optional<PersonLedger> ledger(String personId) {
        return reading(local()).ledger(personId);
    }

    @Override
    public PeoplePage people(PeopleQuery query) {
        return reading(local()).people(query);
    }

    private static ReadContext local() {
        return new ReadContext(ReadContext.Hop.ACTIVE, Optional.empty(), Optional.empty());
    }

    @Override
    public PersonQueries reading(ReadContext read) {
        cluster.checkPosition(read); // a token that cannot be a position is refused before anything waits for it
        return new PersonQueries() {
            @Override
            public Optional<PersonState> person(String personId) {
                return ledger(personId).map(PersonLedger::getState);
            }

            @Override
            public Optional<PersonLedger> ledger(String personId) {
                return StreamsPersonQueries.this.ledger(personId, read);
            }

            @Override
            public PeoplePage people(PeopleQuery query) {
                return StreamsPersonQueries.this.people(query, read);
            }
        };
    }

    private Optional<PersonLedger> ledger(String personId, ReadContext read) {
        cluster.requireQueryable();
        KeyQueryMetadata metadata = streams.queryMetadataForKey(Stores.PERSON_LEDGER, personId, Serdes.String().serializer());
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new NotReadyException("the person store is being assigned; try again shortly");
        }
        int partition = metadata.partition();
        boolean activeHere = cluster.isSelf(metadata.activeHost());
        if (activeHere) {
            Optional<Optional<PersonLedger>> answer = active(personId, partition, read);
            if (answer.isPresent()) {
                return answer.get();
            }
        } else if (read.mayForward()) {
            List<ForwardRequired.Target> targets = new ArrayList<>();
            targets.add(Cluster.target(metadata.activeHost(), ReadContext.Hop.ACTIVE));
            if (read.after().flatMap(t -> t.offset(partition)).isEmpty()) {
                metadata.standbyHosts().forEach(h -> targets.add(Cluster.target(h, ReadContext.Hop.STANDBY)));
            }
            throw new ForwardRequired(cluster.forwarder(), targets);
        }
        // no active copy answers here: a standby copy, with its lag stated
        if (read.after().flatMap(t -> t.offset(partition)).isPresent()) {
            throw new NotReadyException("the active copy of this person's data is moving; only it can confirm the position;"
                    + " try again shortly", Cluster.CATCH_UP_RETRY_AFTER_SECONDS);
        }
        Optional<Optional<PersonLedger>> standby = standby(personId, partition, read);
        if (standby.isPresent()) {
            return standby.get();
        }
        if (read.mayForward()) {
            List<ForwardRequired.Target> targets = new ArrayList<>();
            metadata.standbyHosts().stream().filter(h -> !cluster.isSelf(h))
                    .forEach(h -> targets.add(Cluster.target(h, ReadContext.Hop.STANDBY)));
            if (!targets.isEmpty()) {
                throw new ForwardRequired(cluster.forwarder(), targets);
            }
        }
        throw new NotReadyException("the person store is restoring or moving; try again shortly");
    }

    /** The local active copy's answer; empty when this instance has no queryable active copy of the partition. */
    private Optional<Optional<PersonLedger>> active(String personId, int partition, ReadContext read) {
        if (!cluster.complete(Stores.PERSON_LEDGER, partition)) {
            return Optional.empty();
        }
        PositionBound bound = cluster.awaitPosition(Stores.PERSON_LEDGER, Set.of(partition), read.after());
        StateQueryResult<PersonLedger> result = streams.query(StateQueryRequest.inStore(Stores.PERSON_LEDGER)
                .withQuery(KeyQuery.<String, PersonLedger>withKey(personId))
                .withPartitions(Set.of(partition)).requireActive().withPositionBound(bound));
        QueryResult<PersonLedger> answer = result.getPartitionResults().get(partition);
        if (answer == null || answer.isFailure() || !cluster.complete(Stores.PERSON_LEDGER, partition)) {
            return Optional.empty();
        }
        read.answeredByActive(cluster.self());
        return Optional.of(Optional.ofNullable(answer.getResult()));
    }

    /**
     * A local standby copy's answer (lag recorded in {@code read}); empty when this instance keeps no standby of the
     * partition, or one too far behind ({@code query.standby.max.lag}). Only a real standby task counts: Kafka Streams
     * also answers a query without {@code requireActive} from an active copy that is still restoring (its partial
     * contents would be a wrong answer).
     */
    private Optional<Optional<PersonLedger>> standby(String personId, int partition, ReadContext read) {
        if (!cluster.hasStandby(partition)) {
            return Optional.empty();
        }
        OptionalLong lag = cluster.standbyLag(Stores.PERSON_LEDGER, partition);
        if (lag.isEmpty()) {
            return Optional.empty();
        }
        StateQueryResult<PersonLedger> result = streams.query(StateQueryRequest.inStore(Stores.PERSON_LEDGER)
                .withQuery(KeyQuery.<String, PersonLedger>withKey(personId)).withPartitions(Set.of(partition)));
        QueryResult<PersonLedger> answer = result.getPartitionResults().get(partition);
        if (answer == null || answer.isFailure() || !cluster.hasStandby(partition)) {
            return Optional.empty();
        }
        if (answer.getResult() == null && lag.getAsLong() > 0) {
            return Optional.empty(); // a standby behind cannot prove the person does not exist: not a 404
        }
        read.answeredByStandby(cluster.self(), lag.getAsLong());
        return Optional.of(Optional.ofNullable(answer.getResult()));
    }

    /**
     * The people listing over every partition of the {@code people-by-stage} index: up to limit+1 matching
     * keys of each partition after the cursor (local partitions here, the others from their instances),
     * merged in key order; the page's people are read where their partition is active. Every partition must
     * answer from its active copy: a listing that silently missed one would be wrong.
     */
    private PeoplePage people(PeopleQuery query, ReadContext read) {
        cluster.requireQueryable();
        Map<Integer, Optional<HostInfo>> owners = cluster.owners(Stores.PEOPLE_INDEX);
        Set<Integer> local = new TreeSet<>();
        owners.forEach((p, h) -> {
            if (h.isEmpty()) {
                local.add(p);
            }
        });
        TreeMap<String, Optional<PersonState>> found = new TreeMap<>();
        for (String key : localIndexKeys(query, local, read)) {
            found.put(key, Optional.empty());
        }
        found.putAll(reads.remoteIndex(owners, query, read));
        List<String> page = new ArrayList<>();
        for (String key : found.keySet()) {
            if (page.size() == query.limit()) {
                break;
            }
            page.add(key);
        }
        List<PersonState> people = new ArrayList<>(page.size());
        for (String key : page) {
            Optional<PersonState> remote = found.get(key);
            if (remote.isPresent()) {
                people.add(remote.get());
            } else {
                // the index listed them, so their state exists: unreadable now means their partition is moving
                // (between the index read and this one); a page without them would be wrong, not short
                people.add(localState(PeopleIndex.personId(key)).orElseThrow(() -> new NotReadyException(
                        "a person of this page is moving between instances; try again shortly")));
            }
        }
        Optional<String> next = found.size() > page.size() ? Optional.of(page.get(page.size() - 1)) : Optional.empty();
        return new PeoplePage(people, next);
    }

    /** Up to limit+1 matching keys of each of the given local partitions, from their active copies. */
    List<String> localIndexKeys(PeopleQuery query, Set<Integer> partitions, ReadContext read) {
        if (partitions.isEmpty()) {
            return List.of();
        }
        String lower = query.stage().map(st -> PeopleIndex.prefix(st, query.department())).orElse("");
        String upper = query.stage().map(st -> PeopleIndex.upperBound(PeopleIndex.prefix(st, query.department())))
                .orElse(null);
        if (query.after().isPresent() && query.after().get().compareTo(lower) > 0) {
            lower = query.after().get();
        }
        RangeQuery<String, String> range = upper == null ? RangeQuery.withLowerBound(lower) : RangeQuery.withRange(lower, upper);
        if (!cluster.complete(Stores.PEOPLE_INDEX, partitions) || !cluster.complete(Stores.PERSON_LEDGER, partitions)) {
            throw new NotReadyException("the people index is restoring or moving; try again shortly");
        }
        PositionBound bound = cluster.awaitPosition(Stores.PEOPLE_INDEX, partitions, read.after());
        StateQueryResult<KeyValueIterator<String, String>> result = streams.query(
                StateQueryRequest.inStore(Stores.PEOPLE_INDEX).withQuery(range).withPartitions(partitions).requireActive()
                        .withPositionBound(bound));
        List<String> keys = new ArrayList<>();
        try {
            for (int p : partitions) {
                QueryResult<KeyValueIterator<String, String>> partition = result.getPartitionResults().get(p);
                if (partition == null || partition.isFailure() || !cluster.complete(Stores.PEOPLE_INDEX, p)) {
                    throw new NotReadyException("the people index is restoring or moving; try again shortly");
                }
                collect(partition.getResult(), query, keys);
            }
        } finally {
            result.getPartitionResults().values().stream().filter(QueryResult::isSuccess)
                    .forEach(r -> r.getResult().close());
        }
        return keys;
    }

    /** A person whose partition is active here (the listing's local part). */
    Optional<PersonState> localState(String personId) {
        StateQueryResult<PersonLedger> result = streams.query(StateQueryRequest.inStore(Stores.PERSON_LEDGER)
                .withQuery(KeyQuery.<String, PersonLedger>withKey(personId)).requireActive());
        for (QueryResult<PersonLedger> r : result.getPartitionResults().values()) {
            if (r.isSuccess() && r.getResult() != null) {
                return Optional.of(r.getResult().getState());
            }
        }
        return Optional.empty();
    }

    /** Up to limit+1 matching keys of one partition after the cursor (the iterator is in key order). */
    private static void collect(KeyValueIterator<String, String> it, PeopleQuery query, List<String> keys) {
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

    @Override
    public Map<String, Handler> internalGets() {
        return reads.routes(this);
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
