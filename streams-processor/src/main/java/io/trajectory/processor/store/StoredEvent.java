package io.trajectory.processor.store;

import io.trajectory.topics.EventKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * One accepted event as the {@code person-events} store keeps it, under its {@link EventKeys} key (which
 * holds the personId, event time, recording time and eventId, so the value does not repeat them).
 *
 * @param retracts    for an {@code EventRetracted}, the eventId it retracts; null otherwise
 * @param retractedBy for an event that is not a retraction, the first retraction seen that removes it
 *                    from the fold; null while none does
 * @param payload     the event exactly as accepted (Avro single-object encoding)
 */
public record StoredEvent(String retracts, String retractedBy, byte[] payload) {

    private static final byte VERSION = 1;

    public StoredEvent withRetractedBy(String retraction) {
        return new StoredEvent(retracts, retraction, payload);
    }

    /** Whether the fold leaves this event out. */
    public boolean retracted() {
        return retractedBy != null;
    }

    public byte[] encode() {
        byte[] a = bytes(retracts);
        byte[] b = bytes(retractedBy);
        ByteBuffer out = ByteBuffer.allocate(1 + 4 + Math.max(a.length, 0) + 4 + Math.max(b.length, 0) + payload.length);
        out.put(VERSION);
        putString(out, a);
        putString(out, b);
        out.put(payload);
        return out.array();
    }

    public static StoredEvent decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte version = in.get();
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown person-events value version " + version);
        }
        String retracts = getString(in);
        String retractedBy = getString(in);
        byte[] payload = Arrays.copyOfRange(bytes, in.position(), bytes.length);
        return new StoredEvent(retracts, retractedBy, payload);
    }

    /** The event's eventId, times and retraction facts, as the ledger schema holds them. */
    public io.trajectory.state.LedgerEntry toLedgerEntry(byte[] key) {
        return new io.trajectory.state.LedgerEntry(EventKeys.eventId(key), EventKeys.occurredAt(key),
                EventKeys.recordedAt(key), retracts, ByteBuffer.wrap(payload));
    }

    private static final byte[] NULL = new byte[0];

    private static byte[] bytes(String s) {
        return s == null ? NULL : s.getBytes(StandardCharsets.UTF_8);
    }

    private static void putString(ByteBuffer out, byte[] s) {
        // -1 for null, else the length: an empty string is not null
        out.putInt(s == NULL ? -1 : s.length);
        out.put(s);
    }

    private static String getString(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0) {
            return null;
        }
        String s = new String(in.array(), in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }

    static Instant occurredAt(byte[] key) {
        return EventKeys.occurredAt(key);
    }
}
