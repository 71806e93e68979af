package io.trajectory.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.ladder.Ladder;
import io.trajectory.ladder.LadderLoader;
import io.trajectory.schemas.AvroSerdes;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.LedgerEntry;
import io.trajectory.state.PersonLedger;
import io.trajectory.topics.Stores;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The decoded-ledger cache never answers in place of the store once Kafka Streams re-initialises the
 * task: after an exactly-once abort, Streams wipes the task's state, restores it from the changelog to
 * the last commit and calls {@code init} again. Here the "restore" is done by hand (the store is set
 * back), then {@code init} is called as Streams would.
 */
class CareerEventProcessorCacheTest {

    private static final Ladder LADDER = LadderLoader.defaultLadder();
    private final TestEvents ann = new TestEvents("ann");
    private MockProcessorContext<Object, Object> context;
    private KeyValueStore<String, PersonLedger> ledgers;
    private CareerEventProcessor processor;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>();
        ledgers = org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                org.apache.kafka.streams.state.Stores.inMemoryKeyValueStore(Stores.PERSON_LEDGER), Serdes.String(),
                AvroSerdes.personLedger()).withLoggingDisabled().build();
        KeyValueStore<String, String> index = org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                org.apache.kafka.streams.state.Stores.inMemoryKeyValueStore(Stores.PEOPLE_INDEX), Serdes.String(),
                Serdes.String()).withLoggingDisabled().build();
        ledgers.init(context.getStateStoreContext(), ledgers);
        index.init(context.getStateStoreContext(), index);
        context.addStateStore(ledgers);
        context.addStateStore(index);
        processor = new CareerEventProcessor(LADDER, 1_000_000, "career-events");
        processor.init(context);
    }

    private void process(SpecificRecord event) {
        processor.process(new Record<>("ann".getBytes(StandardCharsets.UTF_8), Codecs.events().encode(event), System.currentTimeMillis()));
    }

    private java.util.List<String> storedEventIds() {
        return ledgers.get("ann").getEvents().stream().map(LedgerEntry::getEventId).toList();
    }

    @Test
    void shouldFoldOnTheCachedLedgerWhileTheTaskLives() {
        process(ann.hired("h", 1));
        process(ann.project("p1", 2, false));
        process(ann.project("p2", 3, true));
        assertThat(storedEventIds()).containsExactly("h", "p1", "p2");
        assertThat(ledgers.get("ann").getState().getProgramsDelivered()).isEqualTo(2);
    }

    @Test
    void shouldReadTheRestoredStoreAfterTheTaskIsInitialisedAgain() {
        process(ann.hired("h", 1));
        PersonLedger committed = ledgers.get("ann");
        process(ann.project("p1", 2, false)); // in a transaction that is then aborted

        // Streams wipes the state, restores the committed ledger from the changelog, and calls init again
        ledgers.put("ann", committed);
        processor.init(context);
        process(ann.project("p2", 3, true));

        assertThat(storedEventIds()).as("the aborted p1 must not come back from the cache").containsExactly("h", "p2");
        assertThat(ledgers.get("ann").getState().getProgramsDelivered()).isEqualTo(1);
    }

    @Test
    void shouldGiveTheSameLedgersWithAndWithoutTheCache() {
        CareerEventProcessor uncached = new CareerEventProcessor(LADDER, 0, "career-events");
        SpecificRecord[] events = {ann.hired("h", 1), ann.project("p2", 5, true), ann.project("p1", 3, false),
            ann.retraction("r", 6, "p2")};
        for (SpecificRecord e : events) {
            process(e);
        }
        PersonLedger cached = ledgers.get("ann");
        ledgers.delete("ann");
        uncached.init(context);
        for (SpecificRecord e : events) {
            uncached.process(new Record<>("ann".getBytes(StandardCharsets.UTF_8), Codecs.events().encode(e), System.currentTimeMillis()));
        }
        assertThat(ledgers.get("ann")).isEqualTo(cached);
    }
}
