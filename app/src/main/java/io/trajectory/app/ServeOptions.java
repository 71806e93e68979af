package io.trajectory.app;

import io.trajectory.config.ConfigKey;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Shortcut flags of the commands that run Trajectory ({@code demo}, {@code run}). */
final class ServeOptions {

    @Option(names = "--http-host", paramLabel = "ADDRESS",
            description = "Interface the query API listens on (http.host, default 127.0.0.1; 0.0.0.0 = every interface).")
    String httpHost;

    @Option(names = "--http-port", paramLabel = "PORT", description = "Port of the query API (http.port, default 8080; 0 = any free port).")
    Integer httpPort;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the embedded broker and Kafka Streams keep their data (data.dir, default ./data).")
    Path dataDir;

    Map<String, String> shortcuts() {
        Map<String, String> flags = new LinkedHashMap<>();
        if (httpHost != null && !httpHost.isBlank()) {
            flags.put(ConfigKey.HTTP_HOST.key(), httpHost.strip());
        }
        if (httpPort != null) {
            flags.put(ConfigKey.HTTP_PORT.key(), Integer.toString(httpPort));
        }
        if (dataDir != null) {
            flags.put(ConfigKey.DATA_DIR.key(), dataDir.toString());
        }
        return flags;
    }
}
