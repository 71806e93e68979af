package io.trajectory.app;

import io.trajectory.config.ConfigException;
import io.trajectory.config.ConfigKey;
import io.trajectory.config.TrajectoryConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options every command shares, turned into the one {@link TrajectoryConfig}: defaults &lt;
 * {@code --config} file (or {@code TRAJECTORY_CONFIG}) &lt; {@code TRAJECTORY_*} environment &lt; flags.
 */
public final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with settings (see README: Configuration).")
    Path configFile;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Use this Kafka cluster instead of starting the embedded broker.")
    String bootstrapServers;

    @Option(names = "--http-port", paramLabel = "PORT", description = "Port of the query API (default 8080).")
    Integer httpPort;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the embedded broker and Kafka Streams keep data (default ./data).")
    Path dataDir;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any setting, e.g. --set topics.partitions=12 or --set kafka.security.protocol=SSL.")
    Map<String, String> settings = new LinkedHashMap<>();

    public TrajectoryConfig load() {
        Map<String, String> flags = new LinkedHashMap<>(settings);
        if (bootstrapServers != null) {
            flags.put(ConfigKey.BOOTSTRAP_SERVERS.key(), bootstrapServers);
        }
        if (httpPort != null) {
            flags.put(ConfigKey.HTTP_PORT.key(), Integer.toString(httpPort));
        }
        if (dataDir != null) {
            flags.put(ConfigKey.DATA_DIR.key(), dataDir.toString());
        }
        return TrajectoryConfig.fromEnvironment(Optional.ofNullable(configFile), flags);
    }

    /** Loads, turning config errors into a one-line message for the user. */
    public static TrajectoryConfig loadOrExit(ConfigOptions options) {
        try {
            return options.load();
        } catch (ConfigException e) {
            throw new UserError(e.getMessage());
        }
    }
}
