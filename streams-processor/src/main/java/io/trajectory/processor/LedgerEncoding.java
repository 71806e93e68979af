package io.trajectory.processor;

import io.trajectory.schemas.AvroTrust;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.LedgerEntry;
import io.trajectory.state.PersonLedger;
import io.trajectory.state.PersonState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The processor's encoders of its two largest values, the {@code person-ledger} store value and the
 * {@code person-state} record: byte for byte what Avro's single-object encoding of the current schemas
 * writes ({@code Codecs.personLedger()}, {@code Codecs.personState()}; {@code LedgerEncodingTest} checks
 * it on generated ledgers), but cheaper, because every accepted event writes both:
 * <ul>
 *   <li>the ledger's entries are written field by field with Avro's {@link BinaryEncoder} instead of
 *       going through the generic datum writer (a union resolution and a field look-up per field);</li>
 *   <li>the state is encoded once per stream thread and event: the body is kept (by identity: the fold
 *       never changes a state after returning it) and written again into the person-state record.</li>
 * </ul>
 * Decoding stays Avro's (schema resolution of every released version).
 */
final class LedgerEncoding {

    static {
        AvroTrust.ensureTrusted();
    }

    static final byte[] LEDGER_HEADER = header(PersonLedger.getClassSchema());
    static final byte[] STATE_HEADER = header(PersonState.getClassSchema());
    private static final SpecificDatumWriter<PersonState> STATE_WRITER =
            new SpecificDatumWriter<>(PersonState.getClassSchema(), new PersonState().getSpecificData());

    /** The last state this thread encoded and its Avro body. */
    private static final class Memo {
        PersonState state;
        byte[] body;
        final Buffer buffer = new Buffer();
        BinaryEncoder encoder;
    }

    /** A ByteArrayOutputStream whose buffer is reused (reset before each value). */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(4096);
        }
    }

    private static final ThreadLocal<Memo> MEMO = ThreadLocal.withInitial(Memo::new);

    private LedgerEncoding() {
    }

    private static byte[] header(Schema schema) {
        long fp = SchemaNormalization.parsingFingerprint64(schema);
        byte[] h = new byte[10];
        h[0] = (byte) 0xC3;
        h[1] = (byte) 0x01;
        for (int i = 0; i < 8; i++) {
            h[2 + i] = (byte) (fp >>> (8 * i));
        }
        return h;
    }

    /** The Avro binary body of a state (no header), from this thread's memo when it is the state encoded last. */
    static byte[] stateBody(PersonState state) {
        Memo memo = MEMO.get();
        if (memo.state == state && memo.body != null) {
            return memo.body;
        }
        Buffer out = memo.buffer;
        out.reset();
        try {
            memo.encoder = EncoderFactory.get().directBinaryEncoder(out, memo.encoder);
            STATE_WRITER.write(state, memo.encoder);
            memo.encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        memo.body = out.toByteArray();
        memo.state = state;
        return memo.body;
    }

    /** The single-object encoding of a person's state (as {@code Codecs.personState().encode}). */
    static byte[] encodeState(PersonState state) {
        byte[] body = stateBody(state);
        byte[] out = new byte[STATE_HEADER.length + body.length];
        System.arraycopy(STATE_HEADER, 0, out, 0, STATE_HEADER.length);
        System.arraycopy(body, 0, out, STATE_HEADER.length, body.length);
        return out;
    }

    /** The single-object encoding of a ledger (as {@code Codecs.personLedger().encode}). */
    static byte[] encodeLedger(PersonLedger ledger) {
        byte[] stateBody = stateBody(ledger.getState());
        Buffer out = new Buffer();
        out.writeBytes(LEDGER_HEADER);
        try {
            BinaryEncoder e = EncoderFactory.get().directBinaryEncoder(out, null);
            e.writeString(ledger.getPersonId());
            List<LedgerEntry> entries = ledger.getEvents();
            if (!entries.isEmpty()) {
                e.writeLong(entries.size());
                for (LedgerEntry entry : entries) {
                    e.writeString(entry.getEventId());
                    e.writeLong(entry.getOccurredAt().toEpochMilli());
                    e.writeLong(entry.getRecordedAt().toEpochMilli());
                    if (entry.getRetracts() == null) {
                        e.writeIndex(0);
                    } else {
                        e.writeIndex(1);
                        e.writeString(entry.getRetracts());
                    }
                    e.writeBytes(entry.getPayload().duplicate());
                }
            }
            e.writeLong(0);
            e.flush();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        out.writeBytes(stateBody);
        return out.toByteArray();
    }

    /** The person-ledger store's serde: this encoder, Avro's decoder. */
    static Serde<PersonLedger> ledgerSerde() {
        Serializer<PersonLedger> serializer = (topic, value) -> value == null ? null : encodeLedger(value);
        Deserializer<PersonLedger> deserializer = (topic, bytes) -> bytes == null ? null : Codecs.personLedger().decode(bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    /** The person-state sink's serializer. */
    static Serializer<PersonState> stateSerializer() {
        return (topic, value) -> value == null ? null : encodeState(value);
    }
}
