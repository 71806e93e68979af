package io.trajectory.api;

/**
 * Whether this instance can answer queries (Kafka Streams RUNNING, stores queryable). Served on
 * {@code GET /ready}; liveness ({@code GET /health}) does not consult it.
 */
@FunctionalInterface
public interface Readiness {

    ReadinessReport check();
}
