package io.trajectory.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trajectory.app.bench.Workload;
import io.trajectory.app.bench.WorkloadGenerator;
import io.trajectory.app.bench.WorkloadSpec;
import io.trajectory.broker.EmbeddedKafkaCluster;
import io.trajectory.ladder.Ladder;
import io.trajectory.ladder.LadderLoader;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.PersonState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety on a real 3-node Kafka cluster (replication factor 3, min.insync.replicas 2), with the app in a
 * JVM of its own: events stream in while (1) the app is killed with SIGKILL at random moments and restarted,
 * (2) a broker is stopped mid-stream. Afterwards every person's state and every stage transition the app
 * published (read_committed) is compared with the pure fold of the events in career-events
 * ({@link ExactlyOnceCheck}): nothing lost, nothing duplicated.
 */
@Tag("integration")
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class CrashSafetyIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY = Duration.ofSeconds(120);
    private static final Duration CATCH_UP = Duration.ofSeconds(120);
    private static final int PARTITIONS = 6;
    /** The app's processing guarantee: exactly_once_v2, or the negative control's at_least_once. */
    private static final String GUARANTEE = System.getProperty("crash.processing.guarantee", "exactly_once_v2");

    @TempDir
    static Path dir;

    static EmbeddedKafkaCluster kafka;
    static Ladder ladder;

    @BeforeAll
    static void startCluster() {
        kafka = EmbeddedKafkaCluster.start(3, dir.resolve("kafka"), Duration.ofSeconds(90));
        ladder = LadderLoader.defaultLadder();
    }

    @AfterAll
    static void stopCluster() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldLoseAndDuplicateNothingWhenTheAppIsKilledRepeatedlyMidStream() throws Exception {
        long seed = 20261126L;
        Workload workload = WorkloadGenerator.generate(new WorkloadSpec(9_000, 1_200, seed, 5, 3), ladder);
        Scenario s = new Scenario("kill", workload);
        Random random = new Random(seed);
        int kills = 3;
        // one kill (at random) hits an instance still starting (restoring its stores, rebalancing), the others
        // one processing events; every kill is at a random moment
        int killWhileStarting = 1 + random.nextInt(kills);
        String adminKey = s.issueAdminKey();

        ChildApp app = s.startApp(killWhileStarting != 1);
        try {
            try (Feeder feeder = Feeder.start(kafka.bootstrapServers(), s.topics.careerEvents(), workload, 250)) {
                for (int k = 1; k <= kills; k++) {
                    boolean starting = k == killWhileStarting;
                    if (!starting) {
                        // processing for sure: it has committed progress since it became ready
                        s.awaitProgress(Duration.ofSeconds(60));
                    }
                    long delayMillis = starting ? 2_000 + random.nextInt(4_000) : 200 + random.nextInt(2_000);
                    TimeUnit.MILLISECONDS.sleep(delayMillis);
                    long written = feeder.acked();
                    long processed = s.processed();
                    boolean wasReady = app.isReady();
                    app.kill();
                    System.out.printf("CRASH-SAFETY kill %d: SIGKILL %.1f s after the instance %s; %d events written,"
                                    + " %s%n", k, delayMillis / 1000.0,
                            !starting ? "committed progress (processing events)"
                                    : wasReady ? "was launched (already ready)" : "was launched (still starting, not ready)",
                            written, processed >= 0 ? processed + " processed and committed"
                                    : "processed: unknown (offsets not stable: a transaction was open)");
                    app = s.startApp(k + 1 != killWhileStarting);
                }
                feeder.awaitDone(Duration.ofSeconds(120));
            }
            app.awaitReady(READY);
            s.awaitProcessed(workload.size());
            assertThat(app.isAlive()).isTrue();
            ExactlyOnceCheck.Result result = s.check();
            s.print("CRASH-SAFETY", result, "kills=" + kills + " restarts=" + kills);
            s.assertClean(result);
            s.assertApiAgrees(workload, app.awaitReady(READY), adminKey);
        } finally {
            app.stop();
        }
        s.assertReplicated();
    }

    @Test
    void shouldKeepProcessingAndLoseNothingWhenABrokerStopsMidStream() throws Exception {
        long seed = 77L;
        Workload workload = WorkloadGenerator.generate(new WorkloadSpec(4_000, 600, seed, 5, 3), ladder);
        Scenario s = new Scenario("broker", workload);

        ChildApp app = s.startApp(true);
        int stopped = -1;
        long processedAtStop = -1;
        try {
            try (Feeder feeder = Feeder.start(kafka.bootstrapServers(), s.topics.careerEvents(), workload, 300)) {
                feeder.awaitAcked(workload.size() / 3, Duration.ofSeconds(60));
                // the harshest node to lose: the active controller (it also leads partitions of every topic)
                stopped = activeController();
                long written = feeder.acked();
                processedAtStop = s.processed();
                kafka.stopNode(stopped);
                System.out.printf("BROKER-FAILURE stopped node %d (the active controller) with %d events written, %s%n",
                        kafka.nodeId(stopped), written, processedAtStop >= 0 ? processedAtStop + " processed"
                                : "processed: unknown (offsets not stable: a transaction was open)");
                feeder.awaitDone(Duration.ofSeconds(120));
            }
            // everything is processed and checked with the node still down
            s.awaitProcessed(workload.size());
            System.out.printf("BROKER-FAILURE all %d events processed, %s with node %d down%n", workload.size(),
                    processedAtStop >= 0 ? (workload.size() - processedAtStop) + " of them" : "most of them",
                    kafka.nodeId(stopped));
            ExactlyOnceCheck.Result result = s.check();
            s.print("BROKER-FAILURE", result, "brokers=3 stopped=1 restarted-before-check=no");
            s.assertClean(result);
            assertThat(app.isAlive()).as("the app kept running").isTrue();
        } finally {
            app.stop();
            if (stopped >= 0 && !kafka.isRunning(stopped)) {
                kafka.restartNode(stopped);
            }
        }
        // afterwards it is restarted and catches up on everything it missed
        kafka.awaitFullyReplicated(Duration.ofSeconds(90));
        s.assertReplicated();
    }

    // ---------------------------------------------------------------------------------------------------

    /** One app (its own application id, topics and data directory) on the shared cluster. */
    private static final class Scenario {
        final String name;
        final Workload workload;
        final ExactlyOnceCheck.AppTopics topics;
        int starts;

        Scenario(String name, Workload workload) {
            this.name = name;
            this.workload = workload;
            this.topics = ExactlyOnceCheck.AppTopics.prefixed(name);
            logs().toFile().mkdirs();
            java.io.File[] old = logs().toFile().listFiles();
            for (java.io.File f : old == null ? new java.io.File[0] : old) {
                f.delete();
            }
        }

        Path logs() {
            return Path.of("target", "crash-safety-logs", name);
        }

        /** An admin API key, issued the way an operator does: {@code ./trajectory keys issue --role admin}. */
        String issueAdminKey() {
            java.io.StringWriter out = new java.io.StringWriter();
            java.io.StringWriter err = new java.io.StringWriter();
            picocli.CommandLine cli = TrajectoryMain.commandLine();
            cli.setOut(new java.io.PrintWriter(out));
            cli.setErr(new java.io.PrintWriter(err));
            int rc = cli.execute("keys", "issue", "--role", "admin", "--label", "CrashSafetyIT " + name,
                    "--bootstrap-servers", kafka.bootstrapServers(),
                    "--set", "topics.replication.factor=3", "--set", "topics.min.insync.replicas=2");
            assertThat(rc).as("keys issue: %s", err).isZero();
            return out.toString().strip();
        }

        /** Launches an instance; with {@code awaitReady}, waits until it serves (Kafka Streams RUNNING). */
        ChildApp startApp(boolean awaitReady) throws InterruptedException {
            starts++;
            List<String> args = new ArrayList<>(List.of("run",
                    "--bootstrap-servers", kafka.bootstrapServers(),
                    "--data-dir", dir.resolve(name).toString(),
                    "--http-port", "0",
                    "--set", "application.id=" + name,
                    "--set", "topics.partitions=" + PARTITIONS,
                    "--set", "topics.replication.factor=3",
                    "--set", "topics.min.insync.replicas=2",
                    // a killed instance never leaves the group: its replacement waits for the session to expire
                    "--set", "kafka.session.timeout.ms=6000",
                    "--set", "kafka.heartbeat.interval.ms=1500",
                    // the negative control: -Dcrash.processing.guarantee=at_least_once must make this test fail
                    "--set", "processing.guarantee=" + GUARANTEE));
            args.addAll(topics.settings());
            // at_least_once is refused by the config unless the internal test-only switch is set in the app's JVM
            List<String> jvmOptions = GUARANTEE.equals("exactly_once_v2") ? List.of()
                    : List.of("-D" + io.trajectory.config.TrajectoryConfig.INTERNAL_ALLOW_AT_LEAST_ONCE + "=true");
            // kept after the run (the temporary directory is not) for whoever wants to see what each instance did
            ChildApp app = ChildApp.start(logs().resolve("app-" + starts + ".log"), jvmOptions, args);
            if (awaitReady) {
                app.awaitReady(READY);
                System.out.printf("%s: instance %d ready in %.1f s%n", name, starts, app.uptimeSeconds());
            }
            return app;
        }

        /**
         * Career events the app has processed and committed (its group's committed offsets, stable only), or -1
         * while that is unknown (no commit yet, or a partition with a transaction still open).
         */
        long processed() throws Exception {
            try (Admin admin = admin()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                                Map.of(name, new ListConsumerGroupOffsetsSpec()),
                                new ListConsumerGroupOffsetsOptions().requireStable(true))
                        .partitionsToOffsetAndMetadata(name).get(30, TimeUnit.SECONDS);
                List<Long> offsets = committed.entrySet().stream()
                        .filter(e -> e.getKey().topic().equals(topics.careerEvents()) && e.getValue() != null)
                        .map(e -> e.getValue().offset()).toList();
                // a partition whose offsets are not stable (a transaction is open) is left out of the answer
                return offsets.size() < PARTITIONS ? -1 : offsets.stream().mapToLong(Long::longValue).sum();
            } catch (ExecutionException e) {
                return -1; // e.g. offsets not stable yet while a killed instance's transaction is being aborted
            }
        }

        /** Waits until the app commits progress beyond what it had committed when this is called. */
        void awaitProgress(Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            long before = processed();
            while (before < 0 && System.nanoTime() < deadline) { // offsets not stable yet: a transaction is open
                TimeUnit.MILLISECONDS.sleep(100);
                before = processed();
            }
            while (processed() <= before) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(name + ": no progress beyond " + before + " within " + timeout.toSeconds() + " s");
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }

        void awaitProcessed(long records) throws Exception {
            long deadline = System.nanoTime() + CATCH_UP.toNanos();
            long done = -1;
            while (System.nanoTime() < deadline) {
                done = processed();
                if (done >= records) {
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(250);
            }
            throw new AssertionError(name + ": the app processed " + done + " of " + records + " records within "
                    + CATCH_UP.toSeconds() + " s");
        }

        ExactlyOnceCheck.Result check() {
            return ExactlyOnceCheck.run(kafka.bootstrapServers(), topics, workload, ladder);
        }

        void print(String label, ExactlyOnceCheck.Result r, String disruption) {
            System.out.printf("%s events=%d distinct=%d late=%d duplicates=%d retractions=%d people=%d %s"
                            + " person-state=%d/%d stage-transitions=%d/%d (%d transitionIds) lost=%d duplicated=%d"
                            + " out-of-order=%d wrong-states=%d unexpected-dlq=%d input-mismatches=%d%n",
                    label, r.inputRecords(), workload.spec().distinct(), workload.late(), workload.duplicates(),
                    workload.typeCounts().getOrDefault("EventRetracted", 0), workload.people(), disruption,
                    r.publishedStates(), r.expectedStates(), r.publishedTransitions(), r.expectedTransitions(),
                    r.transitionIds(), r.lost(), r.duplicated(), r.outOfOrder(), r.wrongFinalStates(), r.deadLetters(),
                    r.inputMismatches());
        }

        void assertClean(ExactlyOnceCheck.Result r) {
            assertThat(r.inputRecords()).isEqualTo(workload.size());
            assertThat(r.expectedStates()).as("accepted events").isGreaterThan(workload.people());
            assertThat(r.expectedTransitions()).as("stage transitions expected").isGreaterThan(workload.people());
            assertThat(r.clean()).as("exactly once (first key that differs: %s): %s", r.example(), r).isTrue();
        }

        /** The API (IQv2 on the last instance's stores) serves the same states. */
        void assertApiAgrees(Workload w, String base, String adminKey) throws Exception {
            HttpClient http = HttpClient.newHttpClient();
            byte[][] expected = w.expectedStates(ladder);
            int checked = 0;
            for (int p = 0; p < w.people(); p += 7) {
                PersonState state = Codecs.personState().decode(expected[p]);
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(base + "/api/v1/people/" + Workload.personId(p)))
                                .header("Authorization", "Bearer " + adminKey).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                JsonNode body = JSON.readTree(response.body());
                assertThat(body.path("stage").asText()).isEqualTo(state.getStage());
                assertThat(body.path("eventCount").asInt()).isEqualTo(state.getEventCount());
                assertThat(body.path("lastEventId").asText()).isEqualTo(state.getLastEventId());
                checked++;
            }
            System.out.printf("%s: %d people read back through the API, all equal to the pure fold%n", name, checked);
        }

        /** The app's topics and its changelogs have 3 replicas, min.insync.replicas 2, all in sync. */
        void assertReplicated() throws Exception {
            try (Admin admin = admin()) {
                Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                        .filter(t -> t.startsWith(name + "-")).collect(Collectors.toSet());
                assertThat(names).contains(topics.careerEvents(), topics.personState(), topics.stageTransitions(),
                        name + "-person-ledger-changelog");
                Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames()
                        .get(30, TimeUnit.SECONDS);
                assertThat(described.values()).allSatisfy(t -> assertThat(t.partitions())
                        .allSatisfy(p -> assertThat(p.replicas()).hasSize(3)));
                var configs = admin.describeConfigs(names.stream()
                        .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList()).all()
                        .get(30, TimeUnit.SECONDS);
                assertThat(configs.values()).allSatisfy(c -> assertThat(c.get("min.insync.replicas").value())
                        .isEqualTo("2"));
            }
        }
    }

    private static int activeController() throws Exception {
        try (Admin admin = admin()) {
            int leaderId = admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).leaderId();
            for (int i = 0; i < kafka.size(); i++) {
                if (kafka.nodeId(i) == leaderId) {
                    return i;
                }
            }
            throw new AssertionError("no node has the controller leader's id " + leaderId);
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    /**
     * Writes the workload to career-events at a steady rate from a thread of its own, with an idempotent
     * acks=all producer (the way an HR integration writes), whatever happens to the app or a broker meanwhile.
     */
    private static final class Feeder implements AutoCloseable {
        private final Thread thread;
        private final AtomicLong acked = new AtomicLong();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile boolean stop;

        private Feeder(String bootstrap, String topic, Workload workload, double perSecond) {
            thread = new Thread(() -> run(bootstrap, topic, workload, perSecond), "crash-it-feeder");
            thread.setDaemon(true);
        }

        static Feeder start(String bootstrap, String topic, Workload workload, double perSecond) {
            Feeder feeder = new Feeder(bootstrap, topic, workload, perSecond);
            feeder.thread.start();
            return feeder;
        }

        private void run(String bootstrap, String topic, Workload workload, double perSecond) {
            Map<String, Object> props = Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                    ProducerConfig.LINGER_MS_CONFIG, "5",
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
            try (KafkaProducer<byte[], byte[]> producer =
                         new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
                long t0 = System.nanoTime();
                for (int r = 0; r < workload.size() && !stop; r++) {
                    long due = t0 + (long) (r * 1e9 / perSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    producer.send(new ProducerRecord<>(topic, workload.key(r), workload.value(r)), (metadata, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        } else {
                            acked.incrementAndGet();
                        }
                    });
                }
                producer.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        }

        long acked() {
            return acked.get();
        }

        void awaitAcked(long records, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (acked.get() < records) {
                assertThat(failure.get()).as("a write failed").isNull();
                assertThat(System.nanoTime()).as("%d records written in time", records).isLessThan(deadline);
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }

        void awaitDone(Duration timeout) throws InterruptedException {
            thread.join(timeout.toMillis());
            assertThat(thread.isAlive()).as("the feeder finished in time").isFalse();
            assertThat(failure.get()).as("a write failed").isNull();
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join(30_000);
        }
    }
}
