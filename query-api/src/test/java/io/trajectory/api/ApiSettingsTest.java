package io.trajectory.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trajectory.config.ConfigKey;
import io.trajectory.config.TrajectoryConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ApiSettingsTest {

    @Test
    void shouldTakeHostAndPortFromTheConfigAndDefaultTheRest() {
        ApiSettings s = ApiSettings.from(TrajectoryConfig.defaults()
                .with(ConfigKey.HTTP_HOST, "127.0.0.1").with(ConfigKey.HTTP_PORT, "8181"));

        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(8181);
        assertThat(s.maxBodyBytes()).isEqualTo(1024 * 1024);
        assertThat(s.sendTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldTakeTheBodyLimitAndSendTimeoutFromTheConfig() {
        ApiSettings s = ApiSettings.from(TrajectoryConfig.defaults()
                .with(ConfigKey.HTTP_MAX_BODY_BYTES, "2048").with(ConfigKey.HTTP_SEND_TIMEOUT_MS, "1500"));

        assertThat(s.maxBodyBytes()).isEqualTo(2048);
        assertThat(s.sendTimeout()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void shouldRejectNonsense() {
        assertThatThrownBy(() -> new ApiSettings("h", 70000, 1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> new ApiSettings("h", 0, 0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBodyBytes");
        assertThatThrownBy(() -> new ApiSettings("h", 0, 1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sendTimeout");
    }
}
