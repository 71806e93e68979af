package io.trajectory.api;

import java.util.Map;
import java.util.Objects;

/**
 * Outcome of a readiness check.
 *
 * @param ready whether the instance can serve queries now
 * @param state a short machine-readable state, e.g. {@code RUNNING}, {@code REBALANCING}
 * @param details extra members rendered into the {@code /ready} body (keep them free of personal data)
 */
public record ReadinessReport(boolean ready, String state, Map<String, Object> details) {

    public ReadinessReport {
        Objects.requireNonNull(state, "state");
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static ReadinessReport ready(String state) {
        return new ReadinessReport(true, state, Map.of());
    }

    public static ReadinessReport notReady(String state) {
        return new ReadinessReport(false, state, Map.of());
    }
}
