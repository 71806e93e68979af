package io.trajectory.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.trajectory.api.auth.ApiAuth;
import io.trajectory.api.auth.ApiKeyTokens;
import io.trajectory.api.auth.Role;
import io.trajectory.config.ConfigKey;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * API keys on a real broker: the {@code keys} command writes the keys topic and a running instance
 * honours the key it never saw issued; a second reader of the topic (another instance) sees keys
 * issued and revoked through the first one's API; the topic holds hashes, never a secret.
 */
@Tag("integration")
@Timeout(180)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeysIT {

    @TempDir
    static Path dataDir;

    private ItRuntime app;

    @BeforeAll
    void start() {
        app = ItRuntime.start(dataDir, Map.of());
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private CliRun keys(String... args) {
        List<String> all = new ArrayList<>(List.of("keys"));
        all.addAll(List.of(args));
        all.addAll(List.of("--bootstrap-servers", app.runtime().bootstrapServers()));
        return CliRun.of(all.toArray(String[]::new));
    }

    private int status(String key, String path) {
        return app.send(ItRuntime.authorized(HttpRequest.newBuilder(URI.create(app.base() + path)), key).GET().build())
                .statusCode();
    }

    @Test
    void shouldIssueListAndRevokeKeysFromTheCommandLineForARunningInstance() {
        CliRun issued = keys("issue", "--role", "employee", "--person", "cleo", "--label", "Cleo's laptop");
        assertThat(issued.exitCode()).as(issued.err()).isZero();
        String key = issued.out().strip();
        assertThat(key).matches("trj_[0-9a-f]{16}_[A-Za-z0-9_-]{43}");
        String keyId = ApiKeyTokens.parse(key).orElseThrow().keyId();
        assertThat(issued.err()).contains("issued key " + keyId).contains("shown only this once");

        // the running instance learns the key from the topic (it did not issue it)
        await().atMost(Duration.ofSeconds(20)).until(() -> status(key, "/api/v1/people/cleo") != 401);
        assertThat(status(key, "/api/v1/people/cleo")).as("her own record (not loaded: 404)").isEqualTo(404);
        assertThat(status(key, "/api/v1/people/dev")).isEqualTo(403);
        assertThat(status(key, "/api/v1/analytics/stage-distribution")).isEqualTo(403);

        CliRun list = keys("list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains(keyId).contains("employee").contains("cleo").contains("Cleo's laptop")
                .doesNotContain(key.substring(21)).doesNotContain(ApiKeyTokens.hash(key.substring(21)));

        CliRun revoked = keys("revoke", keyId);
        assertThat(revoked.exitCode()).as(revoked.err()).isZero();
        assertThat(revoked.out()).contains("revoked key " + keyId);
        await().atMost(Duration.ofSeconds(20)).until(() -> status(key, "/api/v1/people/cleo") == 401);
        assertThat(keys("revoke", keyId).out()).contains("already revoked");
    }

    @Test
    void shouldRefuseBadCommandLinesWithOneErrorLine() {
        CliRun noPerson = keys("issue", "--role", "manager");
        assertThat(noPerson.exitCode()).isNotZero();
        assertThat(noPerson.err()).contains("--person").doesNotContain("\tat ");

        CliRun badRole = keys("issue", "--role", "king");
        assertThat(badRole.exitCode()).isNotZero();
        assertThat(badRole.err()).contains("unknown role 'king'").contains("employee, manager, analyst, ingest, admin");

        CliRun unknown = keys("revoke", "0123456789abcdef");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.err()).contains("no API key has the id 0123456789abcdef");

        CliRun notAnId = keys("revoke", "nonsense");
        assertThat(notAnId.exitCode()).isNotZero();
        assertThat(notAnId.err()).contains("is not a key id");
    }

    @Test
    void shouldShareKeysAndRevocationsWithEveryInstanceThroughTheTopic() throws Exception {
        String topic = app.runtime().config().get(ConfigKey.TOPIC_API_KEYS);
        long starting = System.nanoTime();
        try (ApiAuth other = ApiAuth.kafka(app.runtime().bootstrapServers(), Map.of(), topic, Duration.ofSeconds(30))) {
            System.out.printf("keys: a second instance read the keys topic in %d ms%n", (System.nanoTime() - starting) / 1_000_000);
            // the admin key of this test run, issued by the first instance before the second started
            assertThat(other.authenticator().check(app.adminKey())).isPresent();

            HttpResponse<String> issued = app.send(ItRuntime.authorized(HttpRequest.newBuilder(
                    URI.create(app.base() + "/api/v1/admin/keys")), app.adminKey())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"analyst\",\"label\":\"HR analytics\"}")).build());
            assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
            JsonNode body = ItRuntime.JSON.readTree(issued.body());
            String key = body.get("key").asText();
            long issuedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5))
                    .until(() -> other.authenticator().check(key).isPresent());
            long seenMillis = (System.nanoTime() - issuedAt) / 1_000_000;
            assertThat(other.authenticator().check(key).orElseThrow().role()).isEqualTo(Role.ANALYST);

            // revoked through the second instance's key management: the first refuses it
            other.keys().revoke(body.get("keyId").asText());
            long revokedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5))
                    .until(() -> status(key, "/api/v1/ladder") == 401);
            System.out.printf("keys: a key issued on one instance worked on the other after %d ms; a revocation was"
                    + " refused by the other after %d ms%n", seenMillis, (System.nanoTime() - revokedAt) / 1_000_000);
            assertThat(status(app.adminKey(), "/api/v1/ladder")).isEqualTo(200);
        }
    }

    @Test
    void shouldKeepOnlyHashesInTheKeysTopic() {
        List<String> keys = List.of(
                app.runtime().auth().keys().issue(Role.INGEST, Optional.empty(), Optional.of("hr/workday")).token(),
                app.runtime().auth().keys().issue(Role.MANAGER, Optional.of("eve"), Optional.empty()).token(),
                app.adminKey());
        String topic = app.runtime().config().get(ConfigKey.TOPIC_API_KEYS);
        List<ConsumerRecord<String, String>> records = readAll(topic, keys.stream().map(k -> k.substring(4, 20)).toList());

        for (String key : keys) {
            String keyId = key.substring(4, 20);
            String secret = key.substring(21);
            assertThat(records).as("no record holds the secret").noneMatch(r -> r.value().contains(secret) || r.value().contains(key));
            assertThat(records).as("the key's record holds its SHA-256").anyMatch(r -> keyId.equals(r.key())
                    && r.value().contains("\"secretHash\":\"" + ApiKeyTokens.hash(secret) + "\""));
        }
    }

    /** The topic's records, read until one of each keyId was seen. */
    private List<ConsumerRecord<String, String>> readAll(String topic, List<String> keyIds) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, app.runtime().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "keys-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                return keyIds.stream().allMatch(id -> out.stream().anyMatch(r -> id.equals(r.key())));
            });
        }
        return out;
    }
}
