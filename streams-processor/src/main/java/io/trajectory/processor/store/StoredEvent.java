package io.trajectory.processor.store;

import io.trajectory.topics.EventKeys;
import java.nio.ByteBuffer;
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
        byte[] a = ValueFields.utf8(retracts);
        byte[] b = ValueFields.utf8(retractedBy);
        ByteBuffer out = ByteBuffer.allocate(1 + ValueFields.size(a) + ValueFields.size(b) + payload.length);
        out.put(VERSION);
        ValueFields.put(out, a);
        ValueFields.put(out, b);
        out.put(payload);
        return out.array();
    }

    public static StoredEvent decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        ValueFields.version(in, VERSION, "person-events");
        String retracts = ValueFields.getString(in);
        String retractedBy = ValueFields.getString(in);
        byte[] payload = Arrays.copyOfRange(bytes, in.position(), bytes.length);
        return new StoredEvent(retracts, retractedBy, payload);
    }

    /** The event's eventId, times and retraction facts, as the ledger schema holds them. */
    public io.trajectory.state.LedgerEntry toLedgerEntry(byte[] key) {
        return new io.trajectory.state.LedgerEntry(EventKeys.eventId(key), EventKeys.occurredAt(key),
                EventKeys.recordedAt(key), retracts, ByteBuffer.wrap(payload));
    }
}
