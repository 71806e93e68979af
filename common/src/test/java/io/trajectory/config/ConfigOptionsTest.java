package io.trajectory.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ConfigOptionsTest {

    @Command(name = "probe")
    static final class Probe {
        @Mixin
        ConfigOptions options = new ConfigOptions();
    }

    @TempDir
    Path dir;

    private static ConfigOptions parse(String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe.options;
    }

    @Test
    void shouldLoadTheFileThenLetFlagsWin() throws IOException {
        Path file = Files.writeString(dir.resolve("t.properties"), "topics.partitions=3\nhttp.port=9000\n");

        TrajectoryConfig config = parse("--config", file.toString(), "--set", "http.port=9100",
                "--bootstrap-servers", " kafka-1:9092 ").load();

        assertThat(config.getInt(ConfigKey.TOPIC_PARTITIONS)).isEqualTo(3);
        assertThat(config.getInt(ConfigKey.HTTP_PORT)).isEqualTo(9100);
        assertThat(config.sourceOf(ConfigKey.HTTP_PORT)).isEqualTo("flag");
        assertThat(config.get(ConfigKey.BOOTSTRAP_SERVERS)).isEqualTo("kafka-1:9092");
    }

    @Test
    void shouldLetAnExplicitSetBeatACommandsShortcut() {
        TrajectoryConfig config = parse("--set", "http.port=9200").load(Map.of("http.port", "9300", "data.dir", "d"));

        assertThat(config.getInt(ConfigKey.HTTP_PORT)).isEqualTo(9200);
        assertThat(config.get(ConfigKey.DATA_DIR)).isEqualTo("d");
    }

    @Test
    void shouldApplyFlagsToAConfigLoadedElsewhere() {
        TrajectoryConfig config = parse("--set", "kafka.linger.ms=7", "--bootstrap-servers", "k:1")
                .applyTo(TrajectoryConfig.defaults());

        assertThat(config.kafkaOverrides()).containsEntry("linger.ms", "7");
        assertThat(config.sourceOf("kafka.linger.ms")).isEqualTo("flag");
        assertThat(config.get(ConfigKey.BOOTSTRAP_SERVERS)).isEqualTo("k:1");
    }

    @Test
    void shouldRefuseAConfigFileWhenTheConfigIsAlreadyLoaded() {
        assertThatThrownBy(() -> parse("--config", "x.properties").applyTo(TrajectoryConfig.defaults()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--config");
    }

    @Test
    void shouldNameAnUnknownSettingGivenAsAFlag() {
        assertThatThrownBy(() -> parse("--set", "topics.partiton=3").load())
                .isInstanceOf(ConfigException.class).hasMessageContaining("topics.partiton");
    }
}
