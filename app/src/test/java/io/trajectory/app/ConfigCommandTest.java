package io.trajectory.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./trajectory config}, run in-process: every setting shown, no secret ever printed. */
class ConfigCommandTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"trajectory\" password=\"jaas-s3cret\";";

    private static final String SECRET = "do-not-print-0123456789-0123456789-abcdef";

    @TempDir
    Path dir;

    private static String config(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "config";
        System.arraycopy(args, 0, all, 1, args.length);
        CliRun run = CliRun.of(all);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.out();
    }

    @Test
    void shouldMaskTheJaasConfigAndEverySslPasswordAndKeyGivenAsFlags() {
        String out = config("--set", "kafka.security.protocol=SASL_SSL",
                "--set", "kafka.sasl.mechanism=SCRAM-SHA-512",
                "--set", "kafka.sasl.jaas.config=" + JAAS,
                "--set", "kafka.ssl.truststore.location=/etc/kafka/truststore.p12",
                "--set", "kafka.ssl.truststore.password=truststore-s3cret",
                "--set", "kafka.ssl.keystore.password=keystore-s3cret",
                "--set", "kafka.ssl.key.password=key-s3cret",
                "--set", "kafka.ssl.keystore.key=-----BEGIN PRIVATE KEY-----pem-s3cret",
                "--set", "kafka.sasl.oauthbearer.client.credentials.client.secret=oauth-s3cret");

        assertThat(out).doesNotContain("s3cret").doesNotContain("BEGIN PRIVATE KEY");
        assertThat(out).contains("kafka.security.protocol").contains("SASL_SSL")
                .contains("kafka.ssl.truststore.location").contains("/etc/kafka/truststore.p12")
                .contains("kafka.sasl.jaas.config").contains("kafka.ssl.keystore.key").contains("<hidden>");
    }

    @Test
    void shouldListTheSettingsOfAKafkaClientPropertiesFileMasked() throws IOException {
        Path client = Files.writeString(dir.resolve("client.properties"), String.join("\n",
                "security.protocol=SSL",
                "ssl.keystore.location=/etc/kafka/app.p12",
                "ssl.keystore.password=file-s3cret",
                "ssl.key.password=file-key-s3cret",
                "sasl.jaas.config=" + JAAS.replace("\"", "\\\"")) + "\n");

        String out = config("--set", "kafka.config.file=" + client);

        assertThat(out).doesNotContain("s3cret");
        assertThat(out).contains("kafka.config.file").contains("kafka.security.protocol")
                .contains("kafka.ssl.keystore.location").contains("/etc/kafka/app.p12")
                .contains("kafka.ssl.keystore.password").contains("<hidden>");
    }

    @Test
    void shouldSayTheApiListensOnLoopbackByDefault() {
        String out = config();

        assertThat(out.lines().filter(l -> l.startsWith("http.host ")).findFirst().orElseThrow()).contains("127.0.0.1");
    }

    @Test
    void shouldNeverPrintTheClusterSecretButSayThatItIsSetAndWhere() {
        String out = config("--set", "cluster.secret=" + SECRET + ",second-" + SECRET,
                "--set", "kafka.sasl.jaas.config=org.Example required password=\"" + SECRET + "\";");

        assertThat(out).doesNotContain(SECRET).doesNotContain("do-not-print");
        assertThat(out.lines().filter(l -> l.startsWith("cluster.secret ")).findFirst().orElseThrow())
                .contains("<hidden>").contains("TRAJECTORY_CLUSTER_SECRET");
        assertThat(out.lines().filter(l -> l.startsWith("kafka.sasl.jaas.config")).findFirst().orElseThrow()).contains("<hidden>");
    }

    @Test
    void shouldShowTheSecretFilesPathAndAnUnsetSecretAsEmpty() {
        String out = config("--set", "cluster.secret.file=/run/secrets/trajectory-cluster");

        assertThat(out.lines().filter(l -> l.startsWith("cluster.secret.file")).findFirst().orElseThrow())
                .contains("/run/secrets/trajectory-cluster").contains("TRAJECTORY_CLUSTER_SECRET_FILE");
        assertThat(out.lines().filter(l -> l.startsWith("cluster.secret ")).findFirst().orElseThrow())
                .doesNotContain("<hidden>");
    }
}
