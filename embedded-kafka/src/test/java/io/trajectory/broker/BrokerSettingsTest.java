package io.trajectory.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BrokerSettingsTest {

    private static final Path DIR = Path.of("build-test-data");

    @Test
    void defaultsUseTheWellKnownPortsOnLoopback() {
        BrokerSettings s = BrokerSettings.defaults(DIR);

        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(9092);
        assertThat(s.controllerPort()).isEqualTo(9093);
        assertThat(s.overrides()).isEmpty();
        assertThat(s.dataDir()).isAbsolute();
        assertThat(s.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(s.withResolvedPorts()).isSameAs(s);
    }

    @Test
    void zeroPortsArePickedFreeAndDistinct() {
        BrokerSettings s = BrokerSettings.forTests(DIR);
        assertThat(s.port()).isZero();
        assertThat(s.controllerPort()).isZero();

        BrokerSettings resolved = s.withResolvedPorts();

        assertThat(resolved.port()).isPositive();
        assertThat(resolved.controllerPort()).isPositive().isNotEqualTo(resolved.port());
        assertThat(resolved.bootstrapServers()).isEqualTo("127.0.0.1:" + resolved.port());
        assertThat(resolved.dataDir()).isEqualTo(s.dataDir());
    }

    @Test
    void onlyTheZeroPortIsPicked() {
        BrokerSettings resolved = BrokerSettings.forTests(DIR).withPorts(19092, 0).withResolvedPorts();

        assertThat(resolved.port()).isEqualTo(19092);
        assertThat(resolved.controllerPort()).isPositive().isNotEqualTo(19092);
    }

    @Test
    void unresolvedPortsCannotBeTurnedIntoBrokerProperties() {
        BrokerSettings s = BrokerSettings.forTests(DIR);

        assertThatThrownBy(s::brokerProperties).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(s::bootstrapServers).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void brokerPropertiesSuitASingleCombinedNode() {
        BrokerSettings s = BrokerSettings.defaults(DIR);

        Map<String, String> p = s.brokerProperties();

        assertThat(p).containsEntry("process.roles", "broker,controller")
                .containsEntry("node.id", "1")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093")
                .containsEntry("controller.listener.names", "CONTROLLER")
                .containsEntry("inter.broker.listener.name", "PLAINTEXT")
                .containsEntry("controller.quorum.bootstrap.servers", "127.0.0.1:9093")
                .containsEntry("auto.create.topics.enable", "false")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("share.coordinator.state.topic.replication.factor", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("log.dirs", s.dataDir().resolve("kafka-logs").toString())
                .containsEntry("metadata.log.dir", s.dataDir().resolve("kafka-logs").toString());
    }

    @Test
    void overridesWin() {
        BrokerSettings s = new BrokerSettings(DIR, "127.0.0.1", 9092, 9093,
                Map.of("auto.create.topics.enable", "true", "num.io.threads", "2"));

        Map<String, String> p = s.withOverrides(Map.of("num.io.threads", "3")).brokerProperties();

        assertThat(p).containsEntry("auto.create.topics.enable", "true")
                .containsEntry("num.io.threads", "3");
    }

    @Test
    void nullOverridesMeanNone() {
        assertThat(new BrokerSettings(DIR, "localhost", 1, 2, null).overrides()).isEmpty();
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThatThrownBy(() -> new BrokerSettings(DIR, "127.0.0.1", 70_000, 0, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> new BrokerSettings(DIR, "127.0.0.1", 9092, 9092, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ");
        assertThatThrownBy(() -> new BrokerSettings(DIR, " ", 0, 0, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BrokerSettings(null, "127.0.0.1", 0, 0, Map.of()))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void aSecuredClientListenerIsNamedAfterItsProtocolWhileTheControllerStaysPlaintextOnTheSameHost() {
        BrokerSettings s = BrokerSettings.defaults(DIR).withSecureListener("sasl_ssl",
                Map.of("sasl.enabled.mechanisms", "SCRAM-SHA-512"), Map.of("security.protocol", "SASL_SSL"));

        Map<String, String> p = s.brokerProperties();

        assertThat(s.protocol()).isEqualTo("SASL_SSL");
        assertThat(p.get("listeners")).isEqualTo("SASL_SSL://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093");
        assertThat(p.get("advertised.listeners")).isEqualTo("SASL_SSL://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093");
        assertThat(p.get("listener.security.protocol.map")).isEqualTo("SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT");
        assertThat(p.get("inter.broker.listener.name")).isEqualTo("SASL_SSL");
        assertThat(p).containsEntry("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        assertThat(s.clientProperties()).containsEntry("security.protocol", "SASL_SSL");
        assertThat(s.withResolvedPorts().withOverrides(Map.of("x", "y")).protocol()).isEqualTo("SASL_SSL");
    }

    @Test
    void theDefaultClientListenerIsPlaintextAndAnUnknownProtocolIsRefused() {
        assertThat(BrokerSettings.defaults(DIR).protocol()).isEqualTo("PLAINTEXT");
        assertThat(BrokerSettings.defaults(DIR).brokerProperties().get("listeners"))
                .isEqualTo("PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093");
        assertThatThrownBy(() -> BrokerSettings.defaults(DIR).withSecureListener("TLS", Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TLS");
    }

    @Test
    void toStringNeverShowsASecret() {
        BrokerSettings s = BrokerSettings.defaults(DIR).withSecureListener("SSL",
                Map.of("ssl.keystore.password", "broker-secret"), Map.of("ssl.key.password", "client-secret"));

        assertThat(s.toString()).doesNotContain("broker-secret").doesNotContain("client-secret").contains("SSL");
    }
}
