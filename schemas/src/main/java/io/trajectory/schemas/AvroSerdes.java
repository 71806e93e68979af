package io.trajectory.schemas;

import io.trajectory.state.PersonLedger;
import io.trajectory.state.PersonSpells;
import io.trajectory.state.StageTransition;
import io.trajectory.state.PersonState;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serdes for the single-object-encoded values. Deserializers throw {@link CodecException}
 * on bad bytes; the processor reads raw bytes instead so it can dead-letter them.
 */
public final class AvroSerdes {

    private AvroSerdes() {
    }

    public static Serde<SpecificRecord> events() {
        return of(Codecs.events());
    }

    public static Serde<PersonState> personState() {
        return of(Codecs.personState());
    }

    public static Serde<PersonLedger> personLedger() {
        return of(Codecs.personLedger());
    }

    public static Serde<PersonSpells> personSpells() {
        return of(Codecs.personSpells());
    }

    public static Serde<StageTransition> stageTransition() {
        return of(Codecs.stageTransition());
    }

    public static <T extends SpecificRecord> Serde<T> of(SingleObjectCodec<T> codec) {
        Serializer<T> serializer = (topic, value) -> value == null ? null : codec.encode(value);
        Deserializer<T> deserializer = (topic, bytes) -> bytes == null ? null : codec.decode(bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
