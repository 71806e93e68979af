package io.trajectory.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.config.TrajectoryConfig;
import io.trajectory.events.EventHeader;
import io.trajectory.ladder.Ladder;
import io.trajectory.processor.Histories.Copy;
import io.trajectory.processor.Histories.Delivery;
import io.trajectory.processor.Histories.History;
import io.trajectory.processor.Histories.Planned;
import io.trajectory.processor.analytics.AnalyticsBuckets;
import io.trajectory.processor.analytics.DepartmentChanges;
import io.trajectory.processor.analytics.Spells;
import io.trajectory.processor.fold.FoldOrder;
import io.trajectory.processor.fold.PersonFold;
import io.trajectory.schemas.CareerEvents;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.LedgerEntry;
import io.trajectory.state.PersonLedger;
import io.trajectory.state.PersonSpells;
import io.trajectory.state.PersonState;
import io.trajectory.topics.Stores;
import io.trajectory.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The law that matters end to end: whatever order a shuffled, duplicated stream of several people's
 * events reaches the topology in, the store and the person-state topic end with the pure fold of
 * each person's distinct events, and the analytics buckets with the spells of each final ledger; whatever the
 * size of the decoded-ledger cache (off, evicting all the time, default). Fewer tries than the fold laws: each try starts a TopologyTestDriver
 * (and so does each run while a failure is shrunk, hence the fewer shrink cycles).
 *
 * <p>Runs QuickTheories with a random seed; a failure shows the shrunk input and {@code Seed was N}.
 * Replay it with {@code Laws.check(qt().withFixedSeed(N), ...)} or {@code -DQT_SEED=N} (see {@link Laws}).
 */
class TopologyLawsProperties {

    private static final Ladder LADDER = Histories.LADDER;
    private static final int EXAMPLES = 200;
    private static final int SHRINK_CYCLES = 5_000;

    private final Topics topics = Topics.from(TrajectoryConfig.defaults());

    /** Several people's histories and the order their events, with copies, reach the input topic. */
    record Input(List<History> people, List<SpecificRecord> arrival) {
        @Override
        public String toString() {
            return people + "\narrival: " + arrival.stream()
                    .map(e -> CareerEvents.personId(e) + "/" + CareerEvents.eventId(e) + "@"
                            + CareerEvents.header(e).getRecordedAt())
                    .toList();
        }
    }

    /** One TopologyTestDriver and its topics, for one try. */
    private record Driver(TopologyTestDriver driver, TestInputTopic<byte[], byte[]> input,
            TestOutputTopic<byte[], byte[]> dlq, TestOutputTopic<String, PersonState> states) implements AutoCloseable {
        @Override
        public void close() {
            driver.close();
        }
    }

    private Driver startDriver(long ledgerCacheBytes) {
        TopologyConfig config = new TopologyConfig(topics, LADDER, TopologyConfig.StoreType.IN_MEMORY, ledgerCacheBytes);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-laws");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        TopologyTestDriver driver = new TopologyTestDriver(TrajectoryTopology.build(config), props);
        return new Driver(driver,
                driver.createInputTopic(topics.careerEventsRaw().name(), Serdes.ByteArray().serializer(),
                        Serdes.ByteArray().serializer()),
                driver.createOutputTopic(topics.deadLetters().name(), Serdes.ByteArray().deserializer(),
                        Serdes.ByteArray().deserializer()),
                driver.createOutputTopic(topics.personState().name(), Serdes.String().deserializer(),
                        topics.personState().valueSerde().deserializer()));
    }

    /**
     * Up to four people of up to 30 events; each event has a copy slot, used with a chance drawn
     * once, 0 to 100%, so the number of copies is about uniform from none to all of the events; a
     * third of the copies are re-recorded 1 h to 30 days later. Every event and copy has its own
     * arrival key.
     */
    static Gen<Input> inputs() {
        Gen<Integer> densities = Histories.densities(100);
        Gen<List<Planned<Delivery>>> peoples = Histories.people(4, 30, Histories.deliveries(1, 0, 24 * 30));
        return in -> {
            int density = densities.generate(in);
            List<Planned<Delivery>> people = peoples.generate(in);
            List<SpecificRecord> items = new ArrayList<>();
            List<Integer> keys = new ArrayList<>();
            for (Planned<Delivery> p : people) {
                items.addAll(p.history().events());
                p.plans().forEach(d -> keys.add(d.key()));
            }
            for (Planned<Delivery> p : people) {
                for (int i = 0; i < p.history().size(); i++) {
                    SpecificRecord event = p.history().events().get(i);
                    for (Copy copy : p.plans().get(i).copies()) {
                        if (copy.sent(density)) {
                            int laterHours = copy.hours();
                            items.add(laterHours % 3 == 0
                                    ? Histories.rerecorded(event, Duration.ofHours(laterHours + 1))
                                    : Histories.copy(event));
                            keys.add(copy.key());
                        }
                    }
                }
            }
            return new Input(people.stream().map(Planned::history).toList(), Histories.inKeyOrder(items, keys));
        };
    }

    @Test
    void theStoreAndThePersonStateTopicEndWithThePureFoldOfEachPersonsDistinctEvents() {
        Laws.check(EXAMPLES, SHRINK_CYCLES, inputs(), in -> {
            // the decoded-ledger cache off, so small that it evicts all the time, or at its default size
            long[] cacheSizes = {0, 6_000, TopologyConfig.DEFAULT_LEDGER_CACHE_BYTES};
            try (Driver d = startDriver(cacheSizes[in.arrival().size() % cacheSizes.length])) {
                endsWithThePureFold(d, in);
                analyticsMatchTheLedgers(d, in);
            }
        });
    }

    /**
     * The analytics stores hold, for every person, the spells of their final ledger and exactly their
     * bucket entries, although the analytics skip the events that cannot move spells.
     */
    private static void analyticsMatchTheLedgers(Driver d, Input in) {
        KeyValueStore<String, PersonLedger> ledgers = d.driver().getKeyValueStore(Stores.PERSON_LEDGER);
        KeyValueStore<String, PersonSpells> buckets = d.driver().getKeyValueStore(Stores.ANALYTICS_BUCKETS);
        Map<String, PersonSpells> expectedBuckets = new TreeMap<>();
        Map<String, PersonSpells> expectedPeople = new TreeMap<>();
        for (History h : in.people()) {
            PersonLedger ledger = ledgers.get(h.personId());
            PersonSpells expected = Spells.of(ledger.getState(), DepartmentChanges.of(ledger), LADDER);
            expectedBuckets.putAll(AnalyticsBuckets.split(expected));
            if (!expected.getSpells().isEmpty()) {
                expectedPeople.put(h.personId(), expected);
            }
        }
        Map<String, PersonSpells> stored = new TreeMap<>();
        try (KeyValueIterator<String, PersonSpells> it = buckets.all()) {
            it.forEachRemaining(kv -> stored.put(kv.key, kv.value));
        }
        // expected first: equals of a decoded PersonSpells (Avro's generic arrays) fails on the Instants inside
        assertThat(expectedBuckets).as("bucket entries").isEqualTo(stored);
        Map<String, PersonSpells> merged = new TreeMap<>();
        AnalyticsBuckets.merge(stored.values().iterator()).forEach(p -> merged.put(p.getPersonId(), p));
        assertThat(expectedPeople).as("each person's spells, put together from the buckets").isEqualTo(merged);
    }

    private static void endsWithThePureFold(Driver d, Input in) {
        TopologyTestDriver driver = d.driver();
        for (SpecificRecord event : in.arrival()) {
            // written to Kafka when it was recorded: generated recording times run past today's date, and
            // an event recorded (much) after its record was written is dead-lettered as a date in the future
            d.input().pipeInput(new org.apache.kafka.streams.test.TestRecord<>(
                    CareerEvents.personId(event).getBytes(StandardCharsets.UTF_8), Codecs.events().encode(event),
                    CareerEvents.header(event).getRecordedAt()));
        }

        assertThat(d.dlq().readRecordsToList()).as("valid events are never dead-lettered").isEmpty();
        Map<String, PersonState> lastPublished = new HashMap<>();
        for (KeyValue<String, PersonState> kv : d.states().readKeyValuesToList()) {
            lastPublished.put(kv.key, kv.value);
        }
        Map<String, PersonLedger> stored = new HashMap<>();
        KeyValueStore<String, PersonLedger> store = driver.getKeyValueStore(Stores.PERSON_LEDGER);
        try (KeyValueIterator<String, PersonLedger> it = store.all()) {
            it.forEachRemaining(kv -> stored.put(kv.key, kv.value));
        }

        assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(in.people().stream().map(History::personId).toList());
        for (History h : in.people()) {
            PersonState expected = PersonFold.foldAll(h.personId(), h.events(), LADDER);
            assertThat(stored.get(h.personId()).getState()).as("stored state of %s", h.personId()).isEqualTo(expected);
            assertThat(stored.get(h.personId()).getEvents()).extracting(LedgerEntry::getEventId)
                    .as("ledger of %s", h.personId())
                    .containsExactlyElementsOf(h.events().stream().map(CareerEvents::header).sorted(FoldOrder.HEADERS)
                            .map(EventHeader::getEventId).toList());
            assertThat(lastPublished.get(h.personId())).as("last published state of %s", h.personId())
                    .isEqualTo(expected);
        }
    }
}
