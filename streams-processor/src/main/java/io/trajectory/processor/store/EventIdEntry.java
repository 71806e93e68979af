package io.trajectory.processor.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

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
        byte[] r = retractedBy == null ? new byte[0] : retractedBy.getBytes(StandardCharsets.UTF_8);
        byte[] k = key == null ? new byte[0] : key;
        ByteBuffer out = ByteBuffer.allocate(1 + 4 + k.length + 4 + r.length);
        out.put(VERSION).putInt(key == null ? -1 : k.length).put(k).putInt(retractedBy == null ? -1 : r.length).put(r);
        return out.array();
    }

    public static EventIdEntry decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte version = in.get();
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown person-event-ids value version " + version);
        }
        int n = in.getInt();
        byte[] key = null;
        if (n >= 0) {
            key = new byte[n];
            in.get(key);
        }
        int m = in.getInt();
        String retractedBy = null;
        if (m >= 0) {
            retractedBy = new String(bytes, in.position(), m, StandardCharsets.UTF_8);
        }
        return new EventIdEntry(key, retractedBy);
    }
}
