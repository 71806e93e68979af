package io.trajectory.processor.store;

import java.util.AbstractMap;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * {@link Table}s in memory for unit tests: sorted ones order keys as unsigned bytes (as RocksDB), and every
 * value goes through its encoding, so a test also proves the codecs.
 */
public final class MemoryTables {

    private MemoryTables() {
    }

    /** A sorted table of encoded values. */
    public static <V> Table.Sorted<V> sorted(java.util.function.Function<V, byte[]> encode,
            java.util.function.Function<byte[], V> decode) {
        NavigableMap<byte[], byte[]> map = new TreeMap<>(Arrays::compareUnsigned);
        return new Table.Sorted<>() {
            @Override
            public V get(byte[] key) {
                byte[] v = map.get(key);
                return v == null ? null : decode.apply(v);
            }

            @Override
            public void put(byte[] key, V value) {
                map.put(key.clone(), encode.apply(value));
            }

            @Override
            public void delete(byte[] key) {
                map.remove(key);
            }

            @Override
            public Table.Range<V> range(byte[] from, byte[] to) {
                return wrap(new TreeMap<>(map.subMap(from, true, to, true)).entrySet().iterator(), decode);
            }

            @Override
            public Table.Range<V> reverseRange(byte[] from, byte[] to) {
                return wrap(new TreeMap<>(map.subMap(from, true, to, true)).descendingMap().entrySet().iterator(), decode);
            }

            @Override
            public String toString() {
                return map.size() + " entries";
            }
        };
    }

    public static <V> Table<String, V> byString(java.util.function.Function<V, byte[]> encode,
            java.util.function.Function<byte[], V> decode) {
        Map<String, byte[]> map = new HashMap<>();
        return new Table<>() {
            @Override
            public V get(String key) {
                byte[] v = map.get(key);
                return v == null ? null : decode.apply(v);
            }

            @Override
            public void put(String key, V value) {
                map.put(key, encode.apply(value));
            }

            @Override
            public void delete(String key) {
                map.remove(key);
            }
        };
    }

    private static <V> Table.Range<V> wrap(Iterator<Map.Entry<byte[], byte[]>> it, java.util.function.Function<byte[], V> decode) {
        return new Table.Range<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Map.Entry<byte[], V> next() {
                Map.Entry<byte[], byte[]> e = it.next();
                return new AbstractMap.SimpleImmutableEntry<>(e.getKey(), decode.apply(e.getValue()));
            }

            @Override
            public void close() {
            }
        };
    }

    /** A person log over fresh in-memory tables. */
    public static PersonLog log(io.trajectory.ladder.Ladder ladder, int snapshotEvery) {
        return new PersonLog(sorted(StoredEvent::encode, StoredEvent::decode),
                byString(EventIdEntry::encode, EventIdEntry::decode),
                byString(PersonHead::encode, PersonHead::decode),
                sorted(s -> io.trajectory.schemas.Codecs.personState().encode(s), b -> io.trajectory.schemas.Codecs.personState().decode(b)),
                ladder, snapshotEvery);
    }
}
