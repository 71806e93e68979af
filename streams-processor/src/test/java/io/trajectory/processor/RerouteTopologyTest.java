package io.trajectory.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.config.TrajectoryConfig;
import io.trajectory.ladder.LadderLoader;
import io.trajectory.schemas.CareerEvents;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.PersonLedger;
import io.trajectory.state.PersonState;
import io.trajectory.topics.Stores;
import io.trajectory.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The re-route hop in the test driver. The driver reads every input record from partition 0, so with
 * a {@code career-events} of 4 partitions a person whose key's home partition is not 0 has all their
 * records re-routed: they must be folded exactly as a home record is, and a re-routed record that is
 * dead-lettered must leave as it was written, with the place it was first read.
 */
class RerouteTopologyTest {

    private static final String APP = "reroute-test";
    private static final int PARTITIONS = 4;
    private static final Instant WRITTEN = Instant.parse("2024-12-01T00:00:00Z");

    private final Topics topics = Topics.from(TrajectoryConfig.defaults());
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<byte[], byte[]> dlq;
    private TestOutputTopic<byte[], byte[]> rerouted;
    private TestOutputTopic<String, PersonState> states;

    /** A person id whose home partition among {@link #PARTITIONS} is (or is not) partition 0. */
    private static String person(boolean homeIsZero) {
        return IntStream.range(0, 1000).mapToObj(i -> "person-" + i)
                .filter(id -> (Placement.homePartition(utf8(id), PARTITIONS) == 0) == homeIsZero)
                .findFirst().orElseThrow();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @BeforeEach
    void setUp() {
        driver = driver(PARTITIONS);
        input = driver.createInputTopic(topics.careerEventsRaw().name(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        dlq = driver.createOutputTopic(topics.deadLetters().name(), Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
        rerouted = driver.createOutputTopic(Topics.reroutedTopic(APP), Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
        states = driver.createOutputTopic(topics.personState().name(), Serdes.String().deserializer(),
                topics.personState().valueSerde().deserializer());
    }

    private TopologyTestDriver driver(int partitions) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return new TopologyTestDriver(TrajectoryTopology.build(config(partitions)), props);
    }

    private TopologyConfig config(int partitions) {
        return new TopologyConfig(topics, LadderLoader.defaultLadder(), TopologyConfig.StoreType.IN_MEMORY)
                .withCareerEventsPartitions(partitions);
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private static List<SpecificRecord> career(String personId) {
        TestEvents p = new TestEvents(personId);
        // out of order, with a duplicate: the fold sorts by event time and drops the copy
        return List.of(p.hired(personId + "-1", 0), p.project(personId + "-3", 40, true), p.project(personId + "-2", 20, false),
                p.project(personId + "-3", 40, true), p.course(personId + "-4", 60, "process-optimization"),
                p.assessed(personId + "-5", 80, "technical-knowledge", 3), p.project(personId + "-6", 90, false));
    }

    private void send(TestInputTopic<byte[], byte[]> to, SpecificRecord event) {
        to.pipeInput(new TestRecord<>(utf8(CareerEvents.personId(event)), Codecs.events().encode(event), WRITTEN));
    }

    @Test
    void shouldFoldAPersonsReroutedRecordsIntoTheSameStateAsRecordsOnTheirHomePartition() {
        String away = person(false);
        career(away).forEach(e -> send(input, e));

        assertThat(rerouted.readRecordsToList()).as("every record of a person whose home is not partition 0").hasSize(7);
        PersonState expected;
        try (TopologyTestDriver single = driver(1)) {
            TestInputTopic<byte[], byte[]> in = single.createInputTopic(topics.careerEventsRaw().name(),
                    Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
            career(away).forEach(e -> send(in, e));
            expected = single.<String, PersonLedger>getKeyValueStore(Stores.PERSON_LEDGER).get(away).getState();
        }
        assertThat(driver.<String, PersonLedger>getKeyValueStore(Stores.PERSON_LEDGER).get(away).getState()).isEqualTo(expected);
        assertThat(expected.getStage()).isEqualTo("ADVANCING");
        List<PersonState> published = states.readValuesToList();
        assertThat(published).last().isEqualTo(expected);
        assertThat(dlq.readRecordsToList()).isEmpty();
    }

    @Test
    void shouldNotRerouteRecordsOnTheirHomePartition() {
        String home = person(true);
        career(home).forEach(e -> send(input, e));

        assertThat(rerouted.isEmpty()).isTrue();
        assertThat(driver.<String, PersonLedger>getKeyValueStore(Stores.PERSON_LEDGER).get(home).getState().getEventCount())
                .isEqualTo(6);
    }

    @Test
    void shouldDeadLetterAReroutedRecordAsItWasWrittenWithWhereItWasFirstRead() {
        String away = person(false);
        send(input, new TestEvents(away).hired(away + "-1", 0));
        // the key says one person, the event another: key-mismatch, after the hop its key decides
        byte[] value = Codecs.events().encode(new TestEvents("someone-else").departed("x-1", 3));
        RecordHeaders producerHeaders = new RecordHeaders();
        producerHeaders.add("traceparent", utf8("00-abc-01"));
        input.pipeInput(new TestRecord<>(utf8(away), value, producerHeaders, WRITTEN));

        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).hasSize(1);
        TestRecord<byte[], byte[]> d = dead.get(0);
        assertThat(d.key()).isEqualTo(utf8(away));
        assertThat(d.value()).isEqualTo(value);
        assertThat(d.getRecordTime()).isEqualTo(WRITTEN);
        Map<String, String> headers = headers(d);
        assertThat(headers).containsEntry("traceparent", "00-abc-01")
                .containsEntry(Topics.DLQ_REASON_HEADER, CareerEventProcessor.KEY_MISMATCH)
                .containsEntry(Topics.DLQ_SOURCE_TOPIC_HEADER, topics.careerEventsRaw().name())
                .containsEntry(Topics.DLQ_SOURCE_PARTITION_HEADER, "0")
                .containsEntry(Topics.DLQ_SOURCE_OFFSET_HEADER, "1");
        assertThat(headers.keySet()).noneMatch(k -> k.startsWith("trajectory.reroute."));
    }

    @Test
    void shouldDeadLetterARecordWithoutAKeyWhereItWasReadWithoutReroutingIt() {
        input.pipeInput(new TestRecord<>(null, Codecs.events().encode(new TestEvents("ann").hired("ann-1", 0)), WRITTEN));
        input.pipeInput(new TestRecord<>(new byte[0], Codecs.events().encode(new TestEvents("ann").hired("ann-2", 0)), WRITTEN));

        assertThat(rerouted.isEmpty()).isTrue();
        assertThat(dlq.readRecordsToList()).extracting(r -> headers(r).get(Topics.DLQ_REASON_HEADER))
                .containsExactly(CareerEventProcessor.MISSING_KEY, CareerEventProcessor.KEY_MISMATCH);
    }

    @Test
    void shouldReadBothSourcesInOneSubTopologySoTaskNFoldsPartitionNOfEach() {
        Topology topology = TrajectoryTopology.build(config(PARTITIONS));
        Set<TopologyDescription.Subtopology> subtopologies = topology.describe().subtopologies();
        assertThat(subtopologies).hasSize(1);
        Set<String> sources = subtopologies.iterator().next().nodes().stream()
                .filter(n -> n instanceof TopologyDescription.Source)
                .flatMap(n -> ((TopologyDescription.Source) n).topicSet().stream())
                .collect(Collectors.toSet());
        assertThat(sources).containsExactlyInAnyOrder(topics.careerEventsRaw().name(), Topics.REROUTED + "-repartition");
    }

    private static Map<String, String> headers(TestRecord<byte[], byte[]> r) {
        return java.util.Arrays.stream(r.headers().toArray()).collect(Collectors.toMap(Header::key,
                h -> new String(h.value(), StandardCharsets.UTF_8), (a, b) -> b));
    }
}
