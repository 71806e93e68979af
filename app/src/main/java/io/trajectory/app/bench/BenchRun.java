package io.trajectory.app.bench;

import io.trajectory.api.ApiServer;
import io.trajectory.api.auth.ApiAuth;
import io.trajectory.api.auth.Role;
import io.trajectory.api.ApiSettings;
import io.trajectory.api.analytics.AnalyticsSettings;
import io.trajectory.api.streams.StreamsAnalyticsQueries;
import io.trajectory.api.streams.StreamsPersonQueries;
import io.trajectory.app.DeferredQueries;
import io.trajectory.broker.BrokerSettings;
import io.trajectory.broker.EmbeddedKafkaBroker;
import io.trajectory.config.ConfigKey;
import io.trajectory.config.TrajectoryConfig;
import io.trajectory.ladder.Ladder;
import io.trajectory.ladder.LadderLoader;
import io.trajectory.processor.ProcessorApp;
import io.trajectory.processor.TopologyConfig;
import io.trajectory.processor.TrajectoryTopology;
import io.trajectory.producer.CareerEventProducer;
import io.trajectory.producer.cloudevents.CloudEventMapper;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.PersonLedger;
import io.trajectory.state.PersonState;
import io.trajectory.topics.Stores;
import io.trajectory.topics.Topic;
import io.trajectory.topics.TopicProvisioner;
import io.trajectory.topics.Topics;
import io.trajectory.validation.EventValidator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;

/**
 * One benchmark run, phase by phase, against one broker: generate the workload; write it with a
 * tuned producer (the produce limit) and read it back with a plain consumer (the consume limit);
 * fold it with Trajectory's topology and check every person; the same with the peer (a DSL
 * aggregate); reprocess it under a new application id; rebuild a fresh instance from the
 * changelogs, check it again, and serve the API from it for the HTTP load and the freshness probes.
 * Everything it starts is closed at the end, whatever happened.
 */
final class BenchRun {

    private static final String PEER_OUTPUT = "bench-peer-person-state";
    private static final String WARM_UP_PREFIX = "bench-warmup.";

    private final BenchSettings settings;
    private final TrajectoryConfig config;
    private final PrintWriter log;
    private final Ladder ladder = LadderLoader.defaultLadder();
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private final BenchResults results = new BenchResults();
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private String bootstrap;
    /** The admin key the load generator and the freshness probe send (issued by the rebuilt instance's API). */
    private String apiKey;
    private ClusterProbe probe;
    private Topics topics;
    private Workload workload;
    private Map<TopicPartition, Long> inputEnds;
    private Duration phaseTimeout;

    /**
     * @param config the loaded config with the run's flags applied (partitions, threads, commit interval, topic
     *               names, application id); a blank {@code bootstrap.servers} starts the embedded broker
     */
    BenchRun(BenchSettings settings, TrajectoryConfig config, PrintWriter log) {
        this.settings = settings;
        this.config = config;
        this.log = log;
    }

    BenchResults run(Machine machine) throws Exception {
        results.settings = settings;
        results.machine = machine;
        results.startedAt = Instant.now();
        results.loadBefore = Machine.loadAverage();
        long t0 = System.nanoTime();
        try {
            generate();
            connect();
            measureLimit();
            warmUp();
            fold();
            if (!settings.foldOnly()) {
                peer();
                reprocess();
                rebuildAndServe();
            }
        } finally {
            closeAll();
        }
        results.loadAfter = Machine.loadAverage();
        results.totalSeconds = (System.nanoTime() - t0) / 1e9;
        return results;
    }

    private void progress(String format, Object... args) {
        log.printf("bench: " + format + "%n", args);
        log.flush();
    }

    // ---------------------------------------------------------------------------------------- phases

    private void generate() {
        WorkloadSpec spec = settings.workload();
        progress("generating %,d events for %,d people (seed %d, %.1f %% late, %.1f %% re-sent)...", spec.events(),
                spec.people(), spec.seed(), spec.latePercent(), spec.duplicatePercent());
        long t0 = System.nanoTime();
        workload = WorkloadGenerator.generate(spec, ladder);
        results.generationSeconds = (System.nanoTime() - t0) / 1e9;
        results.events = workload.size();
        results.people = workload.people();
        results.late = workload.late();
        results.duplicates = workload.duplicates();
        results.workloadBytes = workload.bytes();
        results.typeCounts = workload.typeCounts();
        phaseTimeout = Duration.ofSeconds(Math.max(180, workload.size() / 1_000));
        progress("generated in %.1f s: %,d records, %s, %,d late, %,d re-sent", results.generationSeconds,
                workload.size(), Stats.bytes(workload.bytes()), workload.late(), workload.duplicates());
    }

    private void connect() {
        Duration readyTimeout = Duration.ofSeconds(config.getInt(ConfigKey.READY_TIMEOUT_SECONDS));
        results.embeddedBroker = config.usesEmbeddedBroker();
        if (results.embeddedBroker) {
            BrokerSettings broker = new BrokerSettings(settings.dataDir().resolve("kafka"),
                    config.get(ConfigKey.BROKER_HOST), config.getInt(ConfigKey.BROKER_PORT),
                    config.getInt(ConfigKey.BROKER_CONTROLLER_PORT), Map.of());
            progress("starting the embedded Kafka broker (data in %s)...", broker.dataDir());
            EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(broker, readyTimeout);
            toClose.push(kafka);
            bootstrap = kafka.bootstrapServers();
        } else {
            bootstrap = config.get(ConfigKey.BOOTSTRAP_SERVERS);
        }
        results.bootstrapServers = bootstrap;
        results.applicationId = config.get(ConfigKey.APPLICATION_ID);
        results.kafkaOverrides = config.kafkaOverrides();
        Map<String, Object> adminProps = config.kafkaClientProperties(bootstrap);
        Admin admin = Admin.create(adminProps);
        toClose.push(admin);
        probe = new ClusterProbe(admin);
        topics = Topics.from(config);
        List<Topic<?, ?>> create = new ArrayList<>(topics.toCreate());
        create.add(new Topic<>(peerOutput(), Serdes.String(), Serdes.ByteArray(), topics.personState().partitions(),
                topics.personState().replicationFactor(),
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        TopicProvisioner.ensure(admin, create, readyTimeout.toMillis());
        Map<TopicPartition, Long> ends = probe.endOffsets(topics.careerEvents().name());
        if (ends.values().stream().anyMatch(end -> end > 0)) {
            throw new IllegalStateException("topic " + topics.careerEvents().name() + " on " + bootstrap
                    + " already holds records; the benchmark needs an empty one (a fresh --data-dir, or other topic names)");
        }
    }

    private String peerOutput() {
        String prefix = config.get(ConfigKey.TOPIC_CAREER_EVENTS).replaceAll("career-events$", "");
        return prefix + PEER_OUTPUT;
    }

    private void measureLimit() {
        String topic = topics.careerEvents().name();
        progress("writing the workload with a tuned producer (the produce limit)...");
        CpuMeter cpu = CpuMeter.start();
        results.produce = RawKafka.produce(workload, topic, bootstrap, config.kafkaOverrides());
        results.produceCpu = cpu.stop();
        inputEnds = probe.endOffsets(topic);
        long written = inputEnds.values().stream().mapToLong(Long::longValue).sum();
        if (written != workload.size()) {
            throw new IllegalStateException("wrote " + workload.size() + " records but " + topic + " holds " + written);
        }
        progress("produce: %s in %s", Stats.rate(results.produce.perSecond()), Stats.seconds(results.produce.seconds()));
        for (int run = 0; run < 2; run++) {
            CpuMeter consumeCpu = CpuMeter.start();
            Rate rate = RawKafka.consume(topic, workload.size(), bootstrap, config.kafkaOverrides(), phaseTimeout);
            CpuMeter.Usage usage = consumeCpu.stop();
            if (results.consumes.stream().allMatch(r -> r.perSecond() < rate.perSecond())) {
                results.consumeCpu = usage;
            }
            results.consumes.add(rate);
            progress("consume (run %d): %s", run + 1, Stats.rate(rate.perSecond()));
        }
    }

    /**
     * Runs Trajectory's topology once over the first records of the workload, on topics of its own and
     * under an application id of its own, unmeasured: the JIT then has compiled Kafka Streams, Avro and
     * the fold before the fold is timed, as the reprocessing that comes later finds them.
     */
    private void warmUp() throws Exception {
        int count = Math.min(workload.size(), Math.max(1_000, Math.min(50_000, workload.size() / 20)));
        TrajectoryConfig warm = config;
        for (ConfigKey topic : new ConfigKey[] {ConfigKey.TOPIC_CAREER_EVENTS, ConfigKey.TOPIC_DLQ,
            ConfigKey.TOPIC_PERSON_STATE, ConfigKey.TOPIC_STAGE_TRANSITIONS, ConfigKey.TOPIC_API_KEYS}) {
            warm = warm.with(topic, WARM_UP_PREFIX + config.get(topic));
        }
        Topics warmTopics = Topics.from(warm);
        TopicProvisioner.ensure(probe.admin(), warmTopics.toCreate(), phaseTimeout.toMillis());
        progress("warm-up: folding the first %,d records on topics of their own (not measured)...", count);
        RawKafka.produce(workload, count, warmTopics.careerEvents().name(), bootstrap, config.kafkaOverrides());
        Map<TopicPartition, Long> ends = probe.endOffsets(warmTopics.careerEvents().name());
        String appId = results.applicationId + "-warmup";
        Properties props = ProcessorApp.streamsProperties(warm.with(ConfigKey.APPLICATION_ID, appId)
                .with(ConfigKey.STATE_DIR, settings.dataDir().resolve("streams-warmup").toAbsolutePath().toString()),
                bootstrap, 0);
        long t0 = System.nanoTime();
        try (ProcessorApp app = ProcessorApp.create(TrajectoryTopology.build(
                new TopologyConfig(warmTopics, ladder, settings.store(), config.getInt(ConfigKey.LEDGER_CACHE_BYTES))), props)) {
            app.start();
            probe.awaitCaughtUp(appId, ends, phaseTimeout, () -> app.state() == KafkaStreams.State.ERROR
                    || app.state() == KafkaStreams.State.NOT_RUNNING ? "warm-up: Kafka Streams stopped (" + app.state() + ")" : null);
        }
        results.warmUpRecords = count;
        results.warmUpSeconds = (System.nanoTime() - t0) / 1e9;
    }

    private TopologyConfig topologyConfig() {
        return new TopologyConfig(topics, ladder, settings.store(), config.getInt(ConfigKey.LEDGER_CACHE_BYTES));
    }

    private Properties streamsProperties(String applicationId, String stateDirName, int httpPort) {
        TrajectoryConfig c = config.with(ConfigKey.APPLICATION_ID, applicationId)
                .with(ConfigKey.STATE_DIR, settings.dataDir().resolve(stateDirName).toAbsolutePath().toString());
        return ProcessorApp.streamsProperties(c, bootstrap, httpPort);
    }

    private void fold() throws Exception {
        String appId = results.applicationId;
        progress("fold: Trajectory's topology (%s store, %d thread(s), commit %d ms, %s)...", settings.storeName(),
                settings.threads(), settings.commitIntervalMs(), settings.guarantee());
        Recording jfr = settings.jfr().map(BenchRun::startRecording).orElse(null);
        ProcessorApp app = ProcessorApp.create(TrajectoryTopology.build(topologyConfig()),
                streamsProperties(appId, "streams-fold", 0));
        try {
            results.fold = runToEnd("Trajectory fold", appId, app, jfr, () -> StateCheck.check(app.streams(),
                    Stores.PERSON_LEDGER, settings.partitions(), PersonLedger::getState,
                    (PersonLedger l) -> Codecs.personLedger().encode(l), workload, ladder, phaseTimeout));
        } finally {
            app.close();
        }
        ClusterProbe.TopicSnapshot now = probe.snapshot();
        long changelogBytes = 0;
        long changelogRecords = 0;
        for (String topic : changelogs(appId)) {
            changelogBytes += now.bytes().getOrDefault(topic, 0L);
            changelogRecords += now.records().getOrDefault(topic, 0L);
        }
        results.size = new BenchResults.SizeResult(directorySize(settings.dataDir().resolve("streams-fold")),
                changelogBytes, changelogRecords, results.fold.check().storedBytes(), workload.bytes(), workload.people());
        progress("fold: %s (%s of raw consume), %,d wrong states", Stats.rate(results.fold.rate().perSecond()),
                Stats.ratio(Stats.ratio(results.fold.rate().perSecond(), results.rawConsume())), results.fold.check().wrong());
    }

    /** The changelog topics of Trajectory's stores under an application id. */
    private static List<String> changelogs(String applicationId) {
        return List.of(applicationId + "-" + Stores.PERSON_LEDGER + "-changelog",
                applicationId + "-" + Stores.PEOPLE_INDEX + "-changelog");
    }

    private void peer() throws Exception {
        String appId = results.applicationId + "-peer";
        progress("peer: a DSL groupByKey().aggregate() of PersonFold.apply in arrival order...");
        Topology topology = PeerTopology.build(topics.careerEvents().name(), peerOutput(), ladder, settings.store());
        ProcessorApp app = ProcessorApp.create(topology, streamsProperties(appId, "streams-peer", 0));
        try {
            results.peer = runToEnd("DSL aggregate (peer)", appId, app, null, () -> StateCheck.check(app.streams(),
                    PeerTopology.STORE, settings.partitions(), (PersonState s) -> s,
                    (PersonState s) -> Codecs.personState().encode(s), workload, ladder, phaseTimeout));
        } finally {
            app.close();
        }
        progress("peer: %s, %,d wrong states", Stats.rate(results.peer.rate().perSecond()), results.peer.check().wrong());
    }

    private void reprocess() throws Exception {
        String appId = results.applicationId + "-reprocess";
        progress("reprocess: the whole log from scratch under a new application id...");
        ProcessorApp app = ProcessorApp.create(TrajectoryTopology.build(topologyConfig()),
                streamsProperties(appId, "streams-reprocess", 0));
        try {
            results.reprocess = runToEnd("reprocess (new application id)", appId, app, null,
                    () -> StateCheck.check(app.streams(), Stores.PERSON_LEDGER, settings.partitions(),
                            PersonLedger::getState, (PersonLedger l) -> Codecs.personLedger().encode(l), workload,
                            ladder, phaseTimeout));
        } finally {
            app.close();
        }
        progress("reprocess: %s in %s", Stats.rate(results.reprocess.rate().perSecond()),
                Stats.seconds(results.reprocess.rate().seconds()));
    }

    @FunctionalInterface
    private interface Check {
        StateCheck.Result run() throws InterruptedException;
    }

    /** Starts the app, waits until its group committed every input offset, then checks its states. */
    private BenchResults.StreamsRun runToEnd(String name, String appId, ProcessorApp app, Recording jfr, Check check)
            throws Exception {
        ClusterProbe.TopicSnapshot before = probe.snapshot();
        AtomicLong runningAt = new AtomicLong();
        CpuMeter cpu = CpuMeter.start();
        long t0 = System.nanoTime();
        app.start();
        probe.awaitCaughtUp(appId, inputEnds, phaseTimeout, () -> {
            KafkaStreams.State state = app.state();
            if (state == KafkaStreams.State.RUNNING) {
                runningAt.compareAndSet(0, System.nanoTime());
            }
            return state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
                    || state == KafkaStreams.State.NOT_RUNNING
                    ? name + ": Kafka Streams stopped (" + state + "); see the log" : null;
        });
        long t1 = System.nanoTime();
        CpuMeter.Usage usage = cpu.stop();
        if (settings.foldOnly()) {
            results.foldStreamThreadAllocatedBytes = CpuMeter.streamThreadAllocatedBytes();
        }
        if (jfr != null) {
            jfr.stop();
            jfr.close();
            results.jfrFile = settings.jfr().get().toAbsolutePath().toString();
            progress("JFR recording of the fold written to %s", results.jfrFile);
        }
        ClusterProbe.TopicSnapshot written = probe.snapshot().minus(before);
        progress("%s: caught up in %s; checking every person's state...", name, Stats.seconds((t1 - t0) / 1e9));
        StateCheck.Result result = check.run();
        double toRunning = runningAt.get() == 0 ? Double.NaN : (runningAt.get() - t0) / 1e9;
        return new BenchResults.StreamsRun(name, appId, new Rate(workload.size(), t1 - t0), toRunning, usage, written, result);
    }

    private static Recording startRecording(Path file) {
        try {
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            recording.setName("trajectory-bench-fold");
            recording.setDestination(file);
            recording.start();
            return recording;
        } catch (IOException | java.text.ParseException e) {
            throw new IllegalStateException("cannot start the JFR recording to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Restore listener: counts changelog partitions restored and records. */
    private static final class RestoreCounter implements StateRestoreListener {
        final AtomicLong started = new AtomicLong();
        final AtomicLong ended = new AtomicLong();
        final AtomicLong restored = new AtomicLong();

        @Override
        public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
            started.incrementAndGet();
        }

        @Override
        public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        }

        @Override
        public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
            restored.addAndGet(totalRestored);
            ended.incrementAndGet();
        }
    }

    private void rebuildAndServe() throws Exception {
        progress("rebuild: a fresh instance (new state directory, application id %s) restores from the changelogs...",
                results.applicationId);
        CareerEventProducer producer = CareerEventProducer.create(bootstrap, topics, new EventValidator(ladder),
                config.kafkaOverrides());
        toClose.push(producer);
        DeferredQueries deferred = new DeferredQueries();
        // keys in this process only: the load generator and the probe use one admin key (authentication is measured too)
        ApiAuth auth = ApiAuth.inMemory(Clock.systemUTC());
        apiKey = auth.keys().issue(Role.ADMIN, Optional.empty(), Optional.of("bench")).token();
        io.trajectory.api.metrics.ApiMetrics metrics = io.trajectory.api.metrics.ApiMetrics.create();
        toClose.push(metrics);
        ApiServer api = ApiServer.start(ApiSettings.from(config), deferred, deferred, AnalyticsSettings.from(config), producer,
                new CloudEventMapper(new EventValidator(ladder), Clock.systemUTC()), deferred, ladder, metrics, auth);
        ProcessorApp app;
        try {
            app = ProcessorApp.create(TrajectoryTopology.build(topologyConfig()),
                    streamsProperties(results.applicationId, "streams-rebuild", api.port()));
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
        // closed in reverse: the API stops before the processor it queries
        toClose.push(app);
        toClose.push(api);
        RestoreCounter restore = new RestoreCounter();
        app.streams().setGlobalStateRestoreListener(restore);
        deferred.bind(new StreamsPersonQueries(app.streams()), new StreamsAnalyticsQueries(app.streams()));

        ClusterProbe.TopicSnapshot topicsNow = probe.snapshot();
        long changelogRecords = 0;
        long changelogBytes = 0;
        for (String topic : changelogs(results.applicationId)) {
            changelogRecords += topicsNow.records().getOrDefault(topic, 0L);
            changelogBytes += topicsNow.bytes().getOrDefault(topic, 0L);
        }
        CpuMeter cpu = CpuMeter.start();
        long t0 = System.nanoTime();
        app.start();
        long deadline = t0 + phaseTimeout.toNanos();
        while (!(app.state() == KafkaStreams.State.RUNNING && restore.ended.get() == restore.started.get()
                && allActive(app.streams(), Stores.PERSON_LEDGER) && allActive(app.streams(), Stores.PEOPLE_INDEX))) {
            KafkaStreams.State state = app.state();
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("rebuild: Kafka Streams stopped (" + state + "); see the log");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("rebuild: not restored within " + phaseTimeout.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        long t1 = System.nanoTime();
        CpuMeter.Usage usage = cpu.stop();
        if (settings.foldOnly()) {
            results.foldStreamThreadAllocatedBytes = CpuMeter.streamThreadAllocatedBytes();
        }
        progress("rebuild: restored %,d records in %s; checking every person's state...", restore.restored.get(),
                Stats.seconds((t1 - t0) / 1e9));
        StateCheck.Result check = StateCheck.check(app.streams(), Stores.PERSON_LEDGER, settings.partitions(),
                PersonLedger::getState, (PersonLedger l) -> Codecs.personLedger().encode(l), workload, ladder, phaseTimeout);
        results.rebuild = new BenchResults.RebuildResult((t1 - t0) / 1e9, restore.restored.get(), changelogRecords,
                changelogBytes, usage, check);

        serve(api.port());
    }

    /** True when every partition of the store answers an active query (restored, not moving). */
    private boolean allActive(KafkaStreams streams, String store) {
        StateQueryResult<Object> result = streams.query(StateQueryRequest.inStore(store)
                .withQuery(KeyQuery.<String, Object>withKey("__bench_restore_probe__")).requireActive());
        Map<Integer, QueryResult<Object>> partitions = result.getPartitionResults();
        return partitions.size() == settings.partitions() && partitions.values().stream().allMatch(QueryResult::isSuccess);
    }

    /** The analytics queries measured: one transition by department, and the funnel now. */
    static final String VELOCITY_PATH = "/api/v1/analytics/promotion-velocity?transition=JUNIOR-ADVANCING&groupBy=department";
    static final String DISTRIBUTION_PATH = "/api/v1/analytics/stage-distribution";
    /** Every analytics answer scans every partition's buckets: two callers keep the server busy, not queued. */
    static final int ANALYTICS_CONNECTIONS = 2;

    private void serve(int port) throws Exception {
        int people = workload.people();
        int connections = settings.connections();
        double warmup = settings.warmupSeconds();
        double seconds = settings.loadSeconds();
        String personPath = "/api/v1/people/{person}";

        progress("API: GET /health, closed loop, %d connections, %.0f s + %.0f s warm-up (load from a separate JVM)...",
                connections, seconds, warmup);
        CpuMeter healthCpu = CpuMeter.start();
        LoadRun.Result health = LoadRun.start(port, "/health", 1, connections, warmup, seconds, 0, apiKey).await();
        CpuMeter.Usage healthUsage = healthCpu.stop();
        progress("API: /health %s, p99 %s", Stats.rate(health.throughput()), Stats.millis(health.millisAt(99)));

        progress("API: GET /api/v1/people/{id}, closed loop...");
        CpuMeter personCpu = CpuMeter.start();
        LoadRun.Result person = LoadRun.start(port, personPath, people, connections, warmup, seconds, 0, apiKey).await();
        CpuMeter.Usage personUsage = personCpu.stop();
        progress("API: person %s, p99 %s", Stats.rate(person.throughput()), Stats.millis(person.millisAt(99)));

        double half = Math.max(1, person.throughput() / 2);
        progress("API: GET /api/v1/people/{id}, open loop at %s (half the saturation rate)...", Stats.rate(half));
        CpuMeter halfCpu = CpuMeter.start();
        LoadRun.Result atHalf = LoadRun.start(port, personPath, people, connections, warmup, seconds, half, apiKey).await();
        CpuMeter.Usage halfUsage = halfCpu.stop();
        progress("API: at half rate p50 %s, p99 %s, p99.9 %s", Stats.millis(atHalf.millisAt(50)),
                Stats.millis(atHalf.millisAt(99)), Stats.millis(atHalf.millisAt(99.9)));
        results.api = new BenchResults.ApiResult(health, healthUsage, person, personUsage, half, atHalf, halfUsage,
                connections);

        progress("API: analytics (promotion velocity, stage distribution), closed loop, %d connections...",
                ANALYTICS_CONNECTIONS);
        LoadRun.Result velocity = LoadRun.start(port, VELOCITY_PATH, people, ANALYTICS_CONNECTIONS, Math.min(warmup, 2),
                seconds, 0, apiKey).await();
        LoadRun.Result distribution = LoadRun.start(port, DISTRIBUTION_PATH, people, ANALYTICS_CONNECTIONS,
                Math.min(warmup, 2), seconds, 0, apiKey).await();
        results.analytics = new BenchResults.AnalyticsResult(velocity, distribution, ANALYTICS_CONNECTIONS);
        progress("API: velocity p50 %s, p99 %s; distribution p50 %s, p99 %s", Stats.millis(velocity.millisAt(50)),
                Stats.millis(velocity.millisAt(99)), Stats.millis(distribution.millisAt(50)),
                Stats.millis(distribution.millisAt(99)));

        progress("freshness: %d probes (POST, then GET until visible) under background load (%s reads, %d writes/s)...",
                settings.freshnessProbes(), Stats.rate(half), settings.backgroundWrites());
        double backgroundSeconds = Math.max(60, settings.freshnessProbes() * 2.0);
        LoadRun background = LoadRun.start(port, personPath, people, connections, 0, backgroundSeconds, half, apiKey);
        FreshnessProbe.Result fresh;
        long writes;
        try (BackgroundWriter writer = new BackgroundWriter(bootstrap, config.kafkaOverrides(),
                topics.careerEvents().name(), people, settings.backgroundWrites(), settings.workload().seed()).start()) {
            TimeUnit.MILLISECONDS.sleep(500); // let the background load settle
            fresh = new FreshnessProbe(port, people, runId, apiKey).run(settings.freshnessProbes(), 4, settings.workload().seed());
            writes = writer.sent();
        } finally {
            background.stopEarly();
        }
        LoadRun.Result backgroundReads = background.await();
        results.freshness = new BenchResults.FreshnessResult(fresh.nanos(), settings.freshnessProbes(), fresh.notVisible(),
                FreshnessProbe.POLL_MILLIS, backgroundReads, half, writes, settings.backgroundWrites());
        progress("freshness: p50 %s, p99 %s (%d not visible)", Stats.millis(Stats.millisAt(fresh.nanos(), 50)),
                Stats.millis(Stats.millisAt(fresh.nanos(), 99)), fresh.notVisible());
    }

    // ---------------------------------------------------------------------------------------- cleanup

    private void closeAll() {
        while (!toClose.isEmpty()) {
            AutoCloseable c = toClose.pop();
            try {
                if (c instanceof Admin admin && !settings.keep() && !results.embeddedBroker) {
                    deleteRunTopics(admin);
                }
                c.close();
            } catch (Exception e) {
                log.println("bench: warning: closing " + c.getClass().getSimpleName() + " failed: " + e.getMessage());
            }
        }
        if (!settings.keep()) {
            deleteDirectory(settings.dataDir());
        }
        log.flush();
    }

    /** On an external cluster: the topics this run created (inputs, outputs, internal topics of its apps) and its groups. */
    private void deleteRunTopics(Admin admin) {
        try {
            Set<String> all = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            String app = results.applicationId;
            Set<String> named = new java.util.HashSet<>();
            for (Topic<?, ?> topic : topics.toCreate()) {
                named.add(topic.name());
                named.add(WARM_UP_PREFIX + topic.name());
            }
            named.add(peerOutput());
            List<String> mine = all.stream()
                    .filter(t -> named.contains(t) || (app != null && t.startsWith(app + "-"))).toList();
            admin.deleteTopics(mine).all().get(60, TimeUnit.SECONDS);
            if (app != null) {
                List<String> groups = List.of(app, app + "-warmup", app + "-peer", app + "-reprocess");
                admin.deleteConsumerGroups(groups).all().get(60, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            log.println("bench: warning: could not delete this run's topics and groups: " + e.getMessage());
        }
    }

    static long directorySize(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    static void deleteDirectory(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }
}
