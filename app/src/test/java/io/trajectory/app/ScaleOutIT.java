package io.trajectory.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.trajectory.app.bench.Workload;
import io.trajectory.app.bench.WorkloadGenerator;
import io.trajectory.app.bench.WorkloadSpec;
import io.trajectory.broker.EmbeddedKafkaCluster;
import io.trajectory.config.ConfigKey;
import io.trajectory.ladder.LadderLoader;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.PersonState;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Trajectory instances (same application id, own state directories and HTTP ports) share the
 * partitions on a real 3-node KRaft cluster (topics with replication factor 3, min.insync.replicas 2). A generated workload (3,000 records over 300 people: late, re-sent)
 * is folded by the first; the second joins while the first is being queried (every answer during
 * the rebalance is the right 200 or a 503 with Retry-After); then every person, the whole people
 * listing and the analytics are identical from both instances and equal to the pure fold; a write
 * is read back through the other instance with {@code ?after=}; and with one instance's API gone,
 * its partitions are answered from the other's standby copies with their lag stated. The instances sign
 * their internal requests with a shared cluster secret (each reads its own copy of the secret file): a
 * manager's listing fanned out over both holds exactly her reports, no client key of any role reads an
 * internal endpoint, the secret is rotated with every answer right, and instances whose secrets differ
 * answer 503 with a log line saying so, never a wrong listing.
 */
@Tag("integration")
@Timeout(600)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutIT {

    private static final int PEOPLE = 300;
    private static final int EVENTS = 3_000;
    private static final int PARTITIONS = 6;
    private static final List<String> ANALYTICS = List.of(
            "/api/v1/analytics/stage-distribution?asOf=2016-01-01T00:00:00Z&from=2014-01-01T00:00:00Z",
            "/api/v1/analytics/stage-distribution?asOf=2020-01-01T00:00:00Z&period=month&from=2019-01-01T00:00:00Z",
            "/api/v1/analytics/promotion-velocity?transition=JUNIOR-ADVANCING&to=2030-01-01T00:00:00Z",
            "/api/v1/analytics/promotion-velocity?transition=JUNIOR-ADVANCING&groupBy=department&to=2030-01-01T00:00:00Z",
            "/api/v1/analytics/promotion-velocity?transition=ADVANCING-SENIOR&groupBy=cohort&to=2030-01-01T00:00:00Z");

    @TempDir
    static Path kafkaDir;
    @TempDir
    static Path dirA;
    @TempDir
    static Path dirB;
    @TempDir
    static Path secrets;

    private static final String SECRET_1 = "scale-out-secret-one-0123456789abcdef";
    private static final String SECRET_2 = "scale-out-secret-two-0123456789abcdef";
    private static final String SECRET_3 = "a-stranger-secret-0123456789abcdef01";

    private EmbeddedKafkaCluster kafka;
    private ItRuntime a;
    private ItRuntime b;
    private Workload workload;
    /** A's answers while it was alone: path to body. */
    private final Map<String, String> reference = new LinkedHashMap<>();
    /** The people the read-your-writes test changed. */
    private final Set<String> written = new TreeSet<>();

    /** Both instances: the same application id, the 3-node cluster, replication factor 3, min.insync.replicas 2. */
    private Map<String, String> settings(Path secretFile) {
        return Map.of(ConfigKey.TOPIC_PARTITIONS.key(), Integer.toString(PARTITIONS),
                ConfigKey.CLUSTER_SECRET_FILE.key(), secretFile.toString(),
                ConfigKey.ANALYTICS_MIN_GROUP_SIZE.key(), "3",
                ConfigKey.APPLICATION_ID.key(), "scale-out-it",
                ConfigKey.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers(),
                ConfigKey.TOPIC_REPLICATION_FACTOR.key(), "3",
                ConfigKey.TOPIC_MIN_INSYNC_REPLICAS.key(), "2",
                // a standby answers only when caught up (but for transaction markers), so every answer during the
                // join, when nothing is written, is exactly right
                ConfigKey.QUERY_STANDBY_MAX_LAG.key(), "3");
    }

    @BeforeAll
    void startFirstInstanceAndFoldTheWorkload() throws Exception {
        kafka = EmbeddedKafkaCluster.start(3, kafkaDir, Duration.ofSeconds(90));
        java.nio.file.Files.writeString(secretFile("a"), SECRET_1 + "\n");
        java.nio.file.Files.writeString(secretFile("b"), SECRET_1 + "\n");
        a = ItRuntime.start(dirA, settings(secretFile("a")));
        workload = WorkloadGenerator.generate(new WorkloadSpec(EVENTS, PEOPLE, 7, 3, 1), LadderLoader.defaultLadder());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, a.runtime().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < workload.size(); i++) {
                producer.send(new ProducerRecord<>("career-events", workload.key(i), workload.value(i)));
            }
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(this::everythingProcessed);
    }

    @AfterAll
    void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1)
    void shouldAnswerEveryPersonAsThePureFoldWhileAlone() throws Exception {
        byte[][] expected = workload.expectedStates(LadderLoader.defaultLadder());
        for (int p = 0; p < PEOPLE; p++) {
            String path = "/api/v1/people/" + Workload.personId(p);
            HttpResponse<String> r = a.get(path);
            assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
            PersonState want = Codecs.personState().decode(expected[p]);
            JsonNode got = ItRuntime.JSON.readTree(r.body());
            assertThat(got.get("stage").asText()).as(path).isEqualTo(want.getStage());
            assertThat(got.get("lastEventId").asText()).as(path).isEqualTo(want.getLastEventId());
            assertThat(got.get("eventCount").asInt()).as(path).isEqualTo(want.getEventCount());
            reference.put(path, r.body());
            reference.put(path + "/timeline?asOf=2030-01-01T00:00:00Z", okBody(a, path + "/timeline?asOf=2030-01-01T00:00:00Z"));
        }
        for (String path : listingPaths()) {
            reference.put(path, okBody(a, path));
        }
        for (String path : ANALYTICS) {
            reference.put(path, okBody(a, path));
        }
        assertThat(ItRuntime.JSON.readTree(reference.get(ANALYTICS.get(2))).get("overall").get("suppressed").asBoolean())
                .as("the workload has enough promotions for figures").isFalse();
    }

    @Test
    @Order(2)
    void shouldAnswerRightOr503WithRetryAfterWhileASecondInstanceJoins() throws Exception {
        List<String> paths = new ArrayList<>(reference.keySet());
        Map<String, String> settings = settings(secretFile("b"));
        CompletableFuture<ItRuntime> joining = CompletableFuture.supplyAsync(() -> {
            ItRuntime second = ItRuntime.start(dirB, settings);
            // B's admin key was issued after A read the keys topic: A knows it once it has followed the topic
            await().atMost(Duration.ofSeconds(30)).until(() -> accepts(a, second.adminKey()));
            return second;
        });
        Map<Integer, Integer> statuses = new HashMap<>();
        int settledRounds = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (settledRounds < 50) {
            assertThat(System.nanoTime()).as("the second instance joins and both settle in time; statuses " + statuses)
                    .isLessThan(deadline);
            String path = paths.get(ThreadLocalRandom.current().nextInt(paths.size()));
            ItRuntime target = joining.isDone() && ThreadLocalRandom.current().nextBoolean() ? joining.join() : a;
            HttpResponse<String> r = target.get(path);
            statuses.merge(r.statusCode(), 1, Integer::sum);
            if (r.statusCode() == 503) {
                assertThat(r.headers().firstValue("Retry-After")).as(path).isPresent();
            } else {
                String from = (target == a ? "A " : "B ") + path + " " + r.headers().map();
                assertThat(r.statusCode()).as(from + " " + r.body()).isEqualTo(200);
                assertThat(r.body()).as(from).isEqualTo(reference.get(path));
            }
            if (joining.isDone() && shared(a, joining.join())) {
                settledRounds++;
            }
        }
        b = joining.join();
        System.out.println("scale-out IT: answers during the join by status " + statuses);
        assertThat(statuses.getOrDefault(200, 0)).isPositive();
    }

    @Test
    @Order(3)
    void shouldShareThePartitionsAndKeepStandbyCopies() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            var description = admin.describeTopics(List.of("career-events")).allTopicNames().get().get("career-events");
            assertThat(description.partitions()).hasSize(PARTITIONS)
                    .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            var resource = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, "career-events");
            assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("min.insync.replicas").value())
                    .isEqualTo("2");
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> shared(a, b));
        Set<Integer> all = new TreeSet<>(activePartitions(a));
        all.addAll(activePartitions(b));
        assertThat(all).hasSize(PARTITIONS);
        assertThat(activePartitions(a)).doesNotContainAnyElementsOf(activePartitions(b));
    }

    @Test
    @Order(4)
    void shouldAnswerEveryPersonListingAndFigureIdenticallyFromBothInstances() {
        for (Map.Entry<String, String> e : reference.entrySet()) {
            assertThat(okBody(a, e.getKey())).as("A " + e.getKey()).isEqualTo(e.getValue());
            assertThat(okBody(b, e.getKey())).as("B " + e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(reference.keySet().stream().filter(k -> k.startsWith("/api/v1/people?")).count()).isGreaterThan(3);
    }

    @Test
    @Order(5)
    void shouldReadAWriteBackThroughEitherInstanceWithItsPositionToken() throws Exception {
        List<String> employed = new ArrayList<>();
        for (int p = 0; p < PEOPLE; p++) {
            JsonNode before = ItRuntime.JSON.readTree(reference.get("/api/v1/people/" + Workload.personId(p)));
            // employed, and nothing happened to them after the transfer below (so it is their last event)
            if (before.get("status").asText().equals("EMPLOYED") && java.time.Instant.parse(before.get("lastOccurredAt").asText())
                    .isBefore(java.time.Instant.now().minus(Duration.ofDays(2)))) {
                employed.add(Workload.personId(p));
            }
        }
        assertThat(employed).hasSizeGreaterThan(6);
        int reads = 0;
        int notYet = 0;
        for (int n = 0; n < 6; n++) {
            String person = employed.get(n);
            written.add(person);
            String id = "ryw-" + n;
            String event = transfer(id, person, "Ryw-" + n);
            HttpResponse<String> posted = (n % 2 == 0 ? a : b).post("/api/v1/events", "application/cloudevents+json", event);
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
            String token = ItRuntime.JSON.readTree(posted.body()).get("position").asText();
            assertThat(posted.headers().firstValue("Trajectory-Position")).contains(token);

            for (ItRuntime reader : List.of(b, a)) {
                // with the token, an answer is the state with the event, or 503 + Retry-After: never the state without it
                HttpResponse<String> read = null;
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < until) {
                    read = reader.get("/api/v1/people/" + person + "?after=" + token);
                    if (read.statusCode() != 503) {
                        break;
                    }
                    assertThat(read.headers().firstValue("Retry-After")).isPresent();
                    notYet++;
                }
                String seen = (reader == a ? "A " : "B ") + person + " " + posted.body() + " -> " + read.headers().map()
                        + " " + read.body().replaceAll(".*(\"eventCount.*?Z\").*", "$1");
                assertThat(read.statusCode()).as(seen).isEqualTo(200);
                JsonNode state = ItRuntime.JSON.readTree(read.body());
                assertThat(state.get("lastEventId").asText()).as(seen).isEqualTo(id);
                assertThat(state.get("eventCount").asInt()).isEqualTo(
                        ItRuntime.JSON.readTree(reference.get("/api/v1/people/" + person)).get("eventCount").asInt() + 1);
                assertThat(state.get("department").asText()).as(seen).isEqualTo("Ryw-" + n);
                reads++;
            }
            // the listing and the analytics wait for the same position
            assertThat(okBody(b, "/api/v1/people?department=Ryw-" + n + "&after=" + token)).contains(person);
            assertThat(b.get(ANALYTICS.get(0) + "&after=" + token).statusCode()).isEqualTo(200);

            // re-sent: the duplicate changes no store, yet its position is reached (the task committed past it)
            HttpResponse<String> again = a.post("/api/v1/events", "application/cloudevents+json", event);
            String second = ItRuntime.JSON.readTree(again.body()).get("position").asText();
            assertThat(second).isNotEqualTo(token);
            HttpResponse<String> read = b.get("/api/v1/people/" + person + "?after=" + second);
            assertThat(read.statusCode()).as(read.body()).isIn(200, 503);
        }
        System.out.println("scale-out IT: read-your-writes reads " + reads + " with the event, " + notYet + " x 503 before");
    }

    @Test
    @Order(6)
    void shouldListAManagerExactlyHerReportsFromBothInstancesAndNeverAnswerAClientKeyOnAnInternalEndpoint()
            throws Exception {
        Set<Integer> aActive = activePartitions(a);
        Set<Integer> bActive = activePartitions(b);
        List<String> reports = new ArrayList<>();
        for (Set<Integer> side : List.of(aActive, bActive)) {
            int taken = 0;
            for (int p = 0; p < PEOPLE && taken < 2; p++) {
                String person = Workload.personId(p);
                JsonNode before = ItRuntime.JSON.readTree(reference.get("/api/v1/people/" + person));
                if (side.contains(partitionOf(person)) && !written.contains(person)
                        && before.get("status").asText().equals("EMPLOYED") && java.time.Instant.parse(before.get("lastOccurredAt")
                                .asText()).isBefore(java.time.Instant.now().minus(Duration.ofDays(2)))) {
                    reports.add(person);
                    taken++;
                }
            }
        }
        assertThat(reports).as("two people on each instance's partitions").hasSize(4);
        String token = null;
        for (String person : reports) {
            written.add(person);
            HttpResponse<String> posted = a.post("/api/v1/events", "application/cloudevents+json",
                    transfer("fan-" + person, person, "Fanout", "fanout-boss"));
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
            token = ItRuntime.JSON.readTree(posted.body()).get("position").asText();
        }
        String manager = ItRuntime.issueKey(a.runtime(), io.trajectory.api.auth.Role.MANAGER, "fanout-boss");
        await().atMost(Duration.ofSeconds(30)).until(() -> accepts(b, manager));
        // every token's partition waits: the last one names only its own partition, so wait for each person
        for (String person : reports) {
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    a.get("/api/v1/people/" + person).body().contains("fanout-boss"));
        }

        for (ItRuntime app : List.of(a, b)) {
            String who = app == a ? "A" : "B";
            HttpResponse<String> all = okAs(app, manager, "/api/v1/people?limit=500&after=" + token);
            assertThat(ids(all.body())).as(who + " " + all.body()).containsExactlyInAnyOrderElementsOf(reports);
            // paged one by one, across the partitions of both instances
            List<String> paged = new ArrayList<>();
            String cursor = null;
            do {
                JsonNode page = ItRuntime.JSON.readTree(okAs(app, manager, "/api/v1/people?limit=1"
                        + (cursor == null ? "" : "&cursor=" + cursor)).body());
                page.get("people").forEach(p -> paged.add(p.get("personId").asText()));
                cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            } while (cursor != null && paged.size() < 10);
            assertThat(paged).as(who + " paged").containsExactlyInAnyOrderElementsOf(reports);
            // the internal endpoint gives nothing to a client key: neither the manager's nor an admin's
            for (String key : List.of(manager, app.adminKey())) {
                HttpResponse<String> internal = app.getAs(key, "/internal/v1/people-index?partitions=0,1,2,3,4,5&limit=500");
                assertThat(internal.statusCode()).as(who + " " + internal.body()).isEqualTo(401);
                assertThat(internal.body()).doesNotContain(reports.get(0)).doesNotContain("entries");
                HttpResponse<String> spells = app.getAs(key, "/internal/v1/analytics-spells?partitions=0");
                assertThat(spells.statusCode()).as(who + " " + spells.body()).isEqualTo(401);
            }
        }
    }

    @Test
    @Order(7)
    void shouldRotateTheClusterSecretWithEveryAnswerRightAndAnswer503WhenTheSecretsDiffer() throws Exception {
        String listing = "/api/v1/people?limit=500";
        String analytics = ANALYTICS.get(2);
        Map<String, String> now = Map.of(listing, okBody(a, listing), analytics, okBody(a, analytics));
        int rotationAnswers = 0;
        assertThat(okBody(b, listing)).isEqualTo(now.get(listing));

        // rotation: add the new secret (accepted, not yet signing), make it the signing one, drop the old one;
        // each step one instance after the other, and every answer of both stays right throughout
        for (String content : List.of(SECRET_1 + "\n" + SECRET_2, SECRET_2 + "\n" + SECRET_1, SECRET_2)) {
            for (String instance : List.of("a", "b")) {
                java.nio.file.Files.writeString(secretFile(instance), content + "\n");
                // longer than the file's re-read interval (1 s): the change is in force by the end
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2_000);
                while (System.nanoTime() < until) {
                    for (Map.Entry<String, String> e : now.entrySet()) {
                        for (ItRuntime app : List.of(a, b)) {
                            HttpResponse<String> r = app.get(e.getKey());
                            assertThat(r.statusCode()).as(instance + " <- " + content.length() + " chars: " + r.body()).isEqualTo(200);
                            assertThat(r.body()).isEqualTo(e.getValue());
                            rotationAnswers++;
                        }
                    }
                }
            }
        }

        System.out.println("scale-out IT: " + rotationAnswers + " answers during the secret rotation, all right");
        // B gets another secret: each refuses the other's internal requests, and both answer 503, saying why in the log
        ch.qos.logback.classic.Logger reads = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                "io.trajectory.api.streams.ClusterReads");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        reads.addAppender(logged);
        try {
            java.nio.file.Files.writeString(secretFile("b"), SECRET_3 + "\n");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> a.get(listing).statusCode() == 503 && b.get(listing).statusCode() == 503);
            for (ItRuntime app : List.of(a, b)) {
                for (String path : now.keySet()) {
                    HttpResponse<String> r = app.get(path);
                    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(503);
                    assertThat(r.headers().firstValue("Retry-After")).isPresent();
                    assertThat(r.body()).contains("cluster secrets differ");
                }
            }
            synchronized (logged) {
                assertThat(logged.list).anySatisfy(e -> {
                    assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.ERROR);
                    assertThat(e.getFormattedMessage()).contains("do not share a cluster secret").contains("cluster.secret")
                            .doesNotContain(SECRET_2).doesNotContain(SECRET_3);
                });
            }
        } finally {
            reads.detachAppender(logged);
        }
        java.nio.file.Files.writeString(secretFile("b"), SECRET_2 + "\n");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> a.get(listing).body().equals(now.get(listing)) && b.get(listing).body().equals(now.get(listing)));
    }

    @Test
    @Order(8)
    void shouldAnswerFromAStandbyWithItsLagWhenTheActiveInstanceIsUnreachable() throws Exception {
        Set<Integer> bActive = activePartitions(b);
        b.runtime().stopApi();
        int standbyAnswers = 0;
        int unavailable = 0;
        for (int p = 0; p < PEOPLE; p++) {
            String person = Workload.personId(p);
            if (!bActive.contains(partitionOf(person))) {
                continue;
            }
            String path = "/api/v1/people/" + person + "/timeline?asOf=2030-01-01T00:00:00Z";
            HttpResponse<String> r = a.get(path);
            if (r.statusCode() == 503) {
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
                unavailable++;
                continue;
            }
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("Trajectory-Replica")).contains("standby");
            assertThat(Long.parseLong(r.headers().firstValue("Trajectory-Staleness").orElseThrow())).isBetween(0L, 3L);
            if (!written.contains(person)) {
                assertThat(r.body()).isEqualTo(reference.get(path));
            }
            standbyAnswers++;
        }
        System.out.println("scale-out IT: with the active instance unreachable, " + standbyAnswers + " standby answers, "
                + unavailable + " x 503");
        assertThat(standbyAnswers).isPositive();
        // a read that must see a position is never answered by a standby
        HttpResponse<String> r = a.get("/api/v1/people/" + firstPersonIn(bActive) + "?after="
                + new io.trajectory.api.PositionToken(Map.of(partitionOf(firstPersonIn(bActive)), 0L)).encode());
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
    }

    // ---- helpers ----

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

    /** Does {@code app} authenticate {@code key}? */
    private static boolean accepts(ItRuntime app, String key) throws Exception {
        java.net.http.HttpRequest request = ItRuntime.authorized(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(app.base() + "/api/v1/ladder")).GET(), key).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    private static String diagnose(ItRuntime app) {
        StringBuilder sb = new StringBuilder("localhost:" + app.runtime().httpPort() + " " + app.runtime().streams().state());
        for (ThreadMetadata thread : app.runtime().streams().metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                sb.append(" active ").append(task.taskId()).append(" committed ").append(task.committedOffsets())
                        .append(" end ").append(task.endOffsets());
            }
        }
        return sb.toString();
    }

    private String firstPersonIn(Set<Integer> partitions) {
        for (int p = 0; p < PEOPLE; p++) {
            if (partitions.contains(partitionOf(Workload.personId(p)))) {
                return Workload.personId(p);
            }
        }
        throw new AssertionError("no person in " + partitions);
    }

    private int partitionOf(String personId) {
        return a.runtime().streams().queryMetadataForKey(io.trajectory.topics.Stores.PERSON_LEDGER, personId,
                org.apache.kafka.common.serialization.Serdes.String().serializer()).partition();
    }

    private static String transfer(String id, String person, String department) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"hr/scale-it\",\"type\":\"trajectory.transferred\","
                + "\"subject\":\"" + person + "\",\"time\":\"" + java.time.Instant.now().minus(Duration.ofDays(1)) + "\",\"data\":{\"department\":\"" + department + "\"}}";
    }

    private static String transfer(String id, String person, String department, String managerId) {
        return transfer(id, person, department).replace("\"}}", "\",\"managerId\":\"" + managerId + "\"}}");
    }

    /** Each instance's own copy of the cluster secret file (as on two hosts). */
    private static Path secretFile(String instance) {
        return secrets.resolve("cluster-secret-" + instance);
    }

    /** The personIds of a listing page. */
    private static List<String> ids(String body) throws Exception {
        List<String> out = new ArrayList<>();
        ItRuntime.JSON.readTree(body).get("people").forEach(p -> out.add(p.get("personId").asText()));
        return out;
    }

    /** A 200 for this key (after any 503 while partitions settle). */
    private static HttpResponse<String> okAs(ItRuntime app, String key, String path) {
        HttpResponse<String>[] last = new HttpResponse[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = app.getAs(key, path);
            return last[0].statusCode() != 503;
        });
        assertThat(last[0].statusCode()).as(path + " " + last[0].body()).isEqualTo(200);
        return last[0];
    }

    /** Every page of the whole listing and of one stage, 37 at a time, as A answers them now. */
    private List<String> listingPaths() throws Exception {
        List<String> paths = new ArrayList<>();
        for (String base : List.of("/api/v1/people?limit=37", "/api/v1/people?stage=JUNIOR&limit=37")) {
            String path = base;
            while (path != null) {
                paths.add(path);
                JsonNode page = ItRuntime.JSON.readTree(okBody(a, path));
                path = page.get("nextCursor").isNull() ? null : base + "&cursor=" + page.get("nextCursor").asText();
            }
        }
        return paths;
    }

    private static String okBody(ItRuntime app, String path) {
        HttpResponse<String>[] last = new HttpResponse[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = app.get(path);
            return last[0].statusCode() != 503;
        });
        assertThat(last[0].statusCode()).as(path + " " + last[0].body()).isEqualTo(200);
        return last[0].body();
    }

    /** Both run, each has active partitions, and each keeps standbys of the other's. */
    private static boolean shared(ItRuntime x, ItRuntime y) {
        return x.runtime().streams().state() == KafkaStreams.State.RUNNING && y.runtime().streams().state() == KafkaStreams.State.RUNNING
                && !activePartitions(x).isEmpty() && !activePartitions(y).isEmpty()
                && standbyPartitions(x).containsAll(activePartitions(y)) && standbyPartitions(y).containsAll(activePartitions(x));
    }

    private static Set<Integer> activePartitions(ItRuntime app) {
        return partitions(app, true);
    }

    private static Set<Integer> standbyPartitions(ItRuntime app) {
        return partitions(app, false);
    }

    private static Set<Integer> partitions(ItRuntime app, boolean active) {
        Set<Integer> out = new TreeSet<>();
        for (ThreadMetadata thread : app.runtime().streams().metadataForLocalThreads()) {
            for (TaskMetadata task : active ? thread.activeTasks() : thread.standbyTasks()) {
                task.topicPartitions().forEach(tp -> out.add(tp.partition()));
            }
        }
        return out;
    }

    /** The processor has committed past the end of every career-events partition. */
    private boolean everythingProcessed() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, a.runtime().bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("scale-out-it")
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                latest.put(new TopicPartition("career-events", p), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
            return ends.entrySet().stream().allMatch(e -> committed.containsKey(e.getKey())
                    && committed.get(e.getKey()).offset() >= e.getValue().offset());
        }
    }
}
