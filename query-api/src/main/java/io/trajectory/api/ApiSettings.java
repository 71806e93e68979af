package io.trajectory.api;

import io.trajectory.config.ConfigKey;
import io.trajectory.config.TrajectoryConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the HTTP server.
 *
 * @param host interface to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port port to bind; 0 picks a free one (see {@link ApiServer#port()})
 * @param maxBodyBytes largest accepted request body; larger ones get 413
 * @param sendTimeout how long {@code POST /api/v1/events} waits for Kafka to confirm every event
 */
public record ApiSettings(String host, int port, int maxBodyBytes, Duration sendTimeout) {

    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(30);

    public ApiSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(sendTimeout, "sendTimeout");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
        }
        if (maxBodyBytes < 1 || maxBodyBytes == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxBodyBytes must be positive and below 2^31-1, not " + maxBodyBytes);
        }
        if (sendTimeout.isNegative() || sendTimeout.isZero()) {
            throw new IllegalArgumentException("sendTimeout must be positive, not " + sendTimeout);
        }
    }

    /** From {@code http.host}, {@code http.port}, {@code http.max.body.bytes} and {@code http.send.timeout.ms}. */
    public static ApiSettings from(TrajectoryConfig config) {
        return new ApiSettings(config.get(ConfigKey.HTTP_HOST), config.getInt(ConfigKey.HTTP_PORT),
                config.getInt(ConfigKey.HTTP_MAX_BODY_BYTES),
                Duration.ofMillis(config.getInt(ConfigKey.HTTP_SEND_TIMEOUT_MS)));
    }
}
