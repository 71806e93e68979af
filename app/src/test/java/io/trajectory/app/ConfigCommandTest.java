package io.trajectory.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ./trajectory config}, run in-process: every setting and where it came from, never a secret. */
class ConfigCommandTest {

    private static final String SECRET = "do-not-print-0123456789-0123456789-abcdef";

    private static String config(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = TrajectoryMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        String[] all = new String[args.length + 1];
        all[0] = "config";
        System.arraycopy(args, 0, all, 1, args.length);
        assertThat(cli.execute(all)).isZero();
        return out.toString();
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
