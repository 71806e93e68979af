package io.trajectory.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trajectory.api.auth.Role;
import io.trajectory.config.ConfigKey;
import io.trajectory.config.TrajectoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the runtime-based integration tests share: Trajectory on an embedded broker with free ports
 * and its own data directory, and a small HTTP client for its API that sends an admin key
 * ({@link #adminKey(TrajectoryRuntime)}, the one helper every integration test gets its key from).
 */
final class ItRuntime {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newHttpClient();
    private final TrajectoryRuntime runtime;
    private final String adminKey;

    private ItRuntime(TrajectoryRuntime runtime) {
        this.runtime = runtime;
        this.adminKey = adminKey(runtime);
    }

    /** Issues an admin key on this runtime (written to its keys topic); returns the key. */
    static String adminKey(TrajectoryRuntime runtime) {
        return issueKey(runtime, Role.ADMIN, null);
    }

    /** Issues a key of this role (bound to {@code personId} for employee and manager keys); returns the key. */
    static String issueKey(TrajectoryRuntime runtime, Role role, String personId) {
        return runtime.auth().keys().issue(role, Optional.ofNullable(personId), Optional.of("integration test")).token();
    }

    /** The request with the header {@code Authorization: Bearer <key>}. */
    static HttpRequest.Builder authorized(HttpRequest.Builder request, String key) {
        return request.header("Authorization", "Bearer " + key);
    }

    String adminKey() {
        return adminKey;
    }

    /** Settings for an isolated instance: data under {@code dataDir}, free broker and HTTP ports, 3 partitions. */
    static TrajectoryConfig config(Path dataDir, Map<String, String> extra) {
        Map<String, String> flags = new HashMap<>(Map.of(
                ConfigKey.DATA_DIR.key(), dataDir.toString(),
                ConfigKey.BROKER_PORT.key(), "0",
                ConfigKey.BROKER_CONTROLLER_PORT.key(), "0",
                ConfigKey.HTTP_PORT.key(), "0",
                ConfigKey.TOPIC_PARTITIONS.key(), "3"));
        flags.putAll(extra);
        return TrajectoryConfig.load(Optional.empty(), Map.of(), flags);
    }

    static ItRuntime start(Path dataDir, Map<String, String> extra) {
        return new ItRuntime(TrajectoryRuntime.start(config(dataDir, extra)));
    }

    /** Trajectory started with exactly this config (e.g. against an external, secured cluster). */
    static ItRuntime start(TrajectoryConfig config) {
        return new ItRuntime(TrajectoryRuntime.start(config));
    }

    TrajectoryRuntime runtime() {
        return runtime;
    }

    void close() {
        runtime.close();
    }

    String base() {
        return "http://localhost:" + runtime.httpPort();
    }

    HttpResponse<String> get(String path) {
        return getAs(adminKey, path);
    }

    HttpResponse<String> getAs(String key, String path) {
        return send(authorized(HttpRequest.newBuilder(URI.create(base() + path)), key).GET().build());
    }

    HttpResponse<String> post(String path, String contentType, String body) {
        return send(authorized(HttpRequest.newBuilder(URI.create(base() + path)), adminKey).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Posts one CloudEvent and asserts it was accepted (202). */
    void postEvent(String id, String source, String type, String subject, String time, Map<String, Object> data) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", id);
        event.put("source", source);
        event.put("type", "trajectory." + type);
        event.put("subject", subject);
        event.put("time", time);
        event.put("data", data);
        HttpResponse<String> r;
        try {
            r = post("/api/v1/events", "application/cloudevents+json", JSON.writeValueAsString(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    /** Polls {@code path} until it answers 200 with JSON matching {@code until}; returns that JSON. */
    JsonNode awaitJson(String path, Predicate<JsonNode> until) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            HttpResponse<String> r = get(path);
            if (r.statusCode() != 200) {
                return false;
            }
            last[0] = JSON.readTree(r.body());
            return until.test(last[0]);
        });
        return last[0];
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
