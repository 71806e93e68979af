package io.trajectory.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trajectory.events.Hired;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** A message written by an older producer decodes into today's class once that version is in the history. */
class SchemaEvolutionTest {

    private static Schema olderHired() throws IOException {
        try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream("/older/Hired-v0.avsc")) {
            return new Schema.Parser().parse(in);
        }
    }

    private static byte[] writeWithOlderSchema(Schema older) throws IOException {
        Schema headerSchema = older.getField("header").schema();
        GenericRecord header = new GenericData.Record(headerSchema);
        header.put("eventId", "old-1");
        header.put("personId", "p-9");
        header.put("occurredAt", 1_700_000_000_000L);
        header.put("recordedAt", 1_700_000_100_000L);
        header.put("source", "hr/legacy");
        GenericRecord hired = new GenericData.Record(older);
        hired.put("header", header);
        hired.put("title", "TPM I");
        hired.put("department", "Payments");
        ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older).encode(hired);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    @Test
    void shouldDecodeAMessageWrittenWithAnOlderSchemaIntoTheCurrentClass() throws IOException {
        Schema older = olderHired();
        SingleObjectCodec<SpecificRecord> codec =
                new SingleObjectCodec<>(EventType.avroClasses(), Codecs.history().plus(older));

        SpecificRecord decoded = codec.decode(writeWithOlderSchema(older));

        assertThat(decoded).isInstanceOf(Hired.class);
        Hired hired = (Hired) decoded;
        assertThat(hired.getTitle()).isEqualTo("TPM I");
        assertThat(hired.getHeader().getPersonId()).isEqualTo("p-9");
        assertThat(hired.getStage()).as("field added later takes its default").isEqualTo("JUNIOR");
        assertThat(hired.getManagerId()).isNull();
    }

    @Test
    void shouldRefuseAnOlderMessageWhoseSchemaIsNotInTheHistory() throws IOException {
        SingleObjectCodec<SpecificRecord> codec = new SingleObjectCodec<>(EventType.avroClasses(),
                SchemaHistory.of(java.util.Map.of()));
        byte[] bytes = writeWithOlderSchema(olderHired());

        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOf(CodecException.class)
                .satisfies(e -> assertThat(((CodecException) e).reason()).isEqualTo(CodecException.Reason.UNKNOWN_SCHEMA));
    }

    @Test
    void shouldKeepTheOlderTestVersionCompatibleBothWays() throws IOException {
        Schema older = olderHired();
        assertThat(SchemaRules.incompatibilities(older, Hired.getClassSchema())).isEmpty();
        assertThat(List.of(older.getFullName())).containsExactly(Hired.getClassSchema().getFullName());
    }
}
