package io.trajectory.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration a cluster node gets, without starting one. */
class EmbeddedKafkaClusterTest {

    @Test
    void shouldReplicateThreeTimesWithTwoInSyncReplicasFromThreeNodesOn() {
        assertThat(EmbeddedKafkaCluster.defaultReplicationFactor(1)).isEqualTo(1);
        assertThat(EmbeddedKafkaCluster.defaultMinInsyncReplicas(1)).isEqualTo(1);
        assertThat(EmbeddedKafkaCluster.defaultReplicationFactor(2)).isEqualTo(2);
        assertThat(EmbeddedKafkaCluster.defaultMinInsyncReplicas(2)).isEqualTo(1);
        assertThat(EmbeddedKafkaCluster.defaultReplicationFactor(3)).isEqualTo(3);
        assertThat(EmbeddedKafkaCluster.defaultMinInsyncReplicas(3)).isEqualTo(2);
        assertThat(EmbeddedKafkaCluster.defaultReplicationFactor(5)).isEqualTo(3);
        assertThat(EmbeddedKafkaCluster.defaultMinInsyncReplicas(5)).isEqualTo(2);
    }

    @Test
    void shouldMakeEveryNodeACombinedVoterOfAStaticQuorumWithReplicatedInternalTopics() {
        Map<String, String> p = EmbeddedKafkaCluster.nodeProperties(2, Path.of("/data/node-1/kafka-logs"), 9192, 9193, 3,
                "1@127.0.0.1:9093,2@127.0.0.1:9193,3@127.0.0.1:9293", Map.of());
        assertThat(p).containsEntry("process.roles", "broker,controller")
                .containsEntry("node.id", "2")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:9093,2@127.0.0.1:9193,3@127.0.0.1:9293")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9192,CONTROLLER://127.0.0.1:9193")
                .containsEntry("log.dirs", "/data/node-1/kafka-logs")
                .containsEntry("default.replication.factor", "3")
                .containsEntry("min.insync.replicas", "2")
                .containsEntry("offsets.topic.replication.factor", "3")
                .containsEntry("transaction.state.log.replication.factor", "3")
                .containsEntry("transaction.state.log.min.isr", "2")
                .containsEntry("auto.create.topics.enable", "false")
                .doesNotContainKey("controller.quorum.bootstrap.servers");
    }

    @Test
    void shouldLetOverridesWin() {
        Map<String, String> p = EmbeddedKafkaCluster.nodeProperties(1, Path.of("/d"), 1, 2, 3, "1@h:2",
                Map.of("min.insync.replicas", "3", "num.io.threads", "8"));
        assertThat(p).containsEntry("min.insync.replicas", "3").containsEntry("num.io.threads", "8");
    }

    @Test
    void shouldRefuseAClusterOfNoNodes() {
        assertThatThrownBy(() -> EmbeddedKafkaCluster.start(0, Path.of("unused"), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 9 nodes");
    }
}
