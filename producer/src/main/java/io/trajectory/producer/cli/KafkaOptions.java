package io.trajectory.producer.cli;

import io.trajectory.config.ConfigKey;
import io.trajectory.config.TrajectoryConfig;
import picocli.CommandLine.Option;

/** Connection options every producer command accepts; they override the loaded config. */
public final class KafkaOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "Kafka cluster to send to (overrides bootstrap.servers from the config). "
                    + "Default: the config's, else the local embedded broker at broker.host:broker.port.")
    String bootstrapServers;

    TrajectoryConfig apply(TrajectoryConfig config) {
        return bootstrapServers == null || bootstrapServers.isBlank() ? config
                : config.with(ConfigKey.BOOTSTRAP_SERVERS, bootstrapServers.strip());
    }
}
