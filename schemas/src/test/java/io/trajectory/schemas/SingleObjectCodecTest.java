package io.trajectory.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trajectory.events.CourseCompleted;
import io.trajectory.events.EventHeader;
import io.trajectory.events.Hired;
import io.trajectory.events.RelationshipKind;
import io.trajectory.events.VendorRelationshipLogged;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class SingleObjectCodecTest {

    private final SingleObjectCodec<SpecificRecord> codec = Codecs.events();

    static EventHeader header(String eventId) {
        return EventHeader.newBuilder()
                .setEventId(eventId)
                .setPersonId("p-1")
                .setOccurredAt(Instant.parse("2024-03-01T09:00:00Z"))
                .setRecordedAt(Instant.parse("2024-03-02T09:00:00Z"))
                .setSource("hr/workday")
                .build();
    }

    @Test
    void shouldRoundTripEveryEventTypeWithExactValues() {
        CourseCompleted course = CourseCompleted.newBuilder()
                .setHeader(header("e-1")).setCourseId("c-1").setTitle("Agile at scale")
                .setSkills(List.of("agile")).setHours(new BigDecimal("12.50")).build();
        VendorRelationshipLogged vendor = VendorRelationshipLogged.newBuilder()
                .setHeader(header("e-2")).setCounterparty("Acme").setKind(RelationshipKind.VENDOR).build();

        assertThat(codec.decode(codec.encode(course))).isEqualTo(course);
        assertThat(((CourseCompleted) codec.decode(codec.encode(course))).getHours()).isEqualByComparingTo("12.5");
        assertThat(codec.decode(codec.encode(vendor))).isEqualTo(vendor);
    }

    @Test
    void shouldWriteTheAvroSingleObjectHeader() {
        Hired hired = Hired.newBuilder().setHeader(header("e-3")).setTitle("TPM I").setDepartment("Payments").build();
        byte[] bytes = codec.encode(hired);

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(fingerprint).isEqualTo(SchemaNormalization.parsingFingerprint64(Hired.getClassSchema()));
        assertThat(SingleObjectCodec.fingerprintOf(bytes)).isEqualTo(fingerprint);
    }

    @Test
    void shouldRefuseBytesWithoutTheMarker() {
        assertThatThrownBy(() -> codec.decode("{\"json\":true}".getBytes()))
                .isInstanceOf(CodecException.class)
                .satisfies(e -> assertThat(((CodecException) e).reason()).isEqualTo(CodecException.Reason.BAD_MARKER));
    }

    @Test
    void shouldRefuseEmptyAndTruncatedHeaders() {
        for (byte[] bytes : new byte[][] {new byte[0], {(byte) 0xC3, 0x01, 1, 2}}) {
            assertThatThrownBy(() -> codec.decode(bytes))
                    .isInstanceOf(CodecException.class)
                    .satisfies(e -> assertThat(((CodecException) e).reason()).isEqualTo(CodecException.Reason.TRUNCATED));
        }
    }

    @Test
    void shouldRefuseAnUnknownFingerprint() {
        byte[] bytes = codec.encode(Hired.newBuilder().setHeader(header("e-4")).setTitle("t").setDepartment("d").build());
        bytes[5] ^= 0x5A;
        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("unknown schema fingerprint")
                .satisfies(e -> assertThat(((CodecException) e).reason()).isEqualTo(CodecException.Reason.UNKNOWN_SCHEMA));
    }

    @Test
    void shouldRefuseATruncatedBody() {
        byte[] full = codec.encode(Hired.newBuilder().setHeader(header("e-5")).setTitle("Senior").setDepartment("Payments").build());
        byte[] cut = Arrays.copyOf(full, full.length - 12);
        assertThatThrownBy(() -> codec.decode(cut))
                .isInstanceOf(CodecException.class)
                .satisfies(e -> assertThat(((CodecException) e).reason()).isEqualTo(CodecException.Reason.MALFORMED_BODY));
    }

    @Test
    void shouldSayWhenTheBodyEndsEarly() {
        byte[] full = codec.encode(Hired.newBuilder().setHeader(header("e-5")).setTitle("Senior").setDepartment("Payments").build());
        assertThatThrownBy(() -> codec.decode(Arrays.copyOf(full, 14)))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("the body ends before the record does (truncated after 4 bytes)");
    }

    @Test
    void shouldRefuseBytesAfterTheRecord() {
        byte[] full = codec.encode(Hired.newBuilder().setHeader(header("e-7")).setTitle("Senior").setDepartment("Payments").build());
        byte[] padded = Arrays.copyOf(full, full.length + 3);
        assertThatThrownBy(() -> codec.decode(padded))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("3 bytes left after the end of the record")
                .satisfies(e -> assertThat(((CodecException) e).reason()).isEqualTo(CodecException.Reason.MALFORMED_BODY));
    }

    @Test
    void shouldRefuseAHugeDeclaredLengthBeforeAllocatingIt() {
        byte[] full = codec.encode(Hired.newBuilder().setHeader(header("e-8")).setTitle("t").setDepartment("d").build());
        // the eventId's length, zig-zag varint of 2^30 (1 GiB): Avro would allocate it before reading
        byte[] huge = Arrays.copyOf(full, 15);
        huge[10] = (byte) 0x80;
        huge[11] = (byte) 0x80;
        huge[12] = (byte) 0x80;
        huge[13] = (byte) 0x80;
        huge[14] = (byte) 0x08;
        assertThatThrownBy(() -> codec.decode(huge))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("String length 1073741824 exceeds maximum allowed")
                .satisfies(e -> assertThat(((CodecException) e).reason()).isEqualTo(CodecException.Reason.MALFORMED_BODY));
        assertThat(AvroLimits.effective()).isTrue();
    }

    @Test
    void shouldExposeTheHeaderOfAnyEvent() {
        Hired hired = Hired.newBuilder().setHeader(header("e-6")).setTitle("t").setDepartment("d").build();
        assertThat(CareerEvents.eventId(hired)).isEqualTo("e-6");
        assertThat(CareerEvents.personId(hired)).isEqualTo("p-1");
        assertThat(EventType.of(hired)).isEqualTo(EventType.HIRED);
        assertThat(EventType.fromCloudEventType("trajectory.hired")).contains(EventType.HIRED);
    }
}
