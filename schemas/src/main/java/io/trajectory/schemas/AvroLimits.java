package io.trajectory.schemas;

import org.apache.avro.SystemLimitException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds on what an Avro body may declare. A string, bytes or array length in Avro binary is a
 * varint that the decoder trusts and allocates before reading: without a bound, a 15-byte record on
 * {@code career-events} declaring a 1 GiB string makes the processor allocate 1 GiB (an
 * {@link OutOfMemoryError} in a small heap, which would stop the stream thread). Avro reads its
 * limits from system properties once, when {@link SystemLimitException} is first loaded, so they are
 * set here, before any decoding; a value set by the operator ({@code -Dorg.apache.avro.limits...})
 * is kept. Every real value is far below these: texts are at most 500 characters, a ledger holds
 * one person's events.
 */
public final class AvroLimits {

    /** Longest string or bytes value a body may declare. */
    public static final int MAX_BYTES = 8 * 1024 * 1024;
    /** Most items an array or map may declare. */
    public static final int MAX_ITEMS = 1_000_000;

    private static final Logger LOG = LoggerFactory.getLogger(AvroLimits.class);
    private static boolean installed;

    private AvroLimits() {
    }

    public static synchronized void ensure() {
        if (installed) {
            return;
        }
        setIfAbsent(SystemLimitException.MAX_STRING_LENGTH_PROPERTY, MAX_BYTES);
        setIfAbsent(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, MAX_BYTES);
        setIfAbsent(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, MAX_ITEMS);
        installed = true;
        if (!effective()) {
            LOG.warn("Avro's length limits were fixed before Trajectory could set them ({} etc.); a corrupt record"
                    + " declaring a huge string can make the decoder allocate up to 2 GiB",
                    SystemLimitException.MAX_STRING_LENGTH_PROPERTY);
        }
    }

    /** True when a string longer than the limit is refused (the limits are in force). */
    static boolean effective() {
        try {
            SystemLimitException.checkMaxStringLength(Long.parseLong(
                    System.getProperty(SystemLimitException.MAX_STRING_LENGTH_PROPERTY)) + 1);
            return false;
        } catch (SystemLimitException | NumberFormatException e) {
            return true;
        }
    }

    private static void setIfAbsent(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(value));
        }
    }
}
