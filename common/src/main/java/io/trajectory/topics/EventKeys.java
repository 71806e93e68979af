package io.trajectory.topics;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Keys of a store of per-event entries, one key per accepted event, that sort, as bytes (RocksDB's
 * order, unsigned), first by person and then in the fold order of that person's events: event time,
 * then recording time, then eventId in Unicode code point order. So one key range holds one person's
 * history in fold order, and a range from a key on holds what folds after it.
 *
 * <pre>
 *   UTF-8(personId) 0x00 | occurredAt (8 bytes) | recordedAt (8 bytes) | UTF-8(eventId)
 * </pre>
 * Times are epoch milliseconds, big-endian with the sign bit flipped so that negative ones sort first.
 * A personId never holds U+0000 or any other control character (the validator refuses them), so
 * {@code personId 0x00} starts exactly that person's keys and {@code personId 0x01} is above all of
 * them and below every other person's. UTF-8 byte order is code point order, so the eventId part
 * sorts as the fold compares ids.
 */
public final class EventKeys {

    private static final int TIMES = 16;

    private EventKeys() {
    }

    public static byte[] key(String personId, Instant occurredAt, Instant recordedAt, String eventId) {
        byte[] person = personId.getBytes(StandardCharsets.UTF_8);
        byte[] id = eventId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(person.length + 1 + TIMES + id.length);
        b.put(person).put((byte) 0);
        b.putLong(occurredAt.toEpochMilli() ^ Long.MIN_VALUE);
        b.putLong(recordedAt.toEpochMilli() ^ Long.MIN_VALUE);
        b.put(id);
        return b.array();
    }

    /** The lowest key of a person (inclusive): below all of their entries. */
    public static byte[] first(String personId) {
        return bound(personId, (byte) 0);
    }

    /** An upper bound of a person's keys (inclusive): above all of them, below every other person's; never a key itself. */
    public static byte[] last(String personId) {
        return bound(personId, (byte) 1);
    }

    private static byte[] bound(String personId, byte separator) {
        byte[] person = personId.getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(person, person.length + 1);
        out[person.length] = separator;
        return out;
    }

    public static String personId(byte[] key) {
        return new String(key, 0, separator(key), StandardCharsets.UTF_8);
    }

    public static Instant occurredAt(byte[] key) {
        return Instant.ofEpochMilli(ByteBuffer.wrap(key, separator(key) + 1, 8).getLong() ^ Long.MIN_VALUE);
    }

    public static Instant recordedAt(byte[] key) {
        return Instant.ofEpochMilli(ByteBuffer.wrap(key, separator(key) + 9, 8).getLong() ^ Long.MIN_VALUE);
    }

    public static String eventId(byte[] key) {
        int start = separator(key) + 1 + TIMES;
        return new String(key, start, key.length - start, StandardCharsets.UTF_8);
    }

    private static int separator(byte[] key) {
        for (int i = 0; i < key.length; i++) {
            if (key[i] == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("not an event key: no separator after the personId");
    }

    /** Compares eventIds by Unicode code points (the order of their UTF-8 bytes), which String.compareTo is not. */
    public static int compareIds(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
