package io.trajectory.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trajectory.api.auth.ApiAuth;
import io.trajectory.api.auth.Role;
import io.trajectory.ladder.LadderLoader;
import io.trajectory.processor.fold.Ledger;
import io.trajectory.producer.Events;
import io.trajectory.producer.cloudevents.CloudEventMapper;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.PersonLedger;
import io.trajectory.validation.EventValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Starts the API on a random port with in-memory fakes and in-memory API keys; no broker. Every
 * request built by {@link #request} carries an admin key ({@link #adminKey}); {@link #requestAs}
 * uses another key, {@link #anonymous} none.
 */
abstract class ApiTestSupport {

    static final int MAX_BODY_BYTES = 16 * 1024;
    static final Duration SEND_TIMEOUT = Duration.ofMillis(500);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-01T12:00:00Z"), ZoneOffset.UTC);

    private static final ObjectMapper JSON = new ObjectMapper();

    final FakePersonQueries people = new FakePersonQueries();
    final FakeEventSink sink = new FakeEventSink();
    final FakeReadiness readiness = new FakeReadiness();
    final FakeAnalyticsQueries analytics = new FakeAnalyticsQueries();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ApiAuth auth = ApiAuth.inMemory(CLOCK);
    final String adminKey = auth.keys().issue(Role.ADMIN, Optional.empty(), Optional.of("tests")).token();
    final io.trajectory.api.metrics.ApiMetrics metrics = io.trajectory.api.metrics.ApiMetrics.create();
    ApiServer server;

    @BeforeEach
    void startServer() {
        CloudEventMapper mapper = new CloudEventMapper(new EventValidator(LadderLoader.defaultLadder()), CLOCK);
        server = ApiServer.start(new ApiSettings("127.0.0.1", 0, MAX_BODY_BYTES, SEND_TIMEOUT), people, analytics,
                analyticsSettings(), sink, mapper, readiness, LadderLoader.defaultLadder(), metrics, auth);
    }

    /** A key of {@code role}, bound to {@code personId} (null for the roles bound to no one). */
    String issue(Role role, String personId) {
        return auth.keys().issue(role, Optional.ofNullable(personId), Optional.of(role.id() + " in a test")).token();
    }

    /** The ledger of a person hired into Payments on 2023-01-02 with {@code managerId} as manager. */
    static PersonLedger hired(String personId, String managerId) {
        SpecificRecord e = Events.hired(personId).eventId("h-" + personId).title("TPM I").department("Payments")
                .managerId(managerId).occurredAt(Instant.parse("2023-01-02T09:00:00Z"))
                .recordedAt(Instant.parse("2023-01-02T09:00:00Z")).build();
        return ((Ledger.Outcome.Accepted) Ledger.accept(null, e, Codecs.events().encode(e), LadderLoader.defaultLadder()))
                .ledger();
    }

    /** The analytics settings the server starts with; a test class may choose others. */
    io.trajectory.api.analytics.AnalyticsSettings analyticsSettings() {
        return io.trajectory.api.analytics.AnalyticsSettings.defaults();
    }

    @AfterEach
    void stopServer() {
        server.close();
        metrics.close();
    }

    Answer get(String path) {
        return send(request(path).GET());
    }

    Answer post(String path, String contentType, String body) {
        return send(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    Answer send(String method, String path, HttpRequest.BodyPublisher body) {
        return send(request(path).method(method, body));
    }

    /** A request with the admin key. */
    HttpRequest.Builder request(String path) {
        return requestAs(adminKey, path);
    }

    /** A request with this bearer key. */
    HttpRequest.Builder requestAs(String key, String path) {
        return anonymous(path).header("Authorization", "Bearer " + key);
    }

    /** A request without an Authorization header. */
    HttpRequest.Builder anonymous(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10));
    }

    Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An HTTP response with its body parsed as JSON. */
    record Answer(HttpResponse<String> response) {

        int status() {
            return response.statusCode();
        }

        String contentType() {
            return header("Content-Type").orElse("");
        }

        Optional<String> header(String name) {
            return response.headers().firstValue(name);
        }

        String body() {
            return response.body();
        }

        JsonNode json() {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + response.body(), e);
            }
        }
    }
}
