package io.trajectory.schemas;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding for a family of generated record classes.
 *
 * <p>Wire format (Avro specification, "Single-object encoding"): {@code C3 01}, then the 8-byte
 * little-endian CRC-64-AVRO fingerprint of the writer schema's Parsing Canonical Form, then the
 * Avro binary body. The fingerprint identifies both the record type and its version, so one topic
 * can carry several record types. Messages written with any released version (see
 * {@link SchemaHistory}) decode into the current generated class by Avro schema resolution.
 */
public final class SingleObjectCodec<T extends SpecificRecord> {

    static final byte MARKER_0 = (byte) 0xC3;
    static final byte MARKER_1 = (byte) 0x01;
    static final int HEADER_LENGTH = 10;

    private final Map<Class<?>, BinaryMessageEncoder<? extends T>> encoders = new HashMap<>();
    private final Map<Long, BinaryMessageDecoder<? extends T>> decodersByFingerprint = new HashMap<>();
    private final Map<Long, Schema> writerSchemas = new LinkedHashMap<>();

    public SingleObjectCodec(List<Class<? extends T>> types, SchemaHistory history) {
        AvroTrust.ensureTrusted();
        for (Class<? extends T> type : types) {
            Schema current = schemaOf(type);
            SchemaStore.Cache store = new SchemaStore.Cache();
            BinaryMessageDecoder<? extends T> decoder = createDecoder(type, store);
            register(decoder, store, current);
            for (Schema older : history.versionsOf(current.getFullName())) {
                register(decoder, store, older);
            }
            encoders.put(type, encoderOf(type));
        }
    }

    private void register(BinaryMessageDecoder<? extends T> decoder, SchemaStore.Cache store, Schema writer) {
        long fingerprint = SchemaNormalization.parsingFingerprint64(writer);
        store.addSchema(writer);
        decoder.addSchema(writer);
        decodersByFingerprint.put(fingerprint, decoder);
        writerSchemas.putIfAbsent(fingerprint, writer);
    }

    public byte[] encode(T record) {
        BinaryMessageEncoder<? extends T> encoder = encoders.get(record.getClass());
        if (encoder == null) {
            throw new CodecException(CodecException.Reason.UNSUPPORTED_TYPE,
                    "no encoder for " + record.getClass().getName());
        }
        try {
            @SuppressWarnings("unchecked")
            BinaryMessageEncoder<T> typed = (BinaryMessageEncoder<T>) encoder;
            ByteBuffer buffer = typed.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException | AvroRuntimeException e) {
            throw new CodecException(CodecException.Reason.MALFORMED_BODY,
                    "cannot encode " + record.getSchema().getName() + ": " + e.getMessage(), e);
        }
    }

    public T decode(byte[] bytes) {
        long fingerprint = fingerprintOf(bytes);
        BinaryMessageDecoder<? extends T> decoder = decodersByFingerprint.get(fingerprint);
        if (decoder == null) {
            throw new CodecException(CodecException.Reason.UNKNOWN_SCHEMA, String.format(
                    "unknown schema fingerprint %016x: not a schema version this build knows", fingerprint));
        }
        try {
            // from a stream, so that the bytes left after the record can be counted: the direct binary
            // decoder Avro uses for streams reads exactly the record and nothing more
            ByteArrayInputStream in = new ByteArrayInputStream(bytes);
            T record = decoder.decode(in, null);
            if (in.available() > 0) {
                throw new CodecException(CodecException.Reason.MALFORMED_BODY, "body does not decode with schema "
                        + writerSchemas.get(fingerprint).getFullName() + ": " + in.available()
                        + " bytes left after the end of the record (a message holds exactly one record)");
            }
            return record;
        } catch (CodecException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CodecException(CodecException.Reason.MALFORMED_BODY,
                    "body does not decode with schema " + writerSchemas.get(fingerprint).getFullName()
                            + ": " + (endsEarly(e) ? "the body ends before the record does (truncated after "
                            + (bytes.length - HEADER_LENGTH) + " bytes)"
                            : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    private static boolean endsEarly(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.EOFException) {
                return true;
            }
        }
        return false;
    }

    /** The fingerprint in a message's header; throws if the header is missing or wrong. */
    public static long fingerprintOf(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_LENGTH) {
            throw new CodecException(CodecException.Reason.TRUNCATED,
                    "message of " + (bytes == null ? 0 : bytes.length) + " bytes is shorter than the 10-byte single-object header");
        }
        if (bytes[0] != MARKER_0 || bytes[1] != MARKER_1) {
            throw new CodecException(CodecException.Reason.BAD_MARKER, String.format(
                    "message starts with %02x %02x, not the Avro single-object marker c3 01", bytes[0], bytes[1]));
        }
        return ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** Writer schemas this codec accepts, by fingerprint (current and released versions). */
    public Map<Long, Schema> knownWriterSchemas() {
        return java.util.Collections.unmodifiableMap(writerSchemas);
    }

    static Schema schemaOf(Class<?> type) {
        try {
            return (Schema) type.getField("SCHEMA$").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(type + " is not an Avro generated class", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <R> BinaryMessageDecoder<R> createDecoder(Class<R> type, SchemaStore store) {
        try {
            return (BinaryMessageDecoder<R>) type.getMethod("createDecoder", SchemaStore.class).invoke(null, store);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalArgumentException(type + " is not an Avro generated class", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <R> BinaryMessageEncoder<R> encoderOf(Class<R> type) {
        try {
            return (BinaryMessageEncoder<R>) type.getMethod("getEncoder").invoke(null);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalArgumentException(type + " is not an Avro generated class", e);
        }
    }
}
