package io.trajectory.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trajectory.config.ConfigKey;
import io.trajectory.config.TrajectoryConfig;
import org.junit.jupiter.api.Test;

class TopologyConfigTest {

    @Test
    void shouldKeepTheStoresInRocksDb() {
        assertThat(TopologyConfig.from(TrajectoryConfig.defaults().with(ConfigKey.STORE_TYPE, "rocksdb")).storeType())
                .isEqualTo(TopologyConfig.StoreType.ROCKSDB);
    }

    @Test
    void shouldTakeTheCareerEventsPartitionCountFromTheConfigUntilTheClusterSaysOtherwise() {
        TopologyConfig config = TopologyConfig.from(TrajectoryConfig.defaults().with(ConfigKey.TOPIC_PARTITIONS, "3"));
        assertThat(config.careerEventsPartitions()).isEqualTo(3);
        assertThat(config.withCareerEventsPartitions(12).careerEventsPartitions()).isEqualTo(12);
        assertThatThrownBy(() -> config.withCareerEventsPartitions(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one partition");
    }
}
