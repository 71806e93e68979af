package io.trajectory.app.bench;

import io.trajectory.ladder.Ladder;
import io.trajectory.processor.TopologyConfig;
import io.trajectory.processor.fold.PersonFold;
import io.trajectory.schemas.AvroSerdes;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.PersonState;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The peer: what most Kafka Streams users write first. A DSL {@code groupByKey().aggregate()} that
 * applies each event to the person's latest state in arrival order ({@link PersonFold#apply}), with
 * the DSL's defaults (record cache on), written out with {@code toStream().to()}. No dedupe, no
 * event-time order, no retractions: late and re-sent events leave people in the wrong state.
 */
final class PeerTopology {

    static final String STORE = "peer-person-state";

    private PeerTopology() {
    }

    static Topology build(String inputTopic, String outputTopic, Ladder ladder, TopologyConfig.StoreType storeType) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(inputTopic, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .mapValues(bytes -> Codecs.events().decode(bytes))
                .groupByKey(Grouped.with(Serdes.String(), AvroSerdes.events()))
                .aggregate(() -> (PersonState) null,
                        (personId, event, state) -> PersonFold.apply(
                                state == null ? PersonFold.initial(personId, ladder) : state, (SpecificRecord) event, ladder),
                        Materialized.<String, PersonState, KeyValueStore<Bytes, byte[]>>as(STORE)
                                .withStoreType(storeType == TopologyConfig.StoreType.IN_MEMORY
                                        ? Materialized.StoreType.IN_MEMORY : Materialized.StoreType.ROCKS_DB)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(AvroSerdes.personState()))
                .toStream()
                .to(outputTopic, Produced.with(Serdes.String(), AvroSerdes.personState()));
        return builder.build();
    }
}
