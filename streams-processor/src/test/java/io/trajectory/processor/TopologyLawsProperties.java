package io.trajectory.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.config.TrajectoryConfig;
import io.trajectory.events.EventHeader;
import io.trajectory.ladder.Ladder;
import io.trajectory.processor.Histories.History;
import io.trajectory.processor.fold.FoldOrder;
import io.trajectory.processor.fold.PersonFold;
import io.trajectory.schemas.CareerEvents;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.LedgerEntry;
import io.trajectory.state.PersonLedger;
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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The law that matters end to end: whatever order a shuffled, duplicated stream of several people's
 * events reaches the topology in, the store and the person-state topic end with the pure fold of
 * each person's distinct events. Fewer tries than the fold laws: each try starts a TopologyTestDriver.
 */
class TopologyLawsProperties {

    private static final Ladder LADDER = Histories.LADDER;

    private final Topics topics = Topics.from(TrajectoryConfig.defaults());
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<byte[], byte[]> dlq;
    private TestOutputTopic<String, PersonState> states;

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

    @BeforeTry
    void startDriver() {
        TopologyConfig config = new TopologyConfig(topics, LADDER, TopologyConfig.StoreType.IN_MEMORY);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-laws");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(TrajectoryTopology.build(config), props);
        input = driver.createInputTopic(topics.careerEventsRaw().name(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        dlq = driver.createOutputTopic(topics.deadLetters().name(), Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
        states = driver.createOutputTopic(topics.personState().name(), Serdes.String().deserializer(),
                topics.personState().valueSerde().deserializer());
    }

    @AfterTry
    void closeDriver() {
        driver.close();
    }

    /** Up to four people of up to 30 events; some events sent again, exactly or re-recorded later. */
    @Provide
    Arbitrary<Input> inputs() {
        return Histories.people(4, 30).flatMap(people -> {
            List<SpecificRecord> all = people.stream().flatMap(h -> h.events().stream()).toList();
            Arbitrary<SpecificRecord> copies = Combinators.combine(
                            Arbitraries.integers().between(0, all.size() - 1),
                            Arbitraries.integers().between(0, 24 * 30))
                    .as((i, laterHours) -> laterHours % 3 == 0
                            ? Histories.rerecorded(all.get(i), Duration.ofHours(laterHours + 1))
                            : Histories.copy(all.get(i)));
            return copies.list().ofMaxSize(all.size()).flatMap(extra -> {
                List<SpecificRecord> arrival = new ArrayList<>(all);
                arrival.addAll(extra);
                return Arbitraries.shuffle(arrival);
            }).map(arrival -> new Input(people, arrival));
        });
    }

    @Property(tries = 200)
    void theStoreAndThePersonStateTopicEndWithThePureFoldOfEachPersonsDistinctEvents(@ForAll("inputs") Input in) {
        for (SpecificRecord event : in.arrival()) {
            input.pipeInput(CareerEvents.personId(event).getBytes(StandardCharsets.UTF_8), Codecs.events().encode(event));
        }

        assertThat(dlq.readRecordsToList()).as("valid events are never dead-lettered").isEmpty();
        Map<String, PersonState> lastPublished = new HashMap<>();
        for (KeyValue<String, PersonState> kv : states.readKeyValuesToList()) {
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
