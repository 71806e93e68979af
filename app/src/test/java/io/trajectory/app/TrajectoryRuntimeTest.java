package io.trajectory.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trajectory.config.TrajectoryConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link TrajectoryRuntime} refuses before it starts anything. */
class TrajectoryRuntimeTest {

    @TempDir
    Path dir;

    @Test
    void shouldRefuseSecuredKafkaClientsWithTheEmbeddedPlaintextBrokerAtOnce() {
        TrajectoryConfig config = TrajectoryConfig.load(Optional.empty(), Map.of(), Map.of(
                "data.dir", dir.toString(), "kafka.security.protocol", "SASL_SSL", "ready.timeout.seconds", "5"));

        assertThatThrownBy(() -> TrajectoryRuntime.start(config))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("kafka.security.protocol is SASL_SSL (from flag)")
                .hasMessageContaining("--bootstrap-servers");
    }
}
