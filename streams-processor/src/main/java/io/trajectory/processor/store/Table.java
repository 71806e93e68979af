package io.trajectory.processor.store;

import java.util.Iterator;
import java.util.Map;

/**
 * The few key-value operations {@link PersonLog} needs of a store: a Kafka Streams
 * {@code KeyValueStore} in the processor ({@link StreamsTables}), a sorted map in unit tests.
 * Keys of a sorted table are compared as unsigned bytes, as RocksDB sorts them.
 */
public interface Table<K, V> {

    V get(K key);

    void put(K key, V value);

    void delete(K key);

    /** A table whose ranges are in key order, both bounds inclusive. */
    interface Sorted<V> extends Table<byte[], V> {

        /** Every entry with from ≤ key ≤ to, in ascending key order; closed by the caller. */
        Range<V> range(byte[] from, byte[] to);

        /** Every entry with from ≤ key ≤ to, in descending key order; closed by the caller. */
        Range<V> reverseRange(byte[] from, byte[] to);
    }

    /** An open range scan. */
    interface Range<V> extends Iterator<Map.Entry<byte[], V>>, AutoCloseable {
        @Override
        void close();
    }
}
