package io.trajectory.api.metrics;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The process's metrics, exposed in the Prometheus text format at {@code GET /metrics}: request
 * latencies of the API ({@code http_server_requests_seconds}, by method, route template and status,
 * with histogram buckets from 1 ms to 30 s so Prometheus can compute quantiles across instances), the JVM, and
 * whatever the application binds to {@link #registry()} (Kafka Streams' and the producer's own
 * client metrics, see {@code TrajectoryRuntime}).
 */
public final class ApiMetrics implements AutoCloseable {

    /** The Prometheus text exposition format (version 0.0.4), which every Prometheus scrapes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** Histogram buckets of request latency: few enough to keep series per route cheap, fine where it matters (ms). */
    private static final Duration[] BUCKETS = java.util.stream.LongStream.of(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000,
            2500, 5000, 10000, 30000).mapToObj(Duration::ofMillis).toArray(Duration[]::new);

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;

    private ApiMetrics(PrometheusMeterRegistry registry, JvmGcMetrics gc) {
        this.registry = registry;
        this.gc = gc;
    }

    /** A registry with the JVM and process binders; tag {@code application="trajectory"} on every meter. */
    public static ApiMetrics create() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("application", "trajectory");
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return new ApiMetrics(registry, gc);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * Records one finished request. The {@code uri} tag is the matched route template (e.g.
     * {@code /api/v1/people/{personId}}), never the raw path: raw paths would carry person ids into
     * the metrics and make their cardinality unbounded.
     */
    public void request(Context ctx, float millis) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        String uri = endpoint == null ? "UNMATCHED" : endpoint.path;
        int status = ctx.statusCode();
        Timer.builder("http.server.requests")
                .description("HTTP requests served by the query API")
                .tag("method", ctx.method().name())
                .tag("uri", uri)
                .tag("status", Integer.toString(status))
                .tag("outcome", outcome(status))
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(Math.round(millis * 1000.0), TimeUnit.MICROSECONDS);
    }

    private static String outcome(int status) {
        if (status >= 500) {
            return "SERVER_ERROR";
        }
        if (status >= 400) {
            return "CLIENT_ERROR";
        }
        if (status >= 300) {
            return "REDIRECTION";
        }
        return status >= 200 ? "SUCCESS" : "INFORMATIONAL";
    }

    /** The current values in the Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
