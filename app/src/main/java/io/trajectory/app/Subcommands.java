package io.trajectory.app;

import io.trajectory.producer.cli.EmitCommand;
import io.trajectory.producer.cli.ImportCommand;
import picocli.CommandLine;

/** Registers the subcommands that live in other modules: the producer's {@code emit} and {@code import}. */
final class Subcommands {

    private Subcommands() {
    }

    static void register(CommandLine cli) {
        // the same config options (--config, --set, --bootstrap-servers) as every command
        cli.addSubcommand("emit", new EmitCommand());
        cli.addSubcommand("import", new ImportCommand());
    }
}
