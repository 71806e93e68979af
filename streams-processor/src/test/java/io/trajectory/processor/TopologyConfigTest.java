package io.trajectory.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.config.ConfigKey;
import io.trajectory.config.TrajectoryConfig;
import org.junit.jupiter.api.Test;

class TopologyConfigTest {

    @Test
    void shouldKeepTheStoresInRocksDb() {
        assertThat(TopologyConfig.from(TrajectoryConfig.defaults().with(ConfigKey.STORE_TYPE, "rocksdb")).storeType())
                .isEqualTo(TopologyConfig.StoreType.ROCKSDB);
    }
}
