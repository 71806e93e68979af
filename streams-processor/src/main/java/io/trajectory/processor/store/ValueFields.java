package io.trajectory.processor.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The fields the per-event stores' values are made of: a version byte, and nullable byte strings prefixed by their length (-1 for null). */
final class ValueFields {

    private ValueFields() {
    }

    static void version(ByteBuffer in, byte expected, String store) {
        byte version = in.get();
        if (version != expected) {
            throw new IllegalArgumentException("unknown " + store + " value version " + version);
        }
    }

    static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /** The bytes {@link #put} takes for a field. */
    static int size(byte[] field) {
        return 4 + (field == null ? 0 : field.length);
    }

    static void put(ByteBuffer out, byte[] field) {
        out.putInt(field == null ? -1 : field.length);
        if (field != null) {
            out.put(field);
        }
    }

    static byte[] get(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0) {
            return null;
        }
        byte[] field = new byte[n];
        in.get(field);
        return field;
    }

    static String getString(ByteBuffer in) {
        byte[] field = get(in);
        return field == null ? null : new String(field, StandardCharsets.UTF_8);
    }
}
