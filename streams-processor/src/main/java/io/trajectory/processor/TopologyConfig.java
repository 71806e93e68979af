package io.trajectory.processor;

import io.trajectory.config.ConfigKey;
import io.trajectory.config.TrajectoryConfig;
import io.trajectory.ladder.Ladder;
import io.trajectory.ladder.LadderLoader;
import io.trajectory.topics.Topics;
import java.nio.file.Path;

/**
 * What the topology is built from.
 *
 * @param topics    the topic registry
 * @param ladder    the career ladder events are validated against and folded on
 * @param storeType where the stores live: RocksDB ({@code streams.store.type}); in-memory only for
 *                  TopologyTestDriver tests (see {@link TrajectoryConfig#IN_MEMORY_REFUSED})
 * @param ledgerCacheBytes estimated heap of each task's cache of decoded person ledgers
 *                  ({@code streams.ledger.cache.bytes}); 0 disables it
 * @param careerEventsPartitions the partition count of {@code career-events} as it is on the cluster: a
 *                  person's home partition (murmur2 of the key modulo this count) holds their state, and
 *                  records read elsewhere are re-routed there. The app reads it from the cluster at start
 *                  ({@link #withCareerEventsPartitions}); by default the configured {@code topics.partitions}
 */
public record TopologyConfig(Topics topics, Ladder ladder, StoreType storeType, long ledgerCacheBytes,
        int careerEventsPartitions) {

    /** The default size of the decoded-ledger cache of each task (that of {@code streams.ledger.cache.bytes}). */
    public static final long DEFAULT_LEDGER_CACHE_BYTES = Long.parseLong(ConfigKey.LEDGER_CACHE_BYTES.defaultValue());

    public TopologyConfig {
        if (ledgerCacheBytes < 0) {
            throw new IllegalArgumentException(ConfigKey.LEDGER_CACHE_BYTES.key() + " must not be negative: " + ledgerCacheBytes);
        }
        if (careerEventsPartitions < 1) {
            throw new IllegalArgumentException("career-events must have at least one partition, not " + careerEventsPartitions);
        }
    }

    /** With the configured partition count of {@code career-events}. */
    public TopologyConfig(Topics topics, Ladder ladder, StoreType storeType, long ledgerCacheBytes) {
        this(topics, ladder, storeType, ledgerCacheBytes, topics.careerEvents().partitions());
    }

    /** The same, for a {@code career-events} topic of this many partitions (as described by the cluster). */
    public TopologyConfig withCareerEventsPartitions(int partitions) {
        return new TopologyConfig(topics, ladder, storeType, ledgerCacheBytes, partitions);
    }

    /** With the default ledger cache. */
    public TopologyConfig(Topics topics, Ladder ladder, StoreType storeType) {
        this(topics, ladder, storeType, DEFAULT_LEDGER_CACHE_BYTES);
    }

    /** Kind of state store for the person ledger. Both are changelogged to Kafka. */
    public enum StoreType { ROCKSDB, IN_MEMORY }

    public static TopologyConfig from(TrajectoryConfig config) {
        return new TopologyConfig(Topics.from(config),
                LadderLoader.loadOrDefault(config.optional(ConfigKey.LADDER_FILE).map(Path::of)),
                StoreType.ROCKSDB, config.getInt(ConfigKey.LEDGER_CACHE_BYTES));
    }
}
