package io.trajectory.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trajectory.api.auth.ApiKeyTokens;
import io.trajectory.api.auth.Role;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole access matrix, walked over the routes the server really registered (read from Javalin's router,
 * not from a list kept here): every method of every route path, internal routes, {@code HEAD} and
 * {@code OPTIONS} included, by every kind of caller (no key, an unknown key, a key of each role, and the
 * cluster credential other instances sign their requests with). A route that is registered but missing from
 * {@link #EXPECTED} fails the test, and so does an expected route that is not registered: a route added later
 * cannot skip the check.
 */
class RouteAccessMatrixTest extends ApiTestSupport {

    /** The callers, in the order of the columns of {@link #EXPECTED}. */
    private static final List<String> CALLERS = List.of("anonymous", "bad key", "employee", "manager", "analyst", "ingest",
            "admin", "cluster");

    /** Methods tried on every route path, registered for it or not (CONNECT is not a request on a path). */
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE");

    private record Expected(String sample, List<Integer> statuses) {
    }

    /**
     * Every registered route: a concrete request for it and the status of each caller. Each GET route is also
     * registered for HEAD and answers HEAD exactly as GET (added below, not listed).
     */
    private static final Map<String, Expected> EXPECTED = new TreeMap<>();

    private static void route(String route, String sample, Integer... statuses) {
        EXPECTED.put(route, new Expected(sample, List.of(statuses)));
        if (route.startsWith("GET ")) {
            EXPECTED.put("HEAD " + route.substring(4), new Expected(sample, List.of(statuses)));
        }
    }

    static {
        //                                                                anon bad  emp  mgr  anal ingest admin cluster
        route("GET /", "/",                                                200, 200, 200, 200, 200, 200, 200, 200);
        route("GET /dashboard/dashboard.js", "/dashboard/dashboard.js",    200, 200, 200, 200, 200, 200, 200, 200);
        route("GET /dashboard/dashboard.css", "/dashboard/dashboard.css",  200, 200, 200, 200, 200, 200, 200, 200);
        route("GET /dashboard/echarts.min.js", "/dashboard/echarts.min.js", 200, 200, 200, 200, 200, 200, 200, 200);
        route("GET /health", "/health",                                    200, 200, 200, 200, 200, 200, 200, 200);
        route("GET /ready", "/ready",                                      200, 200, 200, 200, 200, 200, 200, 200);
        route("GET /metrics", "/metrics",                                  401, 401, 403, 403, 403, 403, 200, 401);
        route("GET /api/v1", "/api/v1",                                    401, 401, 200, 200, 200, 200, 200, 401);
        route("GET /api/v1/openapi.json", "/api/v1/openapi.json",          401, 401, 200, 200, 200, 200, 200, 401);
        route("GET /api/v1/ladder", "/api/v1/ladder",                      401, 401, 200, 200, 200, 200, 200, 401);
        route("GET /api/v1/people", "/api/v1/people",                      401, 401, 403, 200, 403, 403, 200, 401);
        route("GET /api/v1/people/{personId}", "/api/v1/people/emp",       401, 401, 200, 200, 403, 403, 200, 401);
        route("GET /api/v1/people/{personId}/timeline", "/api/v1/people/emp/timeline",
                                                                           401, 401, 200, 200, 403, 403, 200, 401);
        route("POST /api/v1/events", "/api/v1/events",                     401, 401, 403, 403, 403, 202, 202, 401);
        route("GET /api/v1/analytics/promotion-velocity", "/api/v1/analytics/promotion-velocity?transition=JUNIOR-ADVANCING",
                                                                           401, 401, 403, 403, 200, 403, 200, 401);
        route("GET /api/v1/analytics/stage-distribution", "/api/v1/analytics/stage-distribution",
                                                                           401, 401, 403, 403, 200, 403, 200, 401);
        route("POST /api/v1/admin/keys", "/api/v1/admin/keys",             401, 401, 403, 403, 403, 403, 201, 401);
        route("GET /api/v1/admin/keys", "/api/v1/admin/keys",              401, 401, 403, 403, 403, 403, 200, 401);
        route("DELETE /api/v1/admin/keys/{keyId}", "/api/v1/admin/keys/0123456789abcdef",
                                                                           401, 401, 403, 403, 403, 403, 404, 401);
        // instance to instance only: no client key of any role, admin included
        route("GET /internal/v1/people-index", "/internal/v1/people-index?partitions=0,1,2,3,4,5&limit=10",
                                                                           401, 401, 401, 401, 401, 401, 401, 200);
        route("GET /internal/v1/analytics-spells", "/internal/v1/analytics-spells?partitions=0",
                                                                           401, 401, 401, 401, 401, 401, 401, 200);
    }

    private final Map<String, String> keys = new LinkedHashMap<>();
    private int events;

    /** emp reports to boss. */
    @BeforeEach
    void peopleAndKeys() {
        people.put(hired("emp", "boss"));
        people.put(hired("boss", "ceo"));
        people.put(hired("other", "someone-else"));
        keys.put("employee", issue(Role.EMPLOYEE, "emp"));
        keys.put("manager", issue(Role.MANAGER, "boss"));
        keys.put("analyst", issue(Role.ANALYST, null));
        keys.put("ingest", issue(Role.INGEST, null));
        keys.put("admin", adminKey);
    }


    @Test
    void shouldAnswerEveryMethodOfEveryRegisteredRouteToEveryCallerExactlyAsTheMatrixSays() {
        List<String> registered = server.routes();
        assertThat(new TreeSet<>(registered)).as("the routes the server registered are exactly those of the matrix")
                .isEqualTo(EXPECTED.keySet());
        assertThat(registered).as("no route registered twice").doesNotHaveDuplicates();

        // every path of the route table, with a concrete request and the routes registered on it
        Map<String, String> samples = new TreeMap<>();
        Map<String, List<String>> routesOfPath = new TreeMap<>();
        for (String route : registered) {
            String path = route.substring(route.indexOf(' ') + 1);
            samples.put(path, EXPECTED.get(route).sample());
            routesOfPath.computeIfAbsent(path, p -> new ArrayList<>()).add(route);
        }
        List<String> wrong = new ArrayList<>();
        int cells = 0;
        for (Map.Entry<String, String> path : samples.entrySet()) {
            for (String method : METHODS) {
                List<Integer> statuses = expected(method + " " + path.getKey(), routesOfPath.get(path.getKey()));
                for (int c = 0; c < CALLERS.size(); c++) {
                    Answer a = send(request(CALLERS.get(c), method, path.getValue()));
                    cells++;
                    if (a.status() != statuses.get(c)) {
                        wrong.add(CALLERS.get(c) + " " + method + " " + path.getValue() + ": " + a.status() + ", expected "
                                + statuses.get(c) + " " + a.body());
                    }
                    if ((a.status() == 401 || a.status() == 403) && !method.equals("HEAD")) {
                        assertThat(a.contentType()).as(method + " " + path.getValue()).startsWith("application/problem+json");
                    }
                }
            }
        }
        assertThat(wrong).as("cells of the matrix that differ (of " + cells + ")").isEmpty();
        assertThat(cells).isEqualTo(samples.size() * METHODS.size() * CALLERS.size());
    }

    /**
     * A registered route: its row. A method the path does not take: 405 to whoever may reach the path (anyone on
     * a path with an open route; a caller with a valid credential for the path otherwise), 401 to the others.
     */
    private static List<Integer> expected(String route, List<String> routesOfPath) {
        Expected row = EXPECTED.get(route);
        if (row != null) {
            return row.statuses();
        }
        List<List<Integer>> rows = routesOfPath.stream().map(r -> EXPECTED.get(r).statuses()).toList();
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < CALLERS.size(); c++) {
            int column = c;
            boolean reaches = rows.stream().anyMatch(r -> r.get(column) != 401);
            out.add(reaches ? 405 : 401);
        }
        return out;
    }

    /** The request of one caller: its credential, and a body where the route takes one. */
    private HttpRequest.Builder request(String caller, String method, String pathAndQuery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(10));
        switch (caller) {
            case "anonymous" -> { }
            case "bad key" -> request.header("Authorization", "Bearer " + ApiKeyTokens.generate().value());
            case "cluster" -> request.header("Authorization", auth.cluster().sign(method, pathAndQuery));
            default -> request.header("Authorization", "Bearer " + keys.get(caller));
        }
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        if (method.equals("POST") && pathAndQuery.equals("/api/v1/events")) {
            request.header("Content-Type", "application/cloudevents+json");
            body = HttpRequest.BodyPublishers.ofString(EventIngestEndpointTest.promotion("evt-" + events++, "emp"));
        } else if (method.equals("POST") && pathAndQuery.equals("/api/v1/admin/keys")) {
            request.header("Content-Type", "application/json");
            body = HttpRequest.BodyPublishers.ofString("{\"role\":\"analyst\",\"label\":\"matrix\"}");
        }
        return request.method(method, body);
    }

    @Test
    void shouldListNoInternalRouteInTheEndpointIndexAndEveryPublicOne() {
        Set<String> indexed = new TreeSet<>();
        for (JsonNode e : get("/api/v1").json().get("endpoints")) {
            indexed.add(e.get("method").asText() + " " + e.get("path").asText());
        }
        Set<String> publicRoutes = new TreeSet<>();
        for (String route : server.routes()) {
            if (!route.startsWith("HEAD ") && !route.contains(InternalRoutes.PREFIX)) {
                publicRoutes.add(route);
            }
        }
        assertThat(indexed).as("the index lists the public routes, no internal one").isEqualTo(publicRoutes);
        assertThat(get("/api/v1").body()).doesNotContain("/internal/");
        assertThat(get("/api/v1/openapi.json").body()).doesNotContain("/internal/");
    }
}
