package io.trajectory.app;

import io.trajectory.config.ConfigKey;
import io.trajectory.config.ConfigOptions;
import io.trajectory.config.TrajectoryConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ./trajectory config}: the effective settings and where each came from. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Print every setting, its effective value, where it came from and its environment variable.")
final class ConfigCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options = new ConfigOptions();
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        TrajectoryConfig config = options.load();
        var out = spec.commandLine().getOut();
        int keyWidth = "SETTING".length();
        int valueWidth = "VALUE".length();
        int envWidth = "ENVIRONMENT VARIABLE".length();
        for (ConfigKey key : ConfigKey.values()) {
            keyWidth = Math.max(keyWidth, key.key().length());
            valueWidth = Math.max(valueWidth, TrajectoryConfig.display(key.key(), config.get(key)).length());
            envWidth = Math.max(envWidth, key.envName().length());
        }
        String row = "%-" + keyWidth + "s  %-" + valueWidth + "s  %-" + envWidth + "s  %s%n";
        out.printf(row, "SETTING", "VALUE", "ENVIRONMENT VARIABLE", "FROM");
        for (ConfigKey key : ConfigKey.values()) {
            out.printf(row, key.key(), TrajectoryConfig.display(key.key(), config.get(key)), key.envName(),
                    config.sourceOf(key));
        }
        // every Kafka client setting (flags, environment, files, kafka.config.file); secrets as <hidden>
        config.kafkaOverrides().forEach((k, v) -> out.printf(row, ConfigKey.KAFKA_PREFIX + k,
                TrajectoryConfig.display(k, v), ConfigKey.envNameOf(ConfigKey.KAFKA_PREFIX + k),
                config.sourceOf(ConfigKey.KAFKA_PREFIX + k)));
        out.flush();
        return 0;
    }

}
