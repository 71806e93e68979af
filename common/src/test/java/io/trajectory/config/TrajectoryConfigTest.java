package io.trajectory.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrajectoryConfigTest {

    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        Path f = dir.resolve("trajectory.properties");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    private static TrajectoryConfig load(Optional<Path> file, Map<String, String> env, Map<String, String> flags) {
        return TrajectoryConfig.load(file, env, flags);
    }

    // ---- Precedence ----

    @Test
    void shouldLetFlagsWinOverEnvWhichWinsOverFileWhichWinsOverDefaults() throws IOException {
        Path f = file("http.port=8001\n");
        Map<String, String> env = Map.of("TRAJECTORY_HTTP_PORT", "8002");
        Map<String, String> flags = Map.of("http.port", "8003");

        assertThat(load(Optional.empty(), Map.of(), Map.of()).getInt(ConfigKey.HTTP_PORT)).isEqualTo(8080);
        assertThat(load(Optional.of(f), Map.of(), Map.of()).getInt(ConfigKey.HTTP_PORT)).isEqualTo(8001);
        assertThat(load(Optional.of(f), env, Map.of()).getInt(ConfigKey.HTTP_PORT)).isEqualTo(8002);
        TrajectoryConfig all = load(Optional.of(f), env, flags);
        assertThat(all.getInt(ConfigKey.HTTP_PORT)).isEqualTo(8003);
        assertThat(all.sourceOf(ConfigKey.HTTP_PORT)).isEqualTo("flag");
    }

    @Test
    void shouldUseTheBuiltInDefaultWhenNothingIsSet() {
        TrajectoryConfig config = TrajectoryConfig.defaults();

        assertThat(config.getInt(ConfigKey.HTTP_PORT)).isEqualTo(8080);
        assertThat(config.get(ConfigKey.APPLICATION_ID)).isEqualTo("trajectory");
        assertThat(config.get(ConfigKey.PROCESSING_GUARANTEE)).isEqualTo("exactly_once_v2");
        assertThat(config.sourceOf(ConfigKey.HTTP_PORT)).isEqualTo("default");
        for (ConfigKey key : ConfigKey.values()) {
            assertThat(config.get(key)).as(key.key()).isEqualTo(key.defaultValue());
        }
    }

    @Test
    void shouldTakeAValueFromTheFileAlone() throws IOException {
        Path f = file("# comment\napplication.id = from-file\n");

        TrajectoryConfig config = load(Optional.of(f), Map.of(), Map.of());

        assertThat(config.get(ConfigKey.APPLICATION_ID)).isEqualTo("from-file");
        assertThat(config.sourceOf(ConfigKey.APPLICATION_ID)).isEqualTo("file " + f);
    }

    @Test
    void shouldTakeAValueFromTheEnvironmentAlone() {
        TrajectoryConfig config = load(Optional.empty(), Map.of("TRAJECTORY_APPLICATION_ID", "from-env"), Map.of());

        assertThat(config.get(ConfigKey.APPLICATION_ID)).isEqualTo("from-env");
        assertThat(config.sourceOf(ConfigKey.APPLICATION_ID)).isEqualTo("env TRAJECTORY_APPLICATION_ID");
    }

    @Test
    void shouldTakeAValueFromAFlagAlone() {
        TrajectoryConfig config = load(Optional.empty(), Map.of(), Map.of("application.id", "from-flag"));

        assertThat(config.get(ConfigKey.APPLICATION_ID)).isEqualTo("from-flag");
        assertThat(config.sourceOf(ConfigKey.APPLICATION_ID)).isEqualTo("flag");
    }

    @Test
    void shouldKeepLowerLevelValuesForKeysAHigherLevelDoesNotSet() throws IOException {
        Path f = file("application.id=from-file\nhttp.port=9000\n");

        TrajectoryConfig config = load(Optional.of(f), Map.of("TRAJECTORY_HTTP_PORT", "9001"), Map.of());

        assertThat(config.get(ConfigKey.APPLICATION_ID)).isEqualTo("from-file");
        assertThat(config.getInt(ConfigKey.HTTP_PORT)).isEqualTo(9001);
    }

    @Test
    void shouldApplyWithAsAFlagOverEverythingElse() {
        TrajectoryConfig config = load(Optional.empty(), Map.of("TRAJECTORY_HTTP_PORT", "9001"), Map.of())
                .with(ConfigKey.HTTP_PORT, "9002");

        assertThat(config.getInt(ConfigKey.HTTP_PORT)).isEqualTo(9002);
        assertThat(config.sourceOf(ConfigKey.HTTP_PORT)).isEqualTo("flag");
    }

    // ---- EnvironmentNames ----

    @Test
    void shouldMapTrajectoryHttpPortToHttpPort() {
        assertThat(TrajectoryConfig.keyOfEnv("TRAJECTORY_HTTP_PORT")).contains("http.port");
        assertThat(ConfigKey.HTTP_PORT.envName()).isEqualTo("TRAJECTORY_HTTP_PORT");
    }

    @Test
    void shouldTurnDotsAndDashesIntoUnderscores() {
        assertThat(ConfigKey.TOPIC_CAREER_EVENTS.envName()).isEqualTo("TRAJECTORY_TOPIC_CAREER_EVENTS");
        assertThat(ConfigKey.COMMIT_INTERVAL_MS.envName()).isEqualTo("TRAJECTORY_STREAMS_COMMIT_INTERVAL_MS");

        TrajectoryConfig config = load(Optional.empty(),
                Map.of("TRAJECTORY_TOPIC_CAREER_EVENTS", "hr-events"), Map.of());

        assertThat(config.get(ConfigKey.TOPIC_CAREER_EVENTS)).isEqualTo("hr-events");
    }

    @Test
    void shouldPassKafkaClientSettingsFromTheEnvironmentThroughKafkaOverrides() {
        TrajectoryConfig config = load(Optional.empty(),
                Map.of("TRAJECTORY_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"), Map.of());

        assertThat(TrajectoryConfig.keyOfEnv("TRAJECTORY_KAFKA_SECURITY_PROTOCOL")).contains("kafka.security.protocol");
        assertThat(config.kafkaOverrides()).containsExactlyEntriesOf(Map.of("security.protocol", "SASL_SSL"));
    }

    @Test
    void shouldPassKafkaClientSettingsFromFilesAndFlagsWithThePrefixRemoved() throws IOException {
        Path f = file("kafka.compression.type=lz4\n");

        TrajectoryConfig config = load(Optional.of(f), Map.of(), Map.of("kafka.linger.ms", "20"));

        assertThat(config.kafkaOverrides())
                .containsEntry("compression.type", "lz4")
                .containsEntry("linger.ms", "20")
                .hasSize(2);
    }

    @Test
    void shouldIgnoreEnvironmentVariablesThatAreNotOurs() {
        TrajectoryConfig config = load(Optional.empty(),
                Map.of("HOME", "/root", "PATH", "/usr/bin", "HTTP_PORT", "1"), Map.of());

        assertThat(config.getInt(ConfigKey.HTTP_PORT)).isEqualTo(8080);
        assertThat(config.kafkaOverrides()).isEmpty();
    }

    @Test
    void shouldSayWhichEnvironmentVariablesItReads() {
        assertThat(TrajectoryConfig.readsEnv("TRAJECTORY_HTTP_PORT")).isTrue();
        assertThat(TrajectoryConfig.readsEnv("TRAJECTORY_BOOTSTRAP_SERVERS")).isTrue();
        assertThat(TrajectoryConfig.readsEnv("TRAJECTORY_TOPICS_REPLICATION_FACTOR")).isTrue();
        assertThat(TrajectoryConfig.readsEnv("TRAJECTORY_CONFIG")).isTrue();
        assertThat(TrajectoryConfig.readsEnv("TRAJECTORY_KAFKA_SECURITY_PROTOCOL")).isTrue();

        assertThat(TrajectoryConfig.readsEnv("TRAJECTORY_HTTP_PROT")).isFalse();
        assertThat(TrajectoryConfig.readsEnv("TRAJECTORY_KAFKA_")).isFalse();
        assertThat(TrajectoryConfig.readsEnv("trajectory_http_port")).isFalse();
        assertThat(TrajectoryConfig.readsEnv("HTTP_PORT")).isFalse();
    }

    @Test
    void shouldReadTheEnvironmentVariableOfEveryKey() {
        for (ConfigKey key : ConfigKey.values()) {
            assertThat(TrajectoryConfig.readsEnv(key.envName())).as(key.envName()).isTrue();
            assertThat(TrajectoryConfig.keyOfEnv(key.envName())).as(key.envName()).contains(key.key());
        }
    }

    // ---- Errors ----

    @Test
    void shouldRejectAnUnknownKeyInAFileNamingTheKeyAndTheFile() throws IOException {
        Path f = file("http.prot=8081\n");

        assertThatThrownBy(() -> load(Optional.of(f), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'http.prot'")
                .hasMessageContaining(f.toString());
    }

    @Test
    void shouldRejectAnUnknownFlagNamingTheKey() {
        assertThatThrownBy(() -> load(Optional.empty(), Map.of(), Map.of("bootstrap.server", "x:9092")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'bootstrap.server'")
                .hasMessageContaining("flag");
    }

    @Test
    void shouldRejectABareKafkaPrefix() {
        assertThatThrownBy(() -> load(Optional.empty(), Map.of(), Map.of("kafka.", "x")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'kafka.'");
    }

    @Test
    void shouldRejectAMalformedNumberNamingTheKeyAndItsSource() {
        assertThatThrownBy(() -> load(Optional.empty(), Map.of("TRAJECTORY_HTTP_PORT", "80x"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.port")
                .hasMessageContaining("env TRAJECTORY_HTTP_PORT")
                .hasMessageContaining("'80x'");
    }

    @Test
    void shouldRejectAMalformedNumberInAFileNamingTheFile() throws IOException {
        Path f = file("topics.partitions=six\n");

        assertThatThrownBy(() -> load(Optional.of(f), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("topics.partitions")
                .hasMessageContaining("file " + f)
                .hasMessageContaining("'six'");
    }

    @Test
    void shouldRejectANumberOutOfRange() {
        assertThatThrownBy(() -> load(Optional.empty(), Map.of(), Map.of("http.port", "70000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.port")
                .hasMessageContaining("between 0 and 65535");
        assertThatThrownBy(() -> load(Optional.empty(), Map.of(), Map.of("topics.partitions", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("topics.partitions");
    }

    @Test
    void shouldRejectAnUnknownStoreType() {
        assertThatThrownBy(() -> load(Optional.empty(), Map.of(), Map.of("streams.store.type", "memory")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("streams.store.type")
                .hasMessageContaining("must be rocksdb");
        assertThatThrownBy(() -> load(Optional.empty(), Map.of(), Map.of("streams.store.type", "in-memory")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("deadlock");
    }

    @Test
    void shouldRefuseAnAnalyticsMinimumGroupSizeBelowThree() {
        assertThatThrownBy(() -> load(Optional.empty(), Map.of(), Map.of("analytics.min.group.size", "2")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("analytics.min.group.size")
                .hasMessageContaining("at least 3, not 2");
        assertThatThrownBy(() -> load(Optional.empty(), Map.of("TRAJECTORY_ANALYTICS_MIN_GROUP_SIZE", "-1"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("env TRAJECTORY_ANALYTICS_MIN_GROUP_SIZE");
        assertThat(load(Optional.empty(), Map.of(), Map.of("analytics.min.group.size", "3"))
                .getInt(ConfigKey.ANALYTICS_MIN_GROUP_SIZE)).isEqualTo(3);
        assertThat(TrajectoryConfig.defaults().getInt(ConfigKey.ANALYTICS_MIN_GROUP_SIZE)).isEqualTo(5);
    }

    @Test
    void shouldRejectANegativeExactQuantileLimit() {
        assertThatThrownBy(() -> load(Optional.empty(), Map.of(), Map.of("analytics.quantiles.exact.max", "-5")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("analytics.quantiles.exact.max");
    }

    @Test
    void shouldRejectAnUnknownProcessingGuarantee() {
        assertThatThrownBy(() -> load(Optional.empty(), Map.of(), Map.of("processing.guarantee", "exactly_once")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("processing.guarantee")
                .hasMessageContaining("'exactly_once'");
    }

    @Test
    void shouldRefuseAtLeastOnceBecauseACrashLosesStageTransitions() {
        assertThatThrownBy(() -> load(Optional.empty(), Map.of(), Map.of("processing.guarantee", "at_least_once")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("processing.guarantee")
                .hasMessageContaining("must be exactly_once_v2")
                .hasMessageContaining("stage transitions");
        assertThatThrownBy(() -> load(Optional.empty(), Map.of("TRAJECTORY_PROCESSING_GUARANTEE", "at_least_once"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("stage transitions");
    }

    @Test
    void shouldRefuseTheGuaranteeSetAsAKafkaClientSetting() {
        assertThatThrownBy(() -> load(Optional.empty(), Map.of(), Map.of("kafka.processing.guarantee", "at_least_once")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.processing.guarantee")
                .hasMessageContaining("exactly_once_v2");
    }

    @Test
    void shouldAllowAtLeastOnceOnlyThroughTheInternalTestSwitch() {
        String previous = System.getProperty(TrajectoryConfig.INTERNAL_ALLOW_AT_LEAST_ONCE);
        System.setProperty(TrajectoryConfig.INTERNAL_ALLOW_AT_LEAST_ONCE, "true");
        try {
            assertThat(load(Optional.empty(), Map.of(), Map.of("processing.guarantee", "at_least_once"))
                    .get(ConfigKey.PROCESSING_GUARANTEE)).isEqualTo("at_least_once");
        } finally {
            if (previous == null) {
                System.clearProperty(TrajectoryConfig.INTERNAL_ALLOW_AT_LEAST_ONCE);
            } else {
                System.setProperty(TrajectoryConfig.INTERNAL_ALLOW_AT_LEAST_ONCE, previous);
            }
        }
    }

    @Test
    void shouldRejectAnEmptyApplicationId() {
        assertThatThrownBy(() -> load(Optional.empty(), Map.of("TRAJECTORY_APPLICATION_ID", "  "), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("application.id")
                .hasMessageContaining("must not be empty");
    }

    @Test
    void shouldReportAMissingConfigFileClearly() {
        Path missing = dir.resolve("nope.properties");

        assertThatThrownBy(() -> load(Optional.of(missing), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config file not found")
                .hasMessageContaining(missing.toString());
    }

    @Test
    void shouldRejectADirectoryGivenAsConfigFile() {
        assertThatThrownBy(() -> load(Optional.of(dir), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(dir.toString());
    }

    // ---- DerivedSettings ----

    @Test
    void shouldUseTheEmbeddedBrokerWhenNoBootstrapServersAreGiven() {
        assertThat(TrajectoryConfig.defaults().usesEmbeddedBroker()).isTrue();
        assertThat(load(Optional.empty(), Map.of("TRAJECTORY_BOOTSTRAP_SERVERS", " "), Map.of()).usesEmbeddedBroker())
                .isTrue();
    }

    @Test
    void shouldUseTheExternalClusterWhenBootstrapServersAreGiven() {
        TrajectoryConfig config = load(Optional.empty(), Map.of("TRAJECTORY_BOOTSTRAP_SERVERS", "kafka:19092"), Map.of());

        assertThat(config.usesEmbeddedBroker()).isFalse();
        assertThat(config.get(ConfigKey.BOOTSTRAP_SERVERS)).isEqualTo("kafka:19092");
    }

    @Test
    void shouldPutStreamsStateUnderTheDataDirByDefault() {
        assertThat(TrajectoryConfig.defaults().stateDir()).isEqualTo(Path.of("data", "streams"));

        TrajectoryConfig config = load(Optional.empty(), Map.of("TRAJECTORY_DATA_DIR", "/var/lib/trajectory"), Map.of());

        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/trajectory"));
        assertThat(config.stateDir()).isEqualTo(Path.of("/var/lib/trajectory/streams"));
    }

    @Test
    void shouldUseAnExplicitStateDir() {
        TrajectoryConfig config = load(Optional.empty(), Map.of(), Map.of("state.dir", "/srv/state"));

        assertThat(config.stateDir()).isEqualTo(Path.of("/srv/state"));
    }

    @Test
    void shouldHideSecretsInToString() {
        TrajectoryConfig config = load(Optional.empty(), Map.of(),
                Map.of("kafka.sasl.jaas.config", "secret-jaas", "kafka.ssl.key.password", "secret-pw"));

        assertThat(config.toString()).doesNotContain("secret-jaas").doesNotContain("secret-pw").contains("<hidden>");
    }

    @Test
    void shouldHideTheClusterSecretInToStringAndFromTheEnvironment() {
        TrajectoryConfig config = load(Optional.empty(), Map.of("TRAJECTORY_CLUSTER_SECRET", "cluster-secret-from-env-0123456789"),
                Map.of("cluster.secret.file", "/run/secrets/cluster"));

        assertThat(config.get(ConfigKey.CLUSTER_SECRET)).isEqualTo("cluster-secret-from-env-0123456789");
        assertThat(config.toString()).doesNotContain("cluster-secret-from-env").contains("cluster.secret=<hidden>")
                .contains("cluster.secret.file=/run/secrets/cluster");
        assertThat(ConfigKey.CLUSTER_SECRET.sensitive()).isTrue();
        assertThat(ConfigKey.CLUSTER_SECRET_FILE.sensitive()).isFalse();
    }

    // ---- Kafka client security ----

    @Test
    void shouldListenOnLoopbackOnlyByDefault() {
        assertThat(TrajectoryConfig.defaults().get(ConfigKey.HTTP_HOST)).isEqualTo("127.0.0.1");
        assertThat(TrajectoryConfig.defaults().get(ConfigKey.BROKER_HOST)).isEqualTo("127.0.0.1");
    }

    @Test
    void shouldReadAPlainKafkaClientPropertiesFileUnderTheKafkaSettings() throws IOException {
        Path client = dir.resolve("client.properties");
        Files.writeString(client, """
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                ssl.truststore.location=/etc/kafka/truststore.p12
                linger.ms=5
                """, StandardCharsets.UTF_8);

        TrajectoryConfig config = load(Optional.empty(), Map.of("TRAJECTORY_KAFKA_CONFIG_FILE", client.toString()),
                Map.of("kafka.linger.ms", "20"));

        assertThat(config.kafkaOverrides())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
                .containsEntry("linger.ms", "20") // a kafka.* setting wins over the file
                .doesNotContainKey("config.file")
                .hasSize(4);
        assertThat(config.sourceOf("kafka.security.protocol")).isEqualTo("kafka.config.file " + client);
        assertThat(config.sourceOf("kafka.linger.ms")).isEqualTo("flag");
    }

    @Test
    void shouldReportAMissingKafkaClientPropertiesFileClearly() {
        assertThatThrownBy(() -> load(Optional.empty(), Map.of(), Map.of("kafka.config.file", "/nope/client.properties")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.config.file")
                .hasMessageContaining("/nope/client.properties");
    }

    @Test
    void shouldTreatEveryKafkaPasswordTypedSettingAndSecretLookingKeyAsSecret() {
        for (String key : new String[] {"kafka.sasl.jaas.config", "kafka.ssl.truststore.password",
                "kafka.ssl.keystore.password", "kafka.ssl.key.password", "kafka.ssl.keystore.key",
                "kafka.sasl.oauthbearer.client.credentials.client.secret", "kafka.my.secret.thing",
                "kafka.sasl.oauthbearer.assertion.private.key.passphrase"}) {
            assertThat(TrajectoryConfig.isSecret(key)).as(key).isTrue();
        }
        for (String key : new String[] {"kafka.security.protocol", "kafka.sasl.mechanism",
                "kafka.ssl.truststore.location", "kafka.ssl.keystore.location", "http.port", "bootstrap.servers"}) {
            assertThat(TrajectoryConfig.isSecret(key)).as(key).isFalse();
        }
        assertThat(TrajectoryConfig.display("kafka.ssl.keystore.key", "-----BEGIN PRIVATE KEY-----")).isEqualTo("<hidden>");
        assertThat(TrajectoryConfig.display("kafka.sasl.mechanism", "PLAIN")).isEqualTo("PLAIN");
    }

    @Test
    void shouldHideSecretsFromTheKafkaClientPropertiesFileInToString() throws IOException {
        Path client = dir.resolve("client.properties");
        Files.writeString(client, "ssl.keystore.key=-----BEGIN PRIVATE KEY-----abc\n"
                + "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"file-pw\";\n",
                StandardCharsets.UTF_8);

        TrajectoryConfig config = load(Optional.empty(), Map.of(), Map.of("kafka.config.file", client.toString()));

        assertThat(config.toString()).doesNotContain("file-pw").doesNotContain("BEGIN PRIVATE KEY");
    }
}
