package io.trajectory.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The config options every command takes (a picocli mixin), turned into the one
 * {@link TrajectoryConfig}: defaults &lt; {@code --config} file (or {@code TRAJECTORY_CONFIG}) &lt;
 * {@code TRAJECTORY_*} environment &lt; flags ({@code --set}, {@code --bootstrap-servers} and a
 * command's own shortcuts).
 */
public final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with settings (see README: Configuration; also TRAJECTORY_CONFIG).")
    Path configFile;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka cluster to use (bootstrap.servers). Without it: the embedded broker "
                    + "(started by run/demo, at broker.host:broker.port).")
    String bootstrapServers;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Any setting, e.g. --set topics.partitions=12, --set kafka.security.protocol=SSL or"
                    + " --set kafka.config.file=client.properties (a Kafka client properties file).")
    Map<String, String> settings = new LinkedHashMap<>();

    /** The flags these options set, shortcuts included. */
    public Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>(settings);
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            flags.put(ConfigKey.BOOTSTRAP_SERVERS.key(), bootstrapServers.strip());
        }
        return flags;
    }

    /** Loads the config from the file, the environment and these flags. */
    public TrajectoryConfig load() {
        return load(Map.of());
    }

    /** As {@link #load()}, with a command's own shortcut flags (they lose to an explicit {@code --set}). */
    public TrajectoryConfig load(Map<String, String> shortcuts) {
        Map<String, String> flags = new LinkedHashMap<>(shortcuts);
        flags.putAll(flags());
        return TrajectoryConfig.fromEnvironment(Optional.ofNullable(configFile), flags);
    }

    /**
     * Applies the flags to a config loaded elsewhere (an embedding application, a test).
     *
     * @throws ConfigException if {@code --config} was given: the file would rank below the
     *     environment the given config was already loaded from
     */
    public TrajectoryConfig applyTo(TrajectoryConfig config) {
        if (configFile != null) {
            throw new ConfigException("--config cannot be used here: the settings were already loaded");
        }
        TrajectoryConfig result = config;
        for (Map.Entry<String, String> flag : flags().entrySet()) {
            result = result.with(flag.getKey(), flag.getValue());
        }
        return result;
    }
}
