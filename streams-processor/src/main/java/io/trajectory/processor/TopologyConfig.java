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
 */
public record TopologyConfig(Topics topics, Ladder ladder, StoreType storeType, long ledgerCacheBytes) {

    /** The default size of the decoded-ledger cache of each task (that of {@code streams.ledger.cache.bytes}). */
    public static final long DEFAULT_LEDGER_CACHE_BYTES = Long.parseLong(ConfigKey.LEDGER_CACHE_BYTES.defaultValue());

    public TopologyConfig {
        if (ledgerCacheBytes < 0) {
            throw new IllegalArgumentException(ConfigKey.LEDGER_CACHE_BYTES.key() + " must not be negative: " + ledgerCacheBytes);
        }
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
