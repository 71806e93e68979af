package io.trajectory.processor;

import io.trajectory.processor.analytics.AnalyticsProcessor;
import io.trajectory.schemas.AvroSerdes;
import io.trajectory.topics.Stores;
import io.trajectory.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The Trajectory topology, built by a pure function of its config: the app and the tests call the
 * same {@link #build}.
 *
 * <pre>
 *   career-events (raw bytes)
 *        │
 *   route-home / route-away: is the record on its key's home partition (murmur2, as Java's producer)?
 *        │ yes                       │ no (+ where it was read, in headers)
 *        │                           ▼
 *        │              &lt;application.id&gt;-career-events-rerouted-repartition (internal, partitioned by murmur2)
 *        ▼                           │
 *   career-event-processor ◀─────────┘ ──(rejected, byte for byte + reason headers)──▶ career-events-dlq
 *        │   [person-ledger store: accepted events + folded state, changelogged]
 *        ▼
 *   person-state (compacted, key personId, value PersonState), stage-transitions
 *        │
 *   analytics-processor (fed each person's ledger change; works only when it may move their spells)
 *            [analytics-buckets: stage/department/cohort/personId → that person's spells of the bucket]
 * </pre>
 *
 * <p>Both sources and the fold are one sub-topology: task n reads partition n of {@code career-events}
 * and of the re-route topic (both have the same partition count), so every record of a person is
 * folded by the one task that holds their state, wherever its producer put it.
 */
public final class TrajectoryTopology {

    static final String SOURCE = "career-events-source";
    static final String ROUTE_HOME = "route-home";
    static final String ROUTE_AWAY = "route-away";
    static final String REROUTED_SOURCE = "rerouted-source";
    static final String PROCESSOR = "career-event-processor";
    static final String DLQ_SINK = "dead-letter-sink";
    static final String PERSON_STATE_SINK = "person-state-sink";
    static final String STAGE_TRANSITIONS_SINK = "stage-transitions-sink";
    static final String ANALYTICS = "analytics-processor";

    private TrajectoryTopology() {
    }

    /** Passes records on unchanged: names the node after the re-route topic's source, for the fold to hang from. */
    private static final class PassThrough implements Processor<byte[], byte[], byte[], byte[]> {
        private ProcessorContext<byte[], byte[]> context;

        @Override
        public void init(ProcessorContext<byte[], byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            context.forward(record);
        }
    }

    private static KeyValueBytesStoreSupplier supplier(TopologyConfig config, String name) {
        return switch (config.storeType()) {
            case ROCKSDB -> org.apache.kafka.streams.state.Stores.persistentKeyValueStore(name);
            case IN_MEMORY -> org.apache.kafka.streams.state.Stores.inMemoryKeyValueStore(name);
        };
    }

    public static Topology build(TopologyConfig config) {
        Topics topics = config.topics();
        StoreBuilder<?> ledgerStore = org.apache.kafka.streams.state.Stores
                .keyValueStoreBuilder(supplier(config, Stores.PERSON_LEDGER), Serdes.String(), LedgerEncoding.ledgerSerde())
                .withLoggingEnabled(java.util.Map.of());
        StoreBuilder<?> indexStore = org.apache.kafka.streams.state.Stores
                .keyValueStoreBuilder(supplier(config, Stores.PEOPLE_INDEX), Serdes.String(), Serdes.String())
                .withLoggingEnabled(java.util.Map.of());

        StoreBuilder<?> bucketStore = org.apache.kafka.streams.state.Stores
                .keyValueStoreBuilder(supplier(config, Stores.ANALYTICS_BUCKETS), Serdes.String(), AvroSerdes.personSpells())
                .withLoggingEnabled(java.util.Map.of());

        // The head is built with the DSL, whose repartition() declares the re-route topic as an internal topic
        // (created, partitioned and purged by Kafka Streams, named after the application id); the rest
        // is Processor API, attached to the same Topology.
        int partitions = config.careerEventsPartitions();
        StreamsBuilder builder = new StreamsBuilder();
        KStream<byte[], byte[]> events = builder.stream(topics.careerEventsRaw().name(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(SOURCE));
        events.process(() -> new CareerEventRouter(CareerEventRouter.Route.HOME, partitions), Named.as(ROUTE_HOME));
        events.process(() -> new CareerEventRouter(CareerEventRouter.Route.AWAY, partitions), Named.as(ROUTE_AWAY))
                .repartition(Repartitioned.<byte[], byte[]>as(Topics.REROUTED)
                        .withKeySerde(Serdes.ByteArray()).withValueSerde(Serdes.ByteArray())
                        .withNumberOfPartitions(partitions)
                        .withStreamPartitioner((topic, key, value, n) ->
                                key == null ? Optional.empty() : Optional.of(Set.of(Placement.homePartition(key, n)))))
                .process(PassThrough::new, Named.as(REROUTED_SOURCE));
        Topology topology = builder.build();
        topology.addProcessor(PROCESSOR, () -> new CareerEventProcessor(config.ladder(), config.ledgerCacheBytes(),
                topics.careerEventsRaw().name()), ROUTE_HOME, REROUTED_SOURCE);
        topology.addStateStore(ledgerStore, PROCESSOR);
        topology.addStateStore(indexStore, PROCESSOR);
        topology.addSink(DLQ_SINK, topics.deadLetters().name(),
                Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(), PROCESSOR);
        // the state's encoding is written once per event, into the ledger and this record (LedgerEncoding)
        topology.addSink(PERSON_STATE_SINK, topics.personState().name(),
                topics.personState().keySerde().serializer(), LedgerEncoding.stateSerializer(), PROCESSOR);
        topology.addSink(STAGE_TRANSITIONS_SINK, topics.stageTransitions().name(),
                topics.stageTransitions().keySerde().serializer(), topics.stageTransitions().valueSerde().serializer(),
                PROCESSOR);
        topology.addProcessor(ANALYTICS, () -> new AnalyticsProcessor(config.ladder()), PROCESSOR);
        topology.addStateStore(bucketStore, ANALYTICS);
        return topology;
    }
}
