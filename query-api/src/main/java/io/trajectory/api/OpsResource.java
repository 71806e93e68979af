package io.trajectory.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Liveness, readiness and the index of endpoints. */
final class OpsResource {

    private static final Logger log = LoggerFactory.getLogger(OpsResource.class);

    static final String INDEX_PATH = "/api/v1";
    static final String OPENAPI_PATH = "/api/v1/openapi.json";
    private static final byte[] OPENAPI = openApi();
    private static final Map<String, Object> INDEX = index();

    private final Readiness readiness;
    private final ObjectMapper json;
    private final java.util.function.BiFunction<String, String, String> access;
    private volatile Map<String, Object> indexWithAccess;

    /** {@code access}: who may call METHOD PATH, as the index shows it. */
    OpsResource(Readiness readiness, ObjectMapper json, java.util.function.BiFunction<String, String, String> access) {
        this.readiness = readiness;
        this.json = json;
        this.access = access;
    }

    /** The OpenAPI document of this API (a resource kept in step with the routes by a test). */
    void openapi(Context ctx) {
        ctx.status(200).contentType("application/json").result(OPENAPI);
    }

    private static byte[] openApi() {
        try (var in = OpsResource.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the jar");
            }
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Liveness: UP whenever the process serves HTTP. */
    void health(Context ctx) {
        ApiJson.write(ctx, json, 200, Map.of("status", "UP"));
    }

    /** Readiness: 200 READY or 503 NOT_READY, with the check's state and details. */
    void ready(Context ctx) {
        ReadinessReport report;
        try {
            report = readiness.check();
        } catch (RuntimeException e) {
            log.warn("readiness check failed", e);
            report = ReadinessReport.notReady("CHECK_FAILED");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.ready() ? "READY" : "NOT_READY");
        body.put("state", report.state());
        report.details().forEach(body::putIfAbsent);
        ApiJson.write(ctx, json, report.ready() ? 200 : 503, body);
    }

    /** The endpoints, each with who may call it (read once the routes are declared). */
    void index(Context ctx) {
        Map<String, Object> index = indexWithAccess;
        if (index == null) {
            index = new LinkedHashMap<>(INDEX);
            List<Map<String, String>> endpoints = new java.util.ArrayList<>();
            for (Object o : (List<?>) INDEX.get("endpoints")) {
                @SuppressWarnings("unchecked")
                Map<String, String> e = new LinkedHashMap<>((Map<String, String>) o);
                e.put("access", access.apply(e.get("method"), e.get("path")));
                endpoints.add(e);
            }
            index.put("endpoints", endpoints);
            indexWithAccess = index;
        }
        ApiJson.write(ctx, json, 200, index);
    }

    private static Map<String, Object> index() {
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("service", "trajectory");
        index.put("apiVersion", "v1");
        index.put("endpoints", List.of(
                endpoint("GET", PeopleResource.PATH, "people by stage and department, paged: ?stage= ?department= ?limit= ?cursor="),
                endpoint("GET", PersonResource.PATH, "a person's career state, skills and next steps;"
                        + " ?asOf= (event time) and ?knownAt= (recording time) for the past, ?explain=true for the eventIds behind it"),
                endpoint("GET", PersonResource.TIMELINE_PATH, "a person's stage transitions with days in each stage; ?asOf= ?knownAt="),
                endpoint("POST", EventIngestResource.PATH, "ingest CloudEvents 1.0 (structured JSON, single or batch)"),
                endpoint("GET", INDEX_PATH, "this list of endpoints"),
                endpoint("GET", LadderResource.PATH, "the ladder in force: id, version, stages in order and transitions"),
                endpoint("GET", DashboardResource.PAGE_PATH, "the dashboard (HTML page for browsers)"),
                endpoint("GET", DashboardResource.SCRIPT_PATH, "the dashboard's script"),
                endpoint("GET", DashboardResource.STYLE_PATH, "the dashboard's style sheet"),
                endpoint("GET", DashboardResource.ECHARTS_PATH, "Apache ECharts 5.3.1, served from the jar for the dashboard"),
                endpoint("GET", OPENAPI_PATH, "this API as an OpenAPI 3.1 document"),
                endpoint("GET", AnalyticsResource.VELOCITY_PATH, "promotion velocity per group: days in a stage before"
                        + " promotion among those promoted, and Kaplan-Meier; ?transition= ?groupBy= ?period= ?cohortBy= ?from= ?to="),
                endpoint("GET", AnalyticsResource.DISTRIBUTION_PATH, "headcount per stage and department at a date; hires,"
                        + " promotions and departures per period; ?department= ?asOf= ?period= ?from= ?to="),
                endpoint("POST", ApiKeysResource.PATH, "issue an API key (admin); the key is in the answer once"),
                endpoint("GET", ApiKeysResource.PATH, "the API keys, without secrets (admin)"),
                endpoint("DELETE", ApiKeysResource.KEY_PATH, "revoke an API key (admin)"),
                endpoint("GET", "/health", "liveness"),
                endpoint("GET", "/ready", "readiness: whether queries can be answered"),
                endpoint("GET", "/metrics", "Prometheus metrics (text format 0.0.4; admin keys)")));
        return Collections.unmodifiableMap(index);
    }

    private static Map<String, String> endpoint(String method, String path, String description) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("method", method);
        e.put("path", path);
        e.put("description", description);
        return e;
    }
}
