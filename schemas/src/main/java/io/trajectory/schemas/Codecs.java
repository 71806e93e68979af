package io.trajectory.schemas;

import io.trajectory.state.PersonLedger;
import io.trajectory.state.PersonSpells;
import io.trajectory.state.StageTransition;
import io.trajectory.state.PersonState;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** The codecs of this build: career events, and the processor's views. Thread-safe, shareable. */
public final class Codecs {

    private static final SchemaHistory HISTORY = SchemaHistory.shipped();
    private static final SingleObjectCodec<SpecificRecord> EVENTS =
            new SingleObjectCodec<>(EventType.avroClasses(), HISTORY);
    private static final SingleObjectCodec<PersonState> PERSON_STATE =
            new SingleObjectCodec<>(List.of(PersonState.class), HISTORY);
    private static final SingleObjectCodec<PersonLedger> PERSON_LEDGER =
            new SingleObjectCodec<>(List.of(PersonLedger.class), HISTORY);

    private static final SingleObjectCodec<StageTransition> STAGE_TRANSITION =
            new SingleObjectCodec<>(List.of(StageTransition.class), HISTORY);

    private static final SingleObjectCodec<PersonSpells> PERSON_SPELLS =
            new SingleObjectCodec<>(List.of(PersonSpells.class), HISTORY);

    private Codecs() {
    }

    /** Every career event type, any released version. */
    public static SingleObjectCodec<SpecificRecord> events() {
        return EVENTS;
    }

    public static SingleObjectCodec<PersonState> personState() {
        return PERSON_STATE;
    }

    public static SingleObjectCodec<PersonLedger> personLedger() {
        return PERSON_LEDGER;
    }

    public static SingleObjectCodec<StageTransition> stageTransition() {
        return STAGE_TRANSITION;
    }

    /** The analytics processor's store value (internal). */
    public static SingleObjectCodec<PersonSpells> personSpells() {
        return PERSON_SPELLS;
    }

    public static SchemaHistory history() {
        return HISTORY;
    }
}
