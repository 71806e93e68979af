package io.trajectory.producer.cli;

import io.trajectory.config.ConfigException;
import io.trajectory.config.ConfigOptions;
import io.trajectory.config.ConfigKey;
import io.trajectory.config.TrajectoryConfig;
import io.trajectory.ladder.LadderException;
import io.trajectory.ladder.LadderLoader;
import io.trajectory.producer.bulk.BulkImporter;
import io.trajectory.producer.bulk.ImportException;
import io.trajectory.producer.cloudevents.CloudEventMapper;
import io.trajectory.validation.EventValidator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.KafkaException;

/** What the producer commands share: config, mapper, and turning exceptions into one line and an exit code. */
final class CliSupport {

    private CliSupport() {
    }

    /** A command's config when it is given one (an embedding application, a test): the flags applied over it. */
    static Function<ConfigOptions, TrajectoryConfig> over(Supplier<TrajectoryConfig> config) {
        Objects.requireNonNull(config, "config");
        return options -> options.applyTo(config.get());
    }

    static CloudEventMapper mapper(TrajectoryConfig config) {
        var ladder = LadderLoader.loadOrDefault(config.optional(ConfigKey.LADDER_FILE).map(Path::of));
        return new CloudEventMapper(new EventValidator(ladder), Clock.systemUTC());
    }

    /** Prints one line for an exception that reached the command boundary; returns the exit code. */
    static int fail(Throwable error, PrintWriter err, String bootstrapServers) {
        Throwable e = error instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : error;
        if (e instanceof ConfigException || e instanceof ImportException || e instanceof IllegalArgumentException) {
            err.println("error: " + e.getMessage());
            return ExitCodes.INVALID_INPUT;
        }
        if (e instanceof LadderException ladder) {
            // one line per problem, FILE:LINE:COLUMN: path: message, as ./trajectory ladder validate prints them
            err.println("error: " + ladder.getMessage());
            return ExitCodes.INVALID_INPUT;
        }
        if (e instanceof NoSuchFileException missing) {
            err.println("error: file not found: " + missing.getFile());
            return ExitCodes.INVALID_INPUT;
        }
        if (e instanceof AccessDeniedException denied) {
            err.println("error: cannot read " + denied.getFile() + ": permission denied");
            return ExitCodes.INVALID_INPUT;
        }
        if (e instanceof IOException io) {
            err.println("error: cannot read input: " + BulkImporter.message(io));
            return ExitCodes.INVALID_INPUT;
        }
        if (e instanceof KafkaException) {
            err.println(kafkaError(e, bootstrapServers));
            return ExitCodes.KAFKA_FAILURE;
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            err.println("error: interrupted");
            return ExitCodes.KAFKA_FAILURE;
        }
        err.println("error: " + BulkImporter.message(e));
        return ExitCodes.KAFKA_FAILURE;
    }

    static String kafkaError(Throwable e, String bootstrapServers) {
        return "Kafka error: " + BulkImporter.message(e)
                + (bootstrapServers == null ? "" : " (bootstrap servers " + bootstrapServers + ")");
    }
}
