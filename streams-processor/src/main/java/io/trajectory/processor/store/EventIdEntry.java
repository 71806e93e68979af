package io.trajectory.processor.store;

import java.nio.ByteBuffer;

/**
 * The {@code person-event-ids} store's value under {@code personId NUL eventId}: where the event with that id
 * is stored ({@code key}, null while only a retraction naming it is known), and the first retraction seen
 * that names it (null if none). Lets the processor deduplicate, and see a retraction that arrived before its
 * target, with one point read.
 */
public record EventIdEntry(byte[] key, String retractedBy) {

    private static final byte VERSION = 1;

    /** The index key of an eventId of a person. */
    public static String indexKey(String personId, String eventId) {
        return personId + '\u0000' + eventId;
    }

    public byte[] encode() {
        byte[] r = ValueFields.utf8(retractedBy);
        ByteBuffer out = ByteBuffer.allocate(1 + ValueFields.size(key) + ValueFields.size(r));
        out.put(VERSION);
        ValueFields.put(out, key);
        ValueFields.put(out, r);
        return out.array();
    }

    public static EventIdEntry decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        ValueFields.version(in, VERSION, "person-event-ids");
        byte[] key = ValueFields.get(in);
        return new EventIdEntry(key, ValueFields.getString(in));
    }
}
