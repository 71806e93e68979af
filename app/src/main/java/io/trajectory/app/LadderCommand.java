package io.trajectory.app;

import io.trajectory.config.ConfigKey;
import io.trajectory.config.ConfigOptions;
import io.trajectory.ladder.Ladder;
import io.trajectory.ladder.LadderException;
import io.trajectory.ladder.LadderLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./trajectory ladder validate FILE} checks a ladder file and lists every problem at its line
 * and column; {@code ./trajectory ladder show} prints the ladder in use (or {@code --default}, the
 * built-in one) to start an organization's own ladder from.
 */
@Command(name = "ladder", mixinStandardHelpOptions = true,
        description = "Check a career ladder file, or print the ladder to start your own from.",
        subcommands = {LadderCommand.Validate.class, LadderCommand.Show.class})
final class LadderCommand implements Callable<Integer> {

    /** Exit code of a valid ladder. */
    static final int VALID = 0;
    /** Exit code of an invalid, missing or unreadable ladder file. */
    static final int INVALID = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return INVALID;
    }

    /** Prints every problem of a ladder on its own line, {@code FILE:LINE:COLUMN: path: message}. */
    static int report(LadderException e, PrintWriter err) {
        e.lines().forEach(err::println);
        err.flush();
        return INVALID;
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Check a ladder file: print a summary and exit 0 if it is valid; else print every problem "
                    + "as FILE:LINE:COLUMN: path: message to stderr and exit 2."})
    static final class Validate implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The ladder file (JSON) to check.")
        Path file;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                Ladder ladder = LadderLoader.load(file);
                out.printf("%s: valid ladder %s version %s: %d stage%s, %d skill%s%n", file, ladder.id(),
                        ladder.version(), ladder.stages().size(), plural(ladder.stages().size()),
                        ladder.skills().size(), plural(ladder.skills().size()));
                out.flush();
                return VALID;
            } catch (LadderException e) {
                return report(e, spec.commandLine().getErr());
            }
        }

        private static String plural(int n) {
            return n == 1 ? "" : "s";
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Print the ladder file in use (the ladder.file setting, else the built-in TPM ladder); "
                    + "save it, edit it and set ladder.file to run with your own."})
    static final class Show implements Callable<Integer> {
        @Option(names = "--default", description = "Print the built-in ladder, whatever ladder.file says.")
        boolean builtIn;
        @Mixin
        ConfigOptions config = new ConfigOptions();
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Optional<Path> file = builtIn ? Optional.empty() : config.load().optional(ConfigKey.LADDER_FILE).map(Path::of);
            try {
                String json = file.map(LadderCommand.Show::checked).orElseGet(LadderLoader::defaultLadderJson);
                out.print(json.endsWith("\n") ? json : json + "\n");
                out.flush();
                return VALID;
            } catch (LadderException e) {
                return report(e, spec.commandLine().getErr());
            }
        }

        /** The text of a ladder file, once it is known to be valid. */
        private static String checked(Path file) {
            String json = LadderLoader.read(file);
            LadderLoader.parse(json, file.toString());
            return json;
        }
    }
}
