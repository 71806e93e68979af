package io.trajectory.topics;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic of the registry: its name, key and value serdes, and how the app creates it.
 *
 * @param name         topic name
 * @param keySerde     serde of the record key
 * @param valueSerde   serde of the record value
 * @param partitions   partition count the app creates it with
 * @param replicationFactor replication factor the app creates it with
 * @param configs      topic-level configs (cleanup.policy, retention, ...)
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, int partitions,
        short replicationFactor, Map<String, String> configs) {

    public Topic {
        configs = Map.copyOf(configs);
    }
}
