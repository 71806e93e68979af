package io.trajectory.app;

import io.trajectory.config.ConfigKey;
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
        TrajectoryConfig config = ConfigOptions.loadOrExit(options);
        var out = spec.commandLine().getOut();
        out.printf("%-28s %-24s %-36s %s%n", "SETTING", "VALUE", "ENVIRONMENT VARIABLE", "FROM");
        for (ConfigKey key : ConfigKey.values()) {
            out.printf("%-28s %-24s %-36s %s%n", key.key(), config.get(key), key.envName(), config.sourceOf(key));
        }
        config.kafkaOverrides().forEach((k, v) -> out.printf("%-28s %-24s%n", "kafka." + k,
                k.contains("password") || k.contains("jaas") ? "<hidden>" : v));
        out.flush();
        return 0;
    }
}
