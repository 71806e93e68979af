package io.trajectory.processor;

import io.trajectory.processor.analytics.AnalyticsProcessor;
import io.trajectory.schemas.AvroSerdes;
import io.trajectory.topics.Stores;
import io.trajectory.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The Trajectory topology, built by a pure function of its config: the app and the tests call the
 * same {@link #build}.
 *
 * <pre>
 *   career-events (raw bytes)
 *        │
 *        ▼
 *   career-event-processor ──(rejected, byte for byte + reason headers)──▶ career-events-dlq
 *        │   [person-ledger store: accepted events + folded state, changelogged]
 *        ▼
 *   person-state (compacted, key personId, value PersonState), stage-transitions
 *        │
 *   analytics-processor (fed each person's ledger change; works only when it may move their spells)
 *            [analytics-buckets: stage/department/cohort/personId → that person's spells of the bucket]
 * </pre>
 */
public final class TrajectoryTopology {

    static final String SOURCE = "career-events-source";
    static final String PROCESSOR = "career-event-processor";
    static final String DLQ_SINK = "dead-letter-sink";
    static final String PERSON_STATE_SINK = "person-state-sink";
    static final String STAGE_TRANSITIONS_SINK = "stage-transitions-sink";
    static final String ANALYTICS = "analytics-processor";

    private TrajectoryTopology() {
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

        Topology topology = new Topology();
        topology.addSource(SOURCE, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                topics.careerEventsRaw().name());
        topology.addProcessor(PROCESSOR, () -> new CareerEventProcessor(config.ladder(), config.ledgerCacheBytes()), SOURCE);
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
