package io.trajectory.processor.store;

import java.util.AbstractMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** {@link Table}s over Kafka Streams byte stores: the values are encoded and decoded here, the keys sort as bytes. */
public final class StreamsTables {

    private StreamsTables() {
    }

    public static <V> Table.Sorted<V> sorted(KeyValueStore<Bytes, byte[]> store, Function<V, byte[]> encode,
            Function<byte[], V> decode) {
        return new Table.Sorted<>() {
            @Override
            public V get(byte[] key) {
                byte[] v = store.get(Bytes.wrap(key));
                return v == null ? null : decode.apply(v);
            }

            @Override
            public void put(byte[] key, V value) {
                store.put(Bytes.wrap(key), encode.apply(value));
            }

            @Override
            public void delete(byte[] key) {
                store.delete(Bytes.wrap(key));
            }

            @Override
            public Table.Range<V> range(byte[] from, byte[] to) {
                return wrap(store.range(Bytes.wrap(from), Bytes.wrap(to)), decode);
            }

            @Override
            public Table.Range<V> reverseRange(byte[] from, byte[] to) {
                return wrap(store.reverseRange(Bytes.wrap(from), Bytes.wrap(to)), decode);
            }
        };
    }

    public static <V> Table<String, V> byString(KeyValueStore<String, byte[]> store, Function<V, byte[]> encode,
            Function<byte[], V> decode) {
        return new Table<>() {
            @Override
            public V get(String key) {
                byte[] v = store.get(key);
                return v == null ? null : decode.apply(v);
            }

            @Override
            public void put(String key, V value) {
                store.put(key, encode.apply(value));
            }

            @Override
            public void delete(String key) {
                store.delete(key);
            }
        };
    }

    private static <V> Table.Range<V> wrap(KeyValueIterator<Bytes, byte[]> it, Function<byte[], V> decode) {
        return new Table.Range<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Map.Entry<byte[], V> next() {
                KeyValue<Bytes, byte[]> kv = it.next();
                return new AbstractMap.SimpleImmutableEntry<>(kv.key.get(), decode.apply(kv.value));
            }

            @Override
            public void close() {
                it.close();
            }
        };
    }
}
