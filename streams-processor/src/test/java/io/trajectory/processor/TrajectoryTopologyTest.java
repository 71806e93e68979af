package io.trajectory.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.config.TrajectoryConfig;
import io.trajectory.events.Hired;
import io.trajectory.ladder.LadderLoader;
import io.trajectory.processor.fold.PersonFold;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.PersonLedger;
import io.trajectory.state.PersonState;
import io.trajectory.topics.Stores;
import io.trajectory.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrajectoryTopologyTest {

    private final Topics topics = Topics.from(TrajectoryConfig.defaults());
    private final TestEvents alice = new TestEvents("alice");
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<byte[], byte[]> dlq;
    private TestOutputTopic<String, PersonState> states;

    @BeforeEach
    void setUp() {
        TopologyConfig config = new TopologyConfig(topics, LadderLoader.defaultLadder(), TopologyConfig.StoreType.IN_MEMORY);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(TrajectoryTopology.build(config), props);
        input = driver.createInputTopic(topics.careerEventsRaw().name(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        dlq = driver.createOutputTopic(topics.deadLetters().name(), Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
        states = driver.createOutputTopic(topics.personState().name(), Serdes.String().deserializer(),
                topics.personState().valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void send(SpecificRecord event) {
        String person = io.trajectory.schemas.CareerEvents.personId(event);
        input.pipeInput(person.getBytes(StandardCharsets.UTF_8), Codecs.events().encode(event));
    }

    private PersonState stored(String personId) {
        KeyValueStore<String, PersonLedger> store = driver.getKeyValueStore(Stores.PERSON_LEDGER);
        PersonLedger ledger = store.get(personId);
        return ledger == null ? null : ledger.getState();
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldFoldEventsIntoTheStoreAndPublishEachNewState() {
        send(alice.hired("h", 0));
        send(alice.promotion("pr", 300, "ADVANCING"));

        assertThat(stored("alice").getStage()).isEqualTo("ADVANCING");
        List<PersonState> published = states.readValuesToList();
        assertThat(published).extracting(PersonState::getStage).containsExactly("JUNIOR", "ADVANCING");
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void shouldIgnoreADuplicateEventId() {
        send(alice.hired("h", 0));
        send(alice.project("p1", 10, true));
        send(alice.project("p1", 10, true));

        assertThat(stored("alice").getProgramsDelivered()).isEqualTo(1);
        assertThat(states.readValuesToList()).hasSize(2);
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterUndecodableBytesUnchangedWithTheReason() {
        byte[] garbage = "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8);
        RecordHeaders original = new RecordHeaders();
        original.add("trace-id", "t-1".getBytes(StandardCharsets.UTF_8));
        input.pipeInput(new TestRecord<>("alice".getBytes(StandardCharsets.UTF_8), garbage, original));

        TestRecord<byte[], byte[]> dead = dlq.readRecord();
        assertThat(dead.value()).isEqualTo(garbage);
        assertThat(dead.key()).isEqualTo("alice".getBytes(StandardCharsets.UTF_8));
        assertThat(header(dead, Topics.DLQ_REASON_HEADER)).isEqualTo("bad-marker");
        assertThat(header(dead, Topics.DLQ_DETAIL_HEADER)).contains("c3 01");
        assertThat(header(dead, Topics.DLQ_SOURCE_TOPIC_HEADER)).isEqualTo("career-events");
        assertThat(header(dead, "trace-id")).as("original headers kept").isEqualTo("t-1");
        assertThat(stored("alice")).isNull();
        assertThat(states.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterAnUnknownSchemaFingerprint() {
        byte[] bytes = Codecs.events().encode(alice.hired("h", 0));
        bytes[3] ^= 0x11;
        input.pipeInput("alice".getBytes(StandardCharsets.UTF_8), bytes);

        assertThat(header(dlq.readRecord(), Topics.DLQ_REASON_HEADER)).isEqualTo("unknown-schema");
    }

    @Test
    void shouldDeadLetterAnInvalidEventNamingEveryProblem() {
        Hired bad = alice.hired("h", 0);
        bad.setStage("CEO");
        bad.setTitle(" ");
        send(bad);

        TestRecord<byte[], byte[]> dead = dlq.readRecord();
        assertThat(header(dead, Topics.DLQ_REASON_HEADER)).isEqualTo("invalid-event");
        assertThat(header(dead, Topics.DLQ_DETAIL_HEADER)).contains("data.stage: unknown stage 'CEO'")
                .contains("data.title: is required");
        assertThat(dead.value()).isEqualTo(Codecs.events().encode(bad));
        assertThat(stored("alice")).isNull();
    }

    @Test
    void shouldDeadLetterAKeyThatIsNotThePersonId() {
        input.pipeInput("bob".getBytes(StandardCharsets.UTF_8), Codecs.events().encode(alice.hired("h", 0)));
        assertThat(header(dlq.readRecord(), Topics.DLQ_REASON_HEADER)).isEqualTo("key-mismatch");
        assertThat(stored("alice")).isNull();
        assertThat(stored("bob")).isNull();
    }

    @Test
    void shouldDeadLetterMissingKeysAndValues() {
        input.pipeInput((byte[]) null, Codecs.events().encode(alice.hired("h", 0)));
        input.pipeInput("alice".getBytes(StandardCharsets.UTF_8), (byte[]) null);
        assertThat(dlq.readRecordsToList()).extracting(r -> header(r, Topics.DLQ_REASON_HEADER))
                .containsExactly("missing-key", "missing-value");
    }

    @Test
    void shouldDeadLetterAnEventRecordedInTheFutureOfItsKafkaRecord() {
        java.time.Instant written = java.time.Instant.parse("2024-01-01T00:00:00Z");
        Hired fromTheFuture = alice.hired("h-future", 0);
        fromTheFuture.getHeader().setOccurredAt(java.time.Instant.parse("2999-01-01T00:00:00Z"));
        fromTheFuture.getHeader().setRecordedAt(java.time.Instant.parse("2999-01-01T00:00:00Z"));
        input.pipeInput(new TestRecord<>("alice".getBytes(StandardCharsets.UTF_8), Codecs.events().encode(fromTheFuture),
                written));
        Hired aDayAhead = alice.hired("h-skew", 0);
        aDayAhead.getHeader().setRecordedAt(written.plus(java.time.Duration.ofDays(1)));
        input.pipeInput(new TestRecord<>("alice".getBytes(StandardCharsets.UTF_8), Codecs.events().encode(aDayAhead),
                written));

        var dead = dlq.readRecord();
        assertThat(header(dead, Topics.DLQ_REASON_HEADER)).isEqualTo("invalid-event");
        assertThat(header(dead, Topics.DLQ_DETAIL_HEADER)).contains("recordedAt: is in the future: 2999-01-01T00:00:00Z")
                .contains("after the record was written to Kafka (2024-01-01T00:00:00Z)");
        assertThat(dlq.isEmpty()).as("24 h of clock skew is allowed").isTrue();
        assertThat(stored("alice").getLastEventId()).isEqualTo("h-skew");
    }

    @Test
    void shouldDeadLetterAConflictingReuseOfAnEventId() {
        send(alice.hired("h", 0));
        send(alice.promotion("h", 5, "SENIOR"));
        assertThat(header(dlq.readRecord(), Topics.DLQ_REASON_HEADER)).isEqualTo("conflicting-duplicate");
        assertThat(stored("alice").getStage()).isEqualTo("JUNIOR");
    }

    @Test
    void shouldEndWithThePureFoldOfTheDistinctEventsForShuffledDuplicatedInput() {
        List<SpecificRecord> events = List.of(alice.interview("i1", -20, 1), alice.hired("h", 0),
                alice.project("p1", 30, true), alice.course("c1", 40, "process-optimization"),
                alice.project("p2", 50, false), alice.assessed("a1", 60, "technical-knowledge", 4),
                alice.retraction("r", 70, "c1"), alice.promotion("pr", 500, "SENIOR"));
        List<SpecificRecord> arrival = new ArrayList<>(events);
        arrival.add(events.get(2));
        arrival.add(events.get(5));
        Collections.shuffle(arrival, new Random(7));
        arrival.forEach(this::send);

        assertThat(stored("alice")).isEqualTo(PersonFold.foldAll("alice", events, LadderLoader.defaultLadder()));
        List<PersonState> published = states.readValuesToList();
        assertThat(published.get(published.size() - 1)).isEqualTo(stored("alice"));
        assertThat(dlq.isEmpty()).isTrue();
    }
}
