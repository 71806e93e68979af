package io.trajectory.app.bench;

import io.trajectory.app.UserError;
import io.trajectory.config.ConfigKey;
import io.trajectory.config.ConfigOptions;
import io.trajectory.config.TrajectoryConfig;
import io.trajectory.processor.TopologyConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./trajectory bench}: measures Trajectory against the raw Kafka limit of the same run (issue 4)
 * and writes {@code BENCHMARKS.md}. See {@link BenchRun} for the phases and {@link BenchReport} for the report.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmark Trajectory against the raw Kafka limit measured in the same run: produce and consume "
                + "limits, fold throughput with exactly_once_v2 (every person checked against the pure fold), the DSL "
                + "aggregate peer, reprocessing, rebuild from changelogs, query API throughput and latency, freshness and "
                + "state size. Prints the figures and writes BENCHMARKS.md.",
            "Runs against an embedded broker (fresh data directory, free ports) unless --bootstrap-servers is given."})
public final class BenchCommand implements Callable<Integer> {

    /** Store types accepted by {@code --store}. */
    enum Store {
        rocksdb(TopologyConfig.StoreType.ROCKSDB), in_memory(TopologyConfig.StoreType.IN_MEMORY);

        final TopologyConfig.StoreType type;

        Store(TopologyConfig.StoreType type) {
            this.type = type;
        }
    }

    static final class StoreConverter implements CommandLine.ITypeConverter<Store> {
        @Override
        public Store convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "rocksdb" -> Store.rocksdb;
                case "in-memory", "in_memory", "memory" -> throw new CommandLine.TypeConversionException(
                        "must be rocksdb: " + io.trajectory.config.TrajectoryConfig.IN_MEMORY_REFUSED);
                default -> throw new CommandLine.TypeConversionException("must be rocksdb, not '" + value + "'");
            };
        }
    }

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = "--events", paramLabel = "N", description = "Records written to career-events, re-sent copies included (default 1,000,000; 20,000 with --quick).")
    Integer events;
    @Option(names = "--people", paramLabel = "N", description = "People the events are about (default 100,000; 2,000 with --quick).")
    Integer people;
    @Option(names = "--partitions", paramLabel = "N", description = "Partitions of every topic (topics.partitions, default 6).")
    Integer partitions;
    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of the generated workload (default ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--late-percent", paramLabel = "P", defaultValue = "3", description = "Percent of records arriving after a later event of the same person (default ${DEFAULT-VALUE}).")
    double latePercent;
    @Option(names = "--duplicate-percent", paramLabel = "P", defaultValue = "0.5", description = "Percent of records re-sending an earlier event (default ${DEFAULT-VALUE}).")
    double duplicatePercent;
    @Option(names = "--store", paramLabel = "rocksdb|in-memory", converter = StoreConverter.class,
            description = "Stores of the processor (and of the peer): rocksdb (in-memory is refused: it deadlocks under queries).")
    Store store;
    @Option(names = "--threads", paramLabel = "N", description = "Kafka Streams stream threads (streams.threads, default 1).")
    Integer threads;
    @Option(names = "--commit-interval-ms", paramLabel = "MS", description = "Kafka Streams commit interval (streams.commit.interval.ms, default 100).")
    Integer commitIntervalMs;
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data of this run: embedded broker and Kafka Streams state; must be empty or absent (default a fresh data/bench-<time>); deleted afterwards unless --keep.")
    Path dataDir;
    @Option(names = "--keep", description = "Keep the data directory (and, on an external cluster, this run's topics) afterwards.")
    boolean keep;
    @Option(names = "--quick", description = "A smoke test that the benchmark works (about 20,000 events, 2,000 people, short load phases); its figures mean little.")
    boolean quick;
    @Option(names = "--connections", paramLabel = "N", description = "HTTP connections of the load generator (default 16; 8 with --quick).")
    Integer connections;
    @Option(names = "--load-seconds", paramLabel = "S", description = "Measured seconds of each HTTP load phase (default 15; 2 with --quick), after a warm-up of a third of it (at least 1 s).")
    Double loadSeconds;
    @Option(names = "--output", paramLabel = "FILE", description = "Where to write the report (default BENCHMARKS.md at the repository root).")
    Path output;
    @Option(names = "--no-output", description = "Print the report only; write no file.")
    boolean noOutput;
    @Option(names = "--jfr", paramLabel = "FILE", description = "Record the fold phase with Java Flight Recorder (profile settings) into FILE.")
    Path jfr;

    @Option(names = "--only", paramLabel = "fold", description = "Run only the phases up to the fold (limit, warm-up, fold with the state check) "
            + "and print a short summary instead of the report (writes no file): for iterating on the fold's speed.")
    String only;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path repoRoot = repoRoot();
        BenchSettings settings;
        TrajectoryConfig loaded;
        try {
            Map<String, String> shortcuts = new LinkedHashMap<>();
            if (partitions != null) {
                shortcuts.put(ConfigKey.TOPIC_PARTITIONS.key(), Integer.toString(partitions));
            }
            if (threads != null) {
                shortcuts.put(ConfigKey.STREAM_THREADS.key(), Integer.toString(threads));
            }
            if (commitIntervalMs != null) {
                shortcuts.put(ConfigKey.COMMIT_INTERVAL_MS.key(), Integer.toString(commitIntervalMs));
            }
            loaded = config.load(shortcuts);
            settings = settings(loaded);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        TrajectoryConfig runConfig = runConfig(loaded, settings);
        prepareDataDir(settings.dataDir());

        BenchResults results = new BenchRun(settings, runConfig, err).run(Machine.describe(repoRoot));
        if (settings.foldOnly()) {
            out.println();
            out.print(BenchReport.foldSummary(results));
            out.flush();
            return 0;
        }
        String report = BenchReport.markdown(results);
        out.println();
        out.print(report);
        out.flush();
        if (settings.output().isPresent()) {
            Path file = settings.output().get();
            Files.writeString(file, report, StandardCharsets.UTF_8);
            err.println("bench: report written to " + file.toAbsolutePath());
            err.flush();
        }
        return 0;
    }

    private BenchSettings settings(TrajectoryConfig loaded) {
        int n = events != null ? events : quick ? 20_000 : 1_000_000;
        int p = people != null ? people : quick ? 2_000 : 100_000;
        WorkloadSpec workload = new WorkloadSpec(n, p, seed, latePercent, duplicatePercent);
        double seconds = loadSeconds != null ? loadSeconds : quick ? 2 : 15;
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("--load-seconds must be positive, not " + seconds);
        }
        int conns = connections != null ? connections : quick ? 8 : 16;
        if (conns < 1 || conns > 1024) {
            throw new IllegalArgumentException("--connections must be from 1 to 1024, not " + conns);
        }
        if (only != null && !only.equals("fold")) {
            throw new IllegalArgumentException("--only accepts fold, not '" + only + "'");
        }
        if (only != null && output != null) {
            throw new IllegalArgumentException("--only fold writes no report; drop --output");
        }
        if (noOutput && output != null) {
            throw new IllegalArgumentException("--output and --no-output cannot be used together");
        }
        Path data = dataDir != null ? dataDir
                : Path.of("data", "bench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Optional<Path> report = noOutput || only != null ? Optional.empty()
                : Optional.of(output != null ? output : repoRoot().resolve("BENCHMARKS.md"));
        TopologyConfig.StoreType storeType = store != null ? store.type : TopologyConfig.StoreType.ROCKSDB;
        return new BenchSettings(workload, loaded.getInt(ConfigKey.TOPIC_PARTITIONS), storeType,
                loaded.getInt(ConfigKey.STREAM_THREADS), loaded.getInt(ConfigKey.COMMIT_INTERVAL_MS),
                loaded.get(ConfigKey.PROCESSING_GUARANTEE), quick, conns, Math.max(1, seconds / 3), seconds,
                quick ? 20 : 200, quick ? 100 : 1000, data, keep, report, Optional.ofNullable(jfr),
                only != null);
    }

    /**
     * The config of the run: free ports unless set explicitly, the run's data directory, and on an
     * external cluster topic names and an application id of its own, so nothing of anyone else is touched.
     */
    private static TrajectoryConfig runConfig(TrajectoryConfig loaded, BenchSettings settings) {
        TrajectoryConfig c = loaded.with(ConfigKey.DATA_DIR, settings.dataDir().toString());
        for (ConfigKey port : new ConfigKey[] {ConfigKey.BROKER_PORT, ConfigKey.BROKER_CONTROLLER_PORT, ConfigKey.HTTP_PORT}) {
            if (loaded.sourceOf(port).equals("default")) {
                c = c.with(port, "0");
            }
        }
        if (loaded.sourceOf(ConfigKey.HTTP_HOST).equals("default")) {
            c = c.with(ConfigKey.HTTP_HOST, "127.0.0.1");
        }
        if (!loaded.usesEmbeddedBroker()) {
            String prefix = "bench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".";
            for (ConfigKey topic : new ConfigKey[] {ConfigKey.TOPIC_CAREER_EVENTS, ConfigKey.TOPIC_DLQ,
                ConfigKey.TOPIC_PERSON_STATE, ConfigKey.TOPIC_STAGE_TRANSITIONS, ConfigKey.TOPIC_API_KEYS}) {
                c = c.with(topic, prefix + loaded.get(topic));
            }
            c = c.with(ConfigKey.APPLICATION_ID, prefix.replace('.', '-') + loaded.get(ConfigKey.APPLICATION_ID));
        }
        return c;
    }

    private static void prepareDataDir(Path dir) {
        try {
            if (Files.exists(dir)) {
                if (!Files.isDirectory(dir)) {
                    throw new UserError("--data-dir " + dir + " is not a directory");
                }
                try (var entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        throw new UserError("--data-dir " + dir + " is not empty; the benchmark needs a fresh directory");
                    }
                }
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserError("cannot create the data directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The repository root (where pom.xml and the launcher are), from where this class was loaded; else the working directory. */
    static Path repoRoot() {
        try {
            Path location = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = location; dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isRegularFile(dir.resolve("trajectory"))) {
                    return dir;
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through
        }
        return Path.of("").toAbsolutePath();
    }
}
