package io.trajectory.api.analytics;

import io.trajectory.config.ConfigKey;
import io.trajectory.config.TrajectoryConfig;

/**
 * How analytics are answered.
 *
 * @param minGroupSize      k: every group of fewer people is suppressed (at least 3)
 * @param exactQuantilesMax quantiles of a group of at most this many values are exact; above, a KLL sketch estimates them
 */
public record AnalyticsSettings(int minGroupSize, int exactQuantilesMax) {

    public AnalyticsSettings {
        if (minGroupSize < TrajectoryConfig.MIN_GROUP_SIZE_FLOOR) {
            throw new IllegalArgumentException("minGroupSize must be at least " + TrajectoryConfig.MIN_GROUP_SIZE_FLOOR
                    + ", not " + minGroupSize);
        }
        if (exactQuantilesMax < 0) {
            throw new IllegalArgumentException("exactQuantilesMax must not be negative");
        }
    }

    public static AnalyticsSettings from(TrajectoryConfig config) {
        return new AnalyticsSettings(config.getInt(ConfigKey.ANALYTICS_MIN_GROUP_SIZE),
                config.getInt(ConfigKey.ANALYTICS_QUANTILES_EXACT_MAX));
    }

    public static AnalyticsSettings defaults() {
        return from(TrajectoryConfig.defaults());
    }
}
