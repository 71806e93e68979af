package io.trajectory.app;

import io.trajectory.app.bench.BenchCommand;
import io.trajectory.config.ConfigOptions;
import io.trajectory.config.TrajectoryConfig;
import io.trajectory.ladder.LadderException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ./trajectory}: runs Trajectory, loads the demo, emits and imports events, checks ladder files, benchmarks. */
@Command(name = "trajectory", mixinStandardHelpOptions = true, version = "Trajectory 0.1.0",
        description = "Event-sourced career-progression tracker on Apache Kafka.",
        subcommands = {TrajectoryMain.Demo.class, TrajectoryMain.Run.class, ConfigCommand.class,
                LadderCommand.class, KeysCommand.class, BenchCommand.class, TrajectoryMain.TestCommand.class})
public final class TrajectoryMain implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(TrajectoryMain.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with every subcommand, and errors printed as one line. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TrajectoryMain());
        Subcommands.register(cli);
        cli.setExecutionExceptionHandler(TrajectoryMain::handleError);
        CommandLine.IParameterExceptionHandler standard = cli.getParameterExceptionHandler();
        cli.setParameterExceptionHandler((e, args) -> {
            if (!(e.getCommandLine().getCommand() instanceof BenchCommand)) {
                return standard.handleParseException(e, args);
            }
            // bench: one line, no usage dump
            e.getCommandLine().getErr().println("error: " + e.getMessage() + " (./trajectory bench --help lists the options)");
            e.getCommandLine().getErr().flush();
            return 2;
        });
        return cli;
    }

    private static int handleError(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof UserError || e instanceof LadderException || e instanceof IllegalStateException
                || e instanceof io.trajectory.config.ConfigException) {
            err.println("error: " + e.getMessage());
        } else {
            err.println("error: unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + " (details in the log at DEBUG: TRAJECTORY_LOG_LEVEL=DEBUG)");
        }
        LOG.debug("command failed", e);
        err.flush();
        return 1;
    }

    /** Starts everything, optionally loads the samples, prints how to use it, and waits for Ctrl-C. */
    static int serve(TrajectoryConfig config, boolean sampleData, PrintWriter out) throws InterruptedException {
        long started = System.nanoTime();
        LogFormat.check();
        TrajectoryRuntime runtime = TrajectoryRuntime.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println();
            out.println("Shutting down Trajectory...");
            out.flush();
            runtime.close();
            stopped.countDown();
        }, "trajectory-shutdown"));

        if (sampleData) {
            int sent = SampleData.load(runtime.mapper(), runtime.producer(), Duration.ofSeconds(30));
            if (!SampleData.awaitVisible(runtime.queries(), Duration.ofSeconds(60))) {
                out.println("warning: the sample people are not all visible yet; they will appear shortly");
            }
            out.printf("Loaded %d sample events for %d people.%n", sent, SampleData.lastEventIdByPerson().size());
        }
        java.util.Map<io.trajectory.api.auth.Role, DemoKeys.Key> keys = sampleData
                ? DemoKeys.issue(runtime.auth().keys()) : java.util.Map.of();
        out.print(Banner.text(runtime, sampleData, Duration.ofNanos(System.nanoTime() - started), keys));
        out.flush();
        stopped.await();
        return 0;
    }

    /** {@code demo} and {@code run}: the same options, with or without the sample people. */
    abstract static class ServeCommand implements Callable<Integer> {
        @Mixin
        ConfigOptions config = new ConfigOptions();
        @Mixin
        ServeOptions serve = new ServeOptions();
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        abstract boolean sampleData();

        @Override
        public Integer call() throws Exception {
            return serve(config.load(serve.shortcuts()), sampleData(), spec.commandLine().getOut());
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Start Trajectory (embedded Kafka unless --bootstrap-servers) with sample people, and print curl commands.")
    static final class Demo extends ServeCommand {
        @Override
        boolean sampleData() {
            return true;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Start Trajectory (embedded Kafka unless --bootstrap-servers), without sample data.")
    static final class Run extends ServeCommand {
        @Override
        boolean sampleData() {
            return false;
        }
    }

    /**
     * {@code test}: listed here so that {@code --help} names it; the {@code ./trajectory} launcher
     * script runs it (it needs Maven and the source tree, not this jar).
     */
    @Command(name = "test", mixinStandardHelpOptions = true,
            description = {"Run every test (mvn -B verify), first installing what the tests need and the machine lacks:"
                    + " Chromium and ChromeDriver for the dashboard test (Debian's chromium and chromium-driver).",
                    "Handled by the ./trajectory launcher script in the source tree; extra arguments go to Maven."})
    static final class TestCommand implements Callable<Integer> {
        @CommandLine.Parameters(arity = "0..*", paramLabel = "MAVEN_ARG", description = "passed to mvn -B verify")
        java.util.List<String> mavenArgs = new java.util.ArrayList<>();

        @Override
        public Integer call() {
            throw new UserError("the tests run from the source tree: use the launcher script, ./trajectory test");
        }
    }
}
