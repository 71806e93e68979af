package io.trajectory.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.trajectory.api.auth.Role;
import io.trajectory.app.security.DocumentedAcls;
import io.trajectory.app.security.TestPki;
import io.trajectory.broker.BrokerSettings;
import io.trajectory.broker.EmbeddedKafkaBroker;
import io.trajectory.config.ConfigKey;
import io.trajectory.config.TrajectoryConfig;
import io.trajectory.producer.CareerEventProducer;
import io.trajectory.producer.Events;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Trajectory against a broker that authenticates (SASL over TLS: SCRAM-SHA-512 and PLAIN) and
 * authorizes ({@code StandardAuthorizer}, no ACL = no access): with exactly the README's ACLs the
 * app, the producer library and the {@code emit} and {@code keys} commands work; a client without
 * credentials, or with a principal that was granted less, can neither read person states nor write
 * the API keys topic.
 */
@Tag("integration")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaSecurityIT {

    private static final String BROKER_PW = "broker-pw-7d1";
    private static final String APP_PW = "app-scram-pw-91c";
    private static final String KEYS_PW = "keys-scram-pw-3fe";
    private static final String HR_PW = "hr-plain-pw-5a2";
    private static final String READER_PW = "reader-plain-pw-0b4";
    private static final String NOBODY_PW = "nobody-plain-pw-e6f";
    private static final List<String> SECRETS = List.of(BROKER_PW, APP_PW, KEYS_PW, HR_PW, READER_PW, NOBODY_PW,
            TestPki.PASSWORD);

    private Path dir;

    private TestPki pki;
    private EmbeddedKafkaBroker broker;
    private ItRuntime app;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Map<String, Level> levelsBefore = new HashMap<>();

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        captureLogs();
        pki = TestPki.create(Files.createDirectories(dir.resolve("pki")));
        Map<String, String> brokerProps = new LinkedHashMap<>(pki.keySettings("broker"));
        brokerProps.putAll(pki.trustSettings());
        brokerProps.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        // the controller listener stays PLAINTEXT on 127.0.0.1: its (anonymous) principal is the broker itself
        brokerProps.put("super.users", "User:broker;User:ANONYMOUS");
        brokerProps.put("allow.everyone.if.no.acl.found", "false");
        brokerProps.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512");
        brokerProps.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        brokerProps.put("listener.name.sasl_ssl.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"broker\" password=\""
                        + BROKER_PW + "\" user_broker=\"" + BROKER_PW + "\" user_hr-tool=\"" + HR_PW
                        + "\" user_reader=\"" + READER_PW + "\" user_nobody=\"" + NOBODY_PW + "\";");
        brokerProps.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        BrokerSettings settings = BrokerSettings.forTests(dir.resolve("kafka"))
                .withSecureListener("SASL_SSL", brokerProps, plain("broker", BROKER_PW));
        broker = EmbeddedKafkaBroker.start(settings);

        try (Admin admin = Admin.create(props(plain("broker", BROKER_PW)))) {
            admin.alterUserScramCredentials(List.of(
                    new UserScramCredentialUpsertion("trajectory", new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), APP_PW),
                    new UserScramCredentialUpsertion("keys-admin", new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), KEYS_PW)))
                    .all().get(30, TimeUnit.SECONDS);
            Map<String, String> principals = new LinkedHashMap<>();
            principals.put("processor", "User:trajectory");
            principals.put("api", "User:trajectory");
            principals.put("topics", "User:trajectory");
            principals.put("producer", "User:hr-tool");
            principals.put("keys", "User:keys-admin");
            admin.createAcls(DocumentedAcls.bindings(principals)).all().get(30, TimeUnit.SECONDS);
            // the read-only principal: person states, nothing else; "nobody" has no ACL at all
            admin.createAcls(List.of(allow("User:reader", "person-state", org.apache.kafka.common.acl.AclOperation.READ),
                    allow("User:reader", "person-state", org.apache.kafka.common.acl.AclOperation.DESCRIBE)))
                    .all().get(30, TimeUnit.SECONDS);
        }

        Map<String, String> flags = new LinkedHashMap<>();
        flags.put(ConfigKey.BOOTSTRAP_SERVERS.key(), broker.bootstrapServers());
        flags.put(ConfigKey.DATA_DIR.key(), dir.resolve("app").toString());
        flags.put(ConfigKey.HTTP_PORT.key(), "0");
        flags.put(ConfigKey.TOPIC_PARTITIONS.key(), "3");
        scram("trajectory", APP_PW).forEach((k, v) -> flags.put(ConfigKey.KAFKA_PREFIX + k, v));
        app = ItRuntime.start(TrajectoryConfig.load(Optional.empty(), Map.of(), flags));
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        if (broker != null) {
            broker.close();
        }
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(logs);
        levelsBefore.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
    }

    // ---- what works with the documented ACLs ----

    @Test
    void shouldIngestOverHttpAndServeThePersonWithOnlyTheDocumentedAcls() {
        app.postEvent("sec-http-1", "hr/security-it", "interview-passed", "sec-http", "2024-01-10T10:00:00Z",
                Map.of("role", "Technical Program Manager", "round", 1));

        JsonNode person = app.awaitJson("/api/v1/people/sec-http", p -> "sec-http-1".equals(p.path("lastEventId").asText()));

        assertThat(person.path("personId").asText()).isEqualTo("sec-http");
    }

    @Test
    void shouldTakeEventsFromTheProducerLibraryWithTheProducerAcls() throws Exception {
        TrajectoryConfig hrTool = withKafka(plain("hr-tool", HR_PW));
        try (CareerEventProducer producer = CareerEventProducer.create(hrTool)) {
            producer.send(Events.interviewPassed("sec-lib").eventId("sec-lib-1").occurredAt(Instant.parse("2024-02-01T10:00:00Z"))
                    .role("Technical Program Manager").round(1).build()).get(30, TimeUnit.SECONDS);
        }

        app.awaitJson("/api/v1/people/sec-lib", p -> "sec-lib-1".equals(p.path("lastEventId").asText()));
    }

    @Test
    void shouldEmitAnEventFromTheCliWithAKafkaClientPropertiesFile() throws Exception {
        Path clientFile = clientPropertiesFile("hr-tool.properties", plain("hr-tool", HR_PW));

        CliRun run = CliRun.of("emit", "--bootstrap-servers", broker.bootstrapServers(),
                "--set", "kafka.config.file=" + clientFile, "--type", "interview-passed", "--person", "sec-cli",
                "--id", "sec-cli-1", "--time", "2024-03-01T10:00:00Z",
                "--data", "role=Technical Program Manager", "--data", "round=1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        app.awaitJson("/api/v1/people/sec-cli", p -> "sec-cli-1".equals(p.path("lastEventId").asText()));
    }

    @Test
    void shouldIssueAKeyFromTheCliWithTheKeysAclsThatTheRunningApiAccepts() throws Exception {
        Path clientFile = clientPropertiesFile("keys-admin.properties", scram("keys-admin", KEYS_PW));

        CliRun run = CliRun.of("keys", "issue", "--role", "admin", "--label", "security-it",
                "--bootstrap-servers", broker.bootstrapServers(), "--set", "kafka.config.file=" + clientFile);

        assertThat(run.exitCode()).as(run.err()).isZero();
        String key = run.out().strip();
        await().atMost(ItRuntime.WAIT).until(() -> app.getAs(key, "/api/v1/ladder").statusCode() == 200);
    }

    // ---- what is refused ----

    @Test
    void shouldNotLetAClientWithoutCredentialsWriteTheKeysTopic() throws Exception {
        // TLS only (it trusts the broker) but no SASL: the broker never lets it in
        Map<String, String> tlsOnly = new LinkedHashMap<>(pki.trustSettings());
        tlsOnly.put("security.protocol", "SSL");
        assertThat(cannotWriteKeysTopic(tlsOnly, "forged-tls")).isNotNull();
        assertThat(cannotWriteKeysTopic(Map.of("security.protocol", "PLAINTEXT"), "forged-plain")).isNotNull();
        // a wrong password is refused with a clear error
        assertThat(cannotWriteKeysTopic(plain("reader", "not-the-password"), "forged-wrong-pw"))
                .isInstanceOf(SaslAuthenticationException.class);

        assertThat(keysTopicKeys()).doesNotContain("forged-tls", "forged-plain", "forged-wrong-pw");
    }

    @Test
    void shouldNotLetAClientWithoutCredentialsReadPersonStates() {
        Map<String, String> tlsOnly = new LinkedHashMap<>(pki.trustSettings());
        tlsOnly.put("security.protocol", "SSL");
        Map<String, Object> p = consumerProps(tlsOnly);
        p.put("default.api.timeout.ms", 5000);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            assertThatThrownBy(() -> consumer.partitionsFor("person-state"))
                    .isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
        }
    }

    @Test
    void shouldLetAReadOnlyPrincipalReadPersonStatesButNotWriteTheKeysTopic() throws Exception {
        app.postEvent("sec-ro-1", "hr/security-it", "interview-passed", "sec-ro", "2024-04-01T10:00:00Z",
                Map.of("role", "Technical Program Manager", "round", 1));
        app.awaitJson("/api/v1/people/sec-ro", p -> "sec-ro-1".equals(p.path("lastEventId").asText()));

        // the API may answer from the store before the transaction holding the person-state record commits
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(readWhole("person-state", plain("reader", READER_PW))).contains("sec-ro"));

        assertThat(cannotWriteKeysTopic(plain("reader", READER_PW), "forged-reader"))
                .isInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> readWhole("career-events", plain("reader", READER_PW)))
                .isInstanceOf(TopicAuthorizationException.class);
        assertThat(keysTopicKeys()).doesNotContain("forged-reader");
    }

    @Test
    void shouldNotLetAPrincipalWithoutAclsReadPersonStatesOrWriteTheKeysTopic() throws Exception {
        assertThatThrownBy(() -> readWhole("person-state", plain("nobody", NOBODY_PW)))
                .isInstanceOf(TopicAuthorizationException.class);
        assertThat(cannotWriteKeysTopic(plain("nobody", NOBODY_PW), "forged-nobody"))
                .isInstanceOf(TopicAuthorizationException.class);
        assertThat(keysTopicKeys()).doesNotContain("forged-nobody");
    }

    @Test
    void shouldSayClearlyWhenThePrincipalMayNotUseTheKeysTopic() throws Exception {
        Path clientFile = clientPropertiesFile("reader.properties", plain("reader", READER_PW));

        CliRun run = CliRun.of("keys", "list", "--bootstrap-servers", broker.bootstrapServers(),
                "--set", "kafka.config.file=" + clientFile, "--timeout-seconds", "10");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("not allowed to use topic trajectory-api-keys").contains("ACLs")
                .doesNotContain("Exception").doesNotContain("\tat ");

        CliRun issue = CliRun.of("keys", "issue", "--role", "admin", "--bootstrap-servers", broker.bootstrapServers(),
                "--set", "kafka.config.file=" + clientFile, "--timeout-seconds", "10");

        assertThat(issue.exitCode()).isNotZero();
        assertThat(issue.out()).isBlank();
        assertThat(issue.err()).contains("not allowed to use topic trajectory-api-keys")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    // ---- secrets ----

    @Test
    void shouldNeverLogAPasswordOrJaasConfig() {
        List<String> messages;
        synchronized (logs) {
            messages = logs.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
        }
        // Kafka's clients dumped their configs (at INFO here): the JAAS config shows as [hidden]
        assertThat(messages).anyMatch(m -> m.contains("sasl.jaas.config = [hidden]"));
        for (String secret : SECRETS) {
            assertThat(messages).as("log lines containing a secret").noneMatch(m -> m.contains(secret));
        }
    }

    // ---- helpers ----

    private Map<String, String> plain(String user, String password) {
        return sasl("PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule", user, password);
    }

    private Map<String, String> scram(String user, String password) {
        return sasl("SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule", user, password);
    }

    private Map<String, String> sasl(String mechanism, String module, String user, String password) {
        Map<String, String> p = new LinkedHashMap<>(pki.trustSettings());
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", mechanism);
        p.put("sasl.jaas.config", module + " required username=\"" + user + "\" password=\"" + password + "\";");
        return p;
    }

    private Map<String, Object> props(Map<String, String> security) {
        Map<String, Object> p = new HashMap<>(security);
        p.put("bootstrap.servers", broker.bootstrapServers());
        return p;
    }

    private Map<String, Object> consumerProps(Map<String, String> security) {
        Map<String, Object> p = props(security);
        p.put("enable.auto.commit", false);
        p.put("auto.offset.reset", "earliest");
        return p;
    }

    private TrajectoryConfig withKafka(Map<String, String> security) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put(ConfigKey.BOOTSTRAP_SERVERS.key(), broker.bootstrapServers());
        security.forEach((k, v) -> flags.put(ConfigKey.KAFKA_PREFIX + k, v));
        return TrajectoryConfig.load(Optional.empty(), Map.of(), flags);
    }

    private Path clientPropertiesFile(String name, Map<String, String> settings) throws java.io.IOException {
        Properties p = new Properties();
        p.putAll(settings);
        Path file = dir.resolve(name);
        try (var out = Files.newBufferedWriter(file)) {
            p.store(out, null);
        }
        return file;
    }

    private static org.apache.kafka.common.acl.AclBinding allow(String principal, String topic,
            org.apache.kafka.common.acl.AclOperation op) {
        return new org.apache.kafka.common.acl.AclBinding(
                new org.apache.kafka.common.resource.ResourcePattern(org.apache.kafka.common.resource.ResourceType.TOPIC,
                        topic, org.apache.kafka.common.resource.PatternType.LITERAL),
                new org.apache.kafka.common.acl.AccessControlEntry(principal, "*", op,
                        org.apache.kafka.common.acl.AclPermissionType.ALLOW));
    }

    /** Tries to write a record keyed {@code keyId} to the keys topic; returns why it failed (fails if it succeeded). */
    private Throwable cannotWriteKeysTopic(Map<String, String> security, String keyId) throws InterruptedException {
        Map<String, Object> p = props(security);
        p.put("max.block.ms", 5000);
        p.put("delivery.timeout.ms", 5000);
        p.put("request.timeout.ms", 4000);
        p.put("linger.ms", 0);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            String forged = "{\"keyId\":\"" + keyId + "\",\"role\":\"admin\"}";
            producer.send(new ProducerRecord<>("trajectory-api-keys", keyId, forged)).get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (org.apache.kafka.common.KafkaException | java.util.concurrent.TimeoutException e) {
            return e;
        }
        throw new AssertionError("the write of " + keyId + " to trajectory-api-keys was accepted");
    }

    /** The keys of every record of the keys topic, read as the broker's super user. */
    private List<String> keysTopicKeys() {
        return readWhole("trajectory-api-keys", plain("broker", BROKER_PW));
    }

    /** The keys of every record of {@code topic}, read from the beginning to the current end. */
    private List<String> readWhole(String topic, Map<String, String> security) {
        Map<String, Object> p = consumerProps(security);
        p.put("default.api.timeout.ms", 10_000);
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end within 30 s");
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    keys.add(r.key());
                }
            }
        }
        return keys;
    }

    /** Captures every log line, with Kafka's client config dumps (INFO) switched on. */
    private void captureLogs() {
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        for (String name : List.of("org.apache.kafka.common.config.AbstractConfig", "org.apache.kafka.clients.producer.ProducerConfig",
                "org.apache.kafka.clients.consumer.ConsumerConfig", "org.apache.kafka.clients.admin.AdminClientConfig",
                "org.apache.kafka.streams.StreamsConfig")) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            levelsBefore.put(name, logger.getLevel());
            logger.setLevel(Level.INFO);
        }
    }
}
