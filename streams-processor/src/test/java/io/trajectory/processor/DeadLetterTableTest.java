package io.trajectory.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.config.TrajectoryConfig;
import io.trajectory.events.Departed;
import io.trajectory.events.EventRetracted;
import io.trajectory.events.Hired;
import io.trajectory.events.RelationshipKind;
import io.trajectory.ladder.LadderLoader;
import io.trajectory.processor.fold.PersonFold;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.PersonLedger;
import io.trajectory.topics.Stores;
import io.trajectory.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The raw-bytes door as a table, without a broker: each kind of bad record on career-events and
 * the dead-letter reason it gets (or, for the kinds that are not errors, that it is folded or
 * counted once). {@code BadInputIT} runs the same kinds against a real broker.
 */
class DeadLetterTableTest {

    private static final Instant WRITTEN = Instant.parse("2024-12-01T00:00:00Z");
    private static final TestEvents TOM = new TestEvents("tom");

    private final Topics topics = Topics.from(TrajectoryConfig.defaults());
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<byte[], byte[]> dlq;

    /** A record on career-events and its fate: a reason and a detail fragment, or null (folded / counted once). */
    record Row(String kind, byte[] key, byte[] value, String reason, String detail) {
        @Override
        public String toString() {
            return kind;
        }
    }

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dead-letter-table");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(TrajectoryTopology.build(new TopologyConfig(topics, LadderLoader.defaultLadder(),
                TopologyConfig.StoreType.IN_MEMORY)), props);
        input = driver.createInputTopic(topics.careerEventsRaw().name(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        dlq = driver.createOutputTopic(topics.deadLetters().name(), Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
        // tom is hired first, so duplicates and conflicts have something to meet
        pipe(utf8("tom"), Codecs.events().encode(TOM.hired("tom-hired", 0)));
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void pipe(byte[] key, byte[] value) {
        input.pipeInput(new TestRecord<>(key, value, WRITTEN));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Row row(String kind, String key, byte[] value, String reason, String detail) {
        return new Row(kind, key == null ? null : utf8(key), value, reason, detail);
    }

    static Stream<Row> rows() {
        byte[] departed = Codecs.events().encode(TOM.departed("tom-departed", 30));
        byte[] unknownFingerprint = departed.clone();
        unknownFingerprint[6] ^= 0x24;
        byte[] hugeString = Arrays.copyOf(departed, 15);
        System.arraycopy(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08}, 0, hugeString, 10, 5);
        byte[] vendor = Codecs.events().encode(TOM.relationship("tom-vendor", 5, RelationshipKind.VENDOR));
        byte[] badEnum = vendor.clone();
        badEnum[badEnum.length - 1] = 0x7E;
        Hired ceo = TOM.hired("tom-ceo", 2);
        ceo.setStage("CEO");
        Departed endOfTime = TOM.departed("tom-end", 3);
        endOfTime.getHeader().setOccurredAt(Instant.ofEpochMilli(Long.MAX_VALUE));
        endOfTime.getHeader().setRecordedAt(Instant.ofEpochMilli(Long.MAX_VALUE));
        Departed future = TOM.departed("tom-2999", 3);
        future.getHeader().setOccurredAt(Instant.parse("2999-01-01T00:00:00Z"));
        future.getHeader().setRecordedAt(Instant.parse("2999-01-01T00:00:00Z"));
        Hired conflicting = TOM.hired("tom-hired", 0);
        conflicting.setTitle("Chief");
        EventRetracted ghost = new EventRetracted(TOM.header("tom-retract", 4), "never-sent", "typo");
        byte[] state = Codecs.personState().encode(PersonFold.initial("tom", LadderLoader.defaultLadder()));
        // a string that is not UTF-8: Avro's decoder would silently turn the byte into U+FFFD
        Departed quoted = TOM.departed("tom-bytes", 3);
        quoted.setReason("left for Xanadu");
        byte[] notUtf8 = Codecs.events().encode(quoted);
        notUtf8[indexOf(notUtf8, utf8("Xanadu"))] = (byte) 0xFF;
        // a surrogate encoded on its own (CESU-8 style ED A0 80): not UTF-8 either
        byte[] encodedSurrogate = Codecs.events().encode(quoted);
        int x = indexOf(encodedSurrogate, utf8("Xan"));
        encodedSurrogate[x] = (byte) 0xED;
        encodedSurrogate[x + 1] = (byte) 0xA0;
        encodedSurrogate[x + 2] = (byte) 0x80;
        Hired bidi = TOM.hired("tom-bidi", 2);
        bidi.setDepartment("Pay\u202Ements");
        Hired decomposed = TOM.hired("tom-nfd", 2);
        decomposed.setDepartment("Cafe\u0301");
        return Stream.of(
                row("not Avro", "tom", utf8("{\"id\":\"tom-1\"}"), "bad-marker", "c3 01"),
                row("empty value", "tom", new byte[0], "truncated", "message of 0 bytes"),
                row("header shorter than 10 bytes", "tom", new byte[] {(byte) 0xC3, 0x01, 0x00}, "truncated", "message of 3 bytes"),
                row("null value", "tom", null, "missing-value", "tombstones"),
                row("null key", null, departed, "missing-key", "personId"),
                row("unknown fingerprint", "tom", unknownFingerprint, "unknown-schema", "unknown schema fingerprint"),
                row("a state, not an event", "tom", state, "unknown-schema", "unknown schema fingerprint"),
                row("truncated body", "tom", Arrays.copyOf(departed, departed.length - 5), "malformed-body", "the body ends before the record does"),
                row("bytes after the record", "tom", Arrays.copyOf(departed, departed.length + 2), "malformed-body", "2 bytes left after the end"),
                row("a declared 1 GiB string", "tom", hugeString, "malformed-body", "exceeds maximum allowed"),
                row("enum index out of range", "tom", badEnum, "malformed-body", "VendorRelationshipLogged"),
                row("key is another person", "ann", departed, "key-mismatch", "differs from the event's personId 'tom'"),
                new Row("key is not UTF-8", new byte[] {(byte) 0xC3, 0x28}, departed, "key-mismatch", "not valid UTF-8"),
                row("unknown stage", "tom", Codecs.events().encode(ceo), "invalid-event", "unknown stage 'CEO'"),
                row("after year 9999", "tom", Codecs.events().encode(endOfTime), "invalid-event", "must not be after 9999-12-31T23:59:59.999Z"),
                row("recorded after its Kafka record was written", "tom", Codecs.events().encode(future), "invalid-event", "is in the future"),
                row("a string that is not UTF-8", "tom", notUtf8, "malformed-body", "data.reason: is not valid UTF-8"),
                row("a lone surrogate encoded in a string", "tom", encodedSurrogate, "malformed-body", "data.reason: is not valid UTF-8"),
                row("a bidi override in a department", "tom", Codecs.events().encode(bidi), "invalid-event",
                        "data.department: must not contain format character U+202E (RIGHT-TO-LEFT OVERRIDE)"),
                row("a department not in NFC", "tom", Codecs.events().encode(decomposed), "invalid-event",
                        "data.department: must be in Unicode normalization form NFC"),
                row("conflicting duplicate", "tom", Codecs.events().encode(conflicting), "conflicting-duplicate", "with different content (data.title differs)"),
                row("exact duplicate", "tom", Codecs.events().encode(TOM.hired("tom-hired", 0)), null, null),
                row("retraction of an event never sent", "tom", Codecs.events().encode(ghost), null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void shouldDeadLetterEachBadRecordWithItsReasonOrFoldItOnce(Row row) {
        pipe(row.key(), row.value());

        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        PersonLedger tom = driver.<String, PersonLedger>getKeyValueStore(Stores.PERSON_LEDGER).get("tom");
        if (row.reason() == null) {
            assertThat(dead).as("not an error").isEmpty();
            assertThat(tom.getEvents()).extracting(e -> e.getEventId()).doesNotHaveDuplicates();
            assertThat(tom.getState().getTitle()).isEqualTo("Technical Program Manager I");
            return;
        }
        assertThat(dead).as("exactly one dead letter").hasSize(1);
        assertThat(header(dead.get(0), Topics.DLQ_REASON_HEADER)).isEqualTo(row.reason());
        assertThat(header(dead.get(0), Topics.DLQ_DETAIL_HEADER)).contains(row.detail());
        assertThat(dead.get(0).value()).as("byte for byte").isEqualTo(row.value());
        assertThat(dead.get(0).key()).isEqualTo(row.key());
        assertThat(tom.getEvents()).as("nothing folded").extracting(e -> e.getEventId()).containsExactly("tom-hired");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
