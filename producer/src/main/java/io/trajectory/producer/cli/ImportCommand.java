package io.trajectory.producer.cli;

import io.trajectory.config.ConfigOptions;
import io.trajectory.config.TrajectoryConfig;
import io.trajectory.producer.CareerEventProducer;
import io.trajectory.producer.EventSink;
import io.trajectory.producer.bulk.BulkImporter;
import io.trajectory.producer.bulk.EventSource;
import io.trajectory.producer.bulk.FileFormat;
import io.trajectory.producer.bulk.ImportException;
import io.trajectory.producer.bulk.ImportSummary;
import io.trajectory.producer.cloudevents.CloudEventMapper;
import io.trajectory.validation.Characters;
import io.trajectory.validation.Violation;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code import FILE}: sends the events of a JSON-lines or CSV file. Bad lines are reported with
 * their line number and every reason, good lines are still sent; at the end one summary line:
 * {@code read N, sent S, rejected R, failed F}. The file is streamed with a bounded number of
 * sends in flight.
 */
@Command(name = "import", sortOptions = false,
        description = {
            "Send the career events of a file: JSON lines (.jsonl, .ndjson, .json: one",
            "CloudEvent per line) or CSV (.csv: columns id,type,subject,time,source and",
            "data.<attribute>). Invalid lines are reported with their line number and",
            "every reason, and skipped; the others are sent."},
        footer = {
            "",
            "CSV: empty cells are absent attributes; data.skills is a list such as",
            "agile;relationship-building; type may be short (promotion) or full",
            "(trajectory.promotion); optional column recordedat.",
            "",
            "Exit codes: 0 all sent, 3 some lines rejected (the valid ones were sent),",
            "1 Kafka failure (the import stops at the first one), 2 unusable file or",
            "options."})
public final class ImportCommand implements Callable<Integer> {

    /** At most this many Kafka failures are listed one by one. */
    static final int MAX_LISTED_FAILURES = 10;

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Parameters(index = "0", paramLabel = "FILE", description = "The events file.")
    Path file;

    @Option(names = "--format", paramLabel = "jsonl|csv",
            description = "File format (default: from the file extension).")
    String format;

    @Option(names = "--dry-run", description = "Validate every line; send nothing.")
    boolean dryRun;

    @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "1000",
            description = "Sends awaiting Kafka's acknowledgement at most (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = "--progress-every", paramLabel = "N", defaultValue = "10000",
            description = "Print progress to stderr every N lines; 0 for never (default: ${DEFAULT-VALUE}).")
    long progressEvery;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    private final Function<ConfigOptions, TrajectoryConfig> config;
    private final SinkFactory sinks;

    /** Config from --config/TRAJECTORY_CONFIG, the environment and the flags; sends to Kafka. */
    public ImportCommand() {
        this.config = ConfigOptions::load;
        this.sinks = SinkFactory.kafka();
    }

    public ImportCommand(Supplier<TrajectoryConfig> config) {
        this(config, SinkFactory.kafka());
    }

    public ImportCommand(Supplier<TrajectoryConfig> config, SinkFactory sinks) {
        this.config = CliSupport.over(config);
        this.sinks = Objects.requireNonNull(sinks, "sinks");
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String bootstrap = null;
        try {
            FileFormat fileFormat = format != null ? FileFormat.parse(format) : FileFormat.detect(file)
                    .orElseThrow(() -> new IllegalArgumentException("cannot tell the format of " + file
                            + " from its name; use --format jsonl or --format csv"));
            if (!Files.exists(file)) {
                throw new NoSuchFileException(file.toString());
            }
            if (Files.isDirectory(file)) {
                throw new ImportException("is a directory, not an events file");
            }
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("--max-in-flight must be at least 1");
            }
            TrajectoryConfig cfg = config.apply(options);
            bootstrap = dryRun ? null : CareerEventProducer.bootstrapServers(cfg);
            CloudEventMapper mapper = CliSupport.mapper(cfg);
            BulkImporter.Options options = new BulkImporter.Options(dryRun, maxInFlight,
                    Math.max(0, progressEvery), Duration.ofMinutes(3));
            ImportSummary summary;
            try (EventSource source = EventSource.open(file, fileFormat, mapper);
                 EventSink sink = dryRun ? null : sinks.open(cfg)) {
                summary = new BulkImporter(sink, options, new Reporter(err, file.toString(), bootstrap, dryRun)).run(source);
            }
            out.println(summary.line() + (dryRun ? " (dry run: " + summary.valid() + " valid, nothing sent)" : ""));
            if (summary.duplicates() > 0) {
                err.println("warning: " + (summary.duplicates() == 1 ? "1 event repeats" : summary.duplicates() + " events repeat")
                        + " an event seen earlier in the file (same id, same content); the processor counts each once");
            }
            if (summary.stopped()) {
                err.println("import stopped at the first Kafka error: " + summary.stopReason()
                        + (bootstrap == null ? "" : " (bootstrap servers " + bootstrap + ")"));
            }
            if (summary.failed() > 0 || summary.stopped()) {
                return ExitCodes.KAFKA_FAILURE;
            }
            return summary.rejected() > 0 ? ExitCodes.SOME_REJECTED : ExitCodes.OK;
        } catch (ImportException e) {
            err.println(Characters.printable("error: " + e.at(file.toString())));
            return ExitCodes.INVALID_INPUT;
        } catch (Exception e) {
            return CliSupport.fail(e, err, bootstrap);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Prints rejections, duplicates, failures and progress to stderr, one line each. */
    private static final class Reporter implements BulkImporter.Listener {
        private final PrintWriter err;
        private final String file;
        private final String bootstrap;
        private final boolean dryRun;
        private final AtomicInteger failures = new AtomicInteger();

        Reporter(PrintWriter err, String file, String bootstrap, boolean dryRun) {
            this.err = err;
            this.file = file;
            this.bootstrap = bootstrap;
            this.dryRun = dryRun;
        }

        @Override
        public void rejected(long line, List<Violation> violations) {
            synchronized (err) {
                for (Violation v : violations) {
                    // a backstop: whatever a message quotes, nothing unprintable reaches the terminal
                    err.println(Characters.printable(at(line) + (v.field().equals(CloudEventMapper.BODY) ? ""
                            : v.field() + ": ") + v.message()));
                }
            }
        }

        /** {@code FILE:LINE: }, as compilers print it, so that editors can jump to the line. */
        private String at(long line) {
            return file + ":" + line + ": ";
        }

        @Override
        public void duplicate(long line, String eventId, long firstLine) {
            err.println(at(line) + "warning: duplicate id " + eventId + " (first on line " + firstLine + ", same content"
                    + (dryRun ? "); the processor would count it once" : "); sent anyway, the processor counts it once"));
        }

        @Override
        public void failed(long line, String eventId, Throwable error) {
            int n = failures.incrementAndGet();
            if (n <= MAX_LISTED_FAILURES) {
                err.println(at(line) + CliSupport.kafkaError(error, bootstrap));
            } else if (n == MAX_LISTED_FAILURES + 1) {
                err.println("(further Kafka errors are not listed)");
            }
        }

        @Override
        public void progress(ImportSummary soFar) {
            err.println("... " + soFar.read() + " lines read: " + soFar.sent() + " sent, " + soFar.rejected()
                    + " rejected, " + soFar.failed() + " failed");
            err.flush();
        }
    }
}
