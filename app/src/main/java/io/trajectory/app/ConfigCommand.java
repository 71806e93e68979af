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
            valueWidth = Math.max(valueWidth, shown(config, key).length());
            envWidth = Math.max(envWidth, key.envName().length());
        }
        String row = "%-" + keyWidth + "s  %-" + valueWidth + "s  %-" + envWidth + "s  %s%n";
        out.printf(row, "SETTING", "VALUE", "ENVIRONMENT VARIABLE", "FROM");
        for (ConfigKey key : ConfigKey.values()) {
            out.printf(row, key.key(), shown(config, key), key.envName(), config.sourceOf(key));
        }
        config.kafkaOverrides().forEach((k, v) -> out.printf(row, "kafka." + k,
                TrajectoryConfig.isSecret(k) || k.contains("secret") ? "<hidden>" : v, "", config.sourceOf("kafka." + k)));
        out.flush();
        return 0;
    }

    /** The value as printed: a secret's only as {@code <hidden>} (or empty when unset). */
    private static String shown(TrajectoryConfig config, ConfigKey key) {
        String value = config.get(key);
        return key.sensitive() && !value.isEmpty() ? "<hidden>" : value;
    }
}
