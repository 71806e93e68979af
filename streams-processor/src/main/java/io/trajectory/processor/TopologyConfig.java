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
 */
public record TopologyConfig(Topics topics, Ladder ladder, StoreType storeType) {

    /** Kind of state store for the person ledger. Both are changelogged to Kafka. */
    public enum StoreType { ROCKSDB, IN_MEMORY }

    public static TopologyConfig from(TrajectoryConfig config) {
        return new TopologyConfig(Topics.from(config),
                LadderLoader.loadOrDefault(config.optional(ConfigKey.LADDER_FILE).map(Path::of)),
                StoreType.ROCKSDB);
    }
}
