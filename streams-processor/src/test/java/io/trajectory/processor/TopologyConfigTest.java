package io.trajectory.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.config.ConfigKey;
import io.trajectory.config.TrajectoryConfig;
import org.junit.jupiter.api.Test;

class TopologyConfigTest {

    @Test
    void shouldKeepTheStoresInRocksDbUnlessInMemoryIsAsked() {
        assertThat(TopologyConfig.from(TrajectoryConfig.defaults()).storeType()).isEqualTo(TopologyConfig.StoreType.ROCKSDB);
        assertThat(TopologyConfig.from(TrajectoryConfig.defaults().with(ConfigKey.STORE_TYPE, "in-memory")).storeType())
                .isEqualTo(TopologyConfig.StoreType.IN_MEMORY);
    }
}
