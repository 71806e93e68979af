package io.trajectory.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trajectory.app.security.DocumentedAcls;
import io.trajectory.app.security.TestPki;
import io.trajectory.broker.BrokerSettings;
import io.trajectory.broker.EmbeddedKafkaBroker;
import io.trajectory.config.ConfigKey;
import io.trajectory.config.TrajectoryConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trajectory against a broker that takes only mutual TLS ({@code ssl.client.auth=required}; the
 * principal is the client certificate's subject) and authorizes with {@code StandardAuthorizer}: the
 * app, with its keystore and the README's ACLs for {@code User:CN=trajectory-app}, ingests and serves;
 * a client without a certificate cannot connect, and one whose certificate has no ACL cannot write the
 * API keys topic.
 */
@Tag("integration")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MutualTlsIT {

    private Path dir;
    private TestPki pki;
    private EmbeddedKafkaBroker broker;
    private ItRuntime app;

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        pki = TestPki.create(Files.createDirectories(dir.resolve("pki")));
        Map<String, String> brokerProps = new LinkedHashMap<>(pki.keySettings("broker"));
        brokerProps.putAll(pki.trustSettings());
        brokerProps.put("ssl.client.auth", "required");
        brokerProps.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        // the controller listener stays PLAINTEXT on 127.0.0.1: its (anonymous) principal is the broker itself
        brokerProps.put("super.users", "User:CN=broker;User:ANONYMOUS");
        brokerProps.put("allow.everyone.if.no.acl.found", "false");
        broker = EmbeddedKafkaBroker.start(BrokerSettings.forTests(dir.resolve("kafka"))
                .withSecureListener("SSL", brokerProps, tls("broker")));

        try (Admin admin = Admin.create(props(tls("broker")))) {
            Map<String, String> principals = new LinkedHashMap<>();
            principals.put("processor", "User:CN=trajectory-app");
            principals.put("api", "User:CN=trajectory-app");
            principals.put("topics", "User:CN=trajectory-app");
            principals.put("producer", null);
            principals.put("keys", null);
            admin.createAcls(DocumentedAcls.bindings(principals)).all().get(30, TimeUnit.SECONDS);
        }

        Map<String, String> env = new HashMap<>();
        // the way an operator would: TRAJECTORY_KAFKA_* variables
        tls("trajectory-app").forEach((k, v) -> env.put(ConfigKey.envNameOf(ConfigKey.KAFKA_PREFIX + k), v));
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put(ConfigKey.BOOTSTRAP_SERVERS.key(), broker.bootstrapServers());
        flags.put(ConfigKey.DATA_DIR.key(), dir.resolve("app").toString());
        flags.put(ConfigKey.HTTP_PORT.key(), "0");
        flags.put(ConfigKey.TOPIC_PARTITIONS.key(), "2");
        app = ItRuntime.start(TrajectoryConfig.load(Optional.empty(), env, flags));
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldIngestAndServeWithTheAppsCertificateAndTheDocumentedAcls() {
        app.postEvent("mtls-1", "hr/mtls-it", "interview-passed", "mtls-person", "2024-01-10T10:00:00Z",
                Map.of("role", "Technical Program Manager", "round", 1));

        assertThat(app.awaitJson("/api/v1/people/mtls-person", p -> "mtls-1".equals(p.path("lastEventId").asText()))
                .path("personId").asText()).isEqualTo("mtls-person");
    }

    @Test
    void shouldNotLetAClientWithoutACertificateWriteTheKeysTopic() {
        Map<String, String> trustOnly = new LinkedHashMap<>(pki.trustSettings());
        trustOnly.put("security.protocol", "SSL");

        assertThatThrownBy(() -> writeKeysTopic(trustOnly, "mtls-forged-nocert")).isNotNull();
    }

    @Test
    void shouldNotLetACertificateWithoutAclsWriteTheKeysTopic() {
        assertThatThrownBy(() -> writeKeysTopic(tls("stranger"), "mtls-forged-stranger"))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TopicAuthorizationException.class);
    }

    private Map<String, String> tls(String name) {
        Map<String, String> p = new LinkedHashMap<>(pki.trustSettings());
        p.putAll(pki.keySettings(name));
        p.put("security.protocol", "SSL");
        return p;
    }

    private Map<String, Object> props(Map<String, String> security) {
        Map<String, Object> p = new HashMap<>(security);
        p.put("bootstrap.servers", broker.bootstrapServers());
        return p;
    }

    private void writeKeysTopic(Map<String, String> security, String keyId) throws Exception {
        Map<String, Object> p = props(security);
        p.put("max.block.ms", 5000);
        p.put("delivery.timeout.ms", 5000);
        p.put("request.timeout.ms", 4000);
        p.put("linger.ms", 0);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("trajectory-api-keys", keyId, "{\"role\":\"admin\"}")).get(20, TimeUnit.SECONDS);
        }
    }
}
