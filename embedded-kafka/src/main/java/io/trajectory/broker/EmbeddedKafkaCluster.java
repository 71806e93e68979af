package io.trajectory.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, in-JVM Apache Kafka cluster of {@code n} combined (broker + controller) KRaft nodes, built from
 * Kafka's own {@link KafkaRaftServer}, with a static controller quorum ({@code controller.quorum.voters}).
 * Each node keeps its data under {@code dataDir/node-<i>}; nodes can be stopped and restarted one at a time
 * (for broker-failure tests) and the whole cluster closes with its nodes shut down in parallel (one by one,
 * the last node would wait for a quorum that is gone).
 *
 * <p>With three or more nodes, topics default to replication factor 3 and {@code min.insync.replicas=2}
 * (internal topics too: consumer offsets, transaction state), so one node can be lost without losing a
 * write or refusing one.
 *
 * <pre>{@code
 * try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start(3, dir, Duration.ofSeconds(60))) {
 *     String bootstrap = kafka.bootstrapServers();
 *     kafka.stopNode(1);
 *     kafka.restartNode(1);
 * }
 * }</pre>
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    public static final String HOST = BrokerSettings.DEFAULT_HOST;

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);

    private final Path dataDir;
    private final String clusterId;
    private final Duration timeout;
    private final List<Node> nodes;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Nodes being shut down right now (a shutdown can race Kafka's own fault handlers, see {@link Faults}). */
    private final java.util.concurrent.atomic.AtomicInteger stopping = new java.util.concurrent.atomic.AtomicInteger();
    /** Fatal faults a node reported while running (Kafka would have halted the JVM). */
    private final List<String> faults = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** One node of the cluster: fixed ports (the static voters name them), its own directory and lock. */
    private static final class Node {
        final int index;
        final int nodeId;
        final Path dir;
        final int port;
        final int controllerPort;
        final Map<String, String> props;
        KafkaRaftServer server;
        EmbeddedKafkaBroker.DataDirLock lock;

        Node(int index, Path dir, int port, int controllerPort, Map<String, String> props) {
            this.index = index;
            this.nodeId = index + 1;
            this.dir = dir;
            this.port = port;
            this.controllerPort = controllerPort;
            this.props = props;
        }

        Path logDir() {
            return dir.resolve("kafka-logs");
        }

        String endpoint() {
            return HOST + ":" + port;
        }

        synchronized boolean running() {
            return server != null;
        }
    }

    private EmbeddedKafkaCluster(Path dataDir, String clusterId, Duration timeout, List<Node> nodes) {
        this.dataDir = dataDir;
        this.clusterId = clusterId;
        this.timeout = timeout;
        this.nodes = nodes;
    }

    /** Starts {@code n} nodes with the default settings; see {@link #start(int, Path, Duration, Map)}. */
    public static EmbeddedKafkaCluster start(int n, Path dataDir, Duration timeout) {
        return start(n, dataDir, timeout, Map.of());
    }

    /**
     * Formats the nodes' directories if needed, starts {@code n} nodes in parallel on free ports of
     * {@code 127.0.0.1} and waits (at most {@code timeout}) until every one serves clients as an unfenced broker.
     *
     * @param overrides Kafka broker properties applied last to every node
     * @throws IllegalStateException with a one-line explanation when a node does not come up
     */
    public static EmbeddedKafkaCluster start(int n, Path dataDir, Duration timeout, Map<String, String> overrides) {
        if (n < 1 || n > 9) {
            throw new IllegalArgumentException("a cluster has 1 to 9 nodes, not " + n);
        }
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        Path root = dataDir.toAbsolutePath().normalize();
        int[] ports = freePorts(2 * n);
        String voters = IntStream.range(0, n)
                .mapToObj(i -> (i + 1) + "@" + HOST + ":" + ports[2 * i + 1])
                .collect(Collectors.joining(","));
        String clusterId = clusterId(root);
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path dir = root.resolve("node-" + i);
            int port = ports[2 * i];
            int controllerPort = ports[2 * i + 1];
            nodes.add(new Node(i, dir, port, controllerPort,
                    nodeProperties(i + 1, dir.resolve("kafka-logs"), port, controllerPort, n, voters, overrides)));
        }
        EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(root, clusterId, timeout, nodes);
        Faults.register(cluster);
        try {
            for (Node node : nodes) {
                Files.createDirectories(node.dir);
                node.lock = EmbeddedKafkaBroker.DataDirLock.acquire(node.dir);
                Path config = EmbeddedKafkaBroker.writeConfig(node.dir, node.props);
                formatIfNeeded(node, clusterId, config);
            }
            // A node's broker waits for a controller quorum (a majority of the voters): start them together.
            CompletableFuture.allOf(nodes.stream()
                    .map(node -> CompletableFuture.runAsync(() -> cluster.startServer(node), daemonExecutor("start")))
                    .toArray(CompletableFuture[]::new)).join();
            awaitBrokers(cluster.bootstrapServers(), ids(nodes), deadline);
        } catch (IOException e) {
            throw cluster.closeAfter(new EmbeddedKafkaBroker.BrokerStartException(
                    "Cannot create the Kafka data directories under " + root + ": " + e, e));
        } catch (RuntimeException | Error e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            throw cluster.closeAfter(cause instanceof EmbeddedKafkaBroker.BrokerStartException clear ? clear
                    : new EmbeddedKafkaBroker.BrokerStartException("Kafka cluster of " + n
                            + " nodes failed to start under " + root + ": " + cause, cause));
        }
        log.info("Kafka cluster of {} nodes ready on {} (cluster {}, data {}) in {} ms", n, cluster.bootstrapServers(),
                clusterId, root, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        return cluster;
    }

    /** {@code host:port} of every node's client listener, comma-separated (stopped nodes included). */
    public String bootstrapServers() {
        return nodes.stream().map(Node::endpoint).collect(Collectors.joining(","));
    }

    /** {@code host:port} of node {@code i}'s client listener. */
    public String bootstrapServers(int i) {
        return node(i).endpoint();
    }

    /** Number of nodes, running or stopped. */
    public int size() {
        return nodes.size();
    }

    /** Kafka's node id of node {@code i} (index from 0): {@code i + 1}. */
    public int nodeId(int i) {
        return node(i).nodeId;
    }

    public boolean isRunning(int i) {
        return node(i).running();
    }

    public String clusterId() {
        return clusterId;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The replication factor topics get by default: {@code min(n, 3)}. */
    public int defaultReplicationFactor() {
        return defaultReplicationFactor(nodes.size());
    }

    /** The {@code min.insync.replicas} topics get by default: 2 with three or more nodes, else 1. */
    public int defaultMinInsyncReplicas() {
        return defaultMinInsyncReplicas(nodes.size());
    }

    /**
     * Shuts node {@code i} down cleanly (controlled shutdown: its partition leaderships move to the others)
     * and waits for it. Its data stays; {@link #restartNode(int)} brings it back. Does nothing if it is stopped.
     */
    public void stopNode(int i) {
        Node node = node(i);
        long t0 = System.nanoTime();
        if (stopServer(node)) {
            log.info("Kafka node {} ({}) stopped in {} ms", node.nodeId, node.endpoint(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        }
    }

    /**
     * Starts the stopped node {@code i} again on the same ports and data, and waits until it is an unfenced
     * broker again. It then catches up on its partitions in the background: see {@link #awaitFullyReplicated}.
     */
    public void restartNode(int i) {
        if (closed.get()) {
            throw new IllegalStateException("the cluster is closed");
        }
        Node node = node(i);
        if (node.running()) {
            throw new IllegalStateException("node " + i + " is running");
        }
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        awaitPortsFree(node, deadline);
        node.lock = EmbeddedKafkaBroker.DataDirLock.acquire(node.dir);
        try {
            startServer(node);
            awaitBrokers(node.endpoint(), Set.of(node.nodeId), deadline);
        } catch (RuntimeException | Error e) {
            stopServer(node);
            throw e;
        }
        log.info("Kafka node {} ({}) restarted in {} ms", node.nodeId, node.endpoint(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    /**
     * Waits until every partition of every topic has all its replicas in sync (after a restart, the node
     * caught up). Returns normally once so, throws {@link IllegalStateException} at the deadline.
     */
    public void awaitFullyReplicated(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        String lastLag = "";
        try (Admin admin = admin(runningBootstrap())) {
            while (System.nanoTime() < deadline) {
                try {
                    Set<String> names = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions()
                            .listInternal(true)).names().get(10, TimeUnit.SECONDS);
                    Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames()
                            .get(10, TimeUnit.SECONDS);
                    List<String> lagging = new ArrayList<>();
                    for (TopicDescription t : topics.values()) {
                        for (TopicPartitionInfo p : t.partitions()) {
                            if (p.isr().size() < p.replicas().size()) {
                                lagging.add(t.name() + "-" + p.partition());
                            }
                        }
                    }
                    if (lagging.isEmpty()) {
                        return;
                    }
                    lastLag = lagging.size() + " partitions not fully in sync, e.g. " + lagging.get(0);
                } catch (ExecutionException | TimeoutException e) {
                    lastLag = String.valueOf(e);
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for replicas to catch up", e);
        }
        throw new IllegalStateException("replicas did not catch up within " + within + ": " + lastLag);
    }

    /** Shuts every running node down, in parallel, and waits for them; calling it again does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long t0 = System.nanoTime();
        List<CompletableFuture<Boolean>> stops = nodes.stream()
                .map(node -> CompletableFuture.supplyAsync(() -> stopServer(node), daemonExecutor("stop")))
                .toList();
        RuntimeException failure = null;
        for (CompletableFuture<Boolean> stop : stops) {
            try {
                stop.join();
            } catch (CompletionException e) {
                if (failure == null) {
                    failure = new IllegalStateException("a Kafka node failed to shut down: " + e.getCause(), e.getCause());
                }
            }
        }
        Faults.unregister(this);
        log.info("Kafka cluster on {} stopped in {} ms", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        if (failure == null && !faults.isEmpty()) {
            failure = new IllegalStateException("a Kafka node hit a fatal fault while running (Kafka would have halted"
                    + " the JVM): " + faults.get(0));
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Closes what a failed start left running; returns {@code failure}, with a close failure suppressed in it. */
    private RuntimeException closeAfter(RuntimeException failure) {
        try {
            close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    /** Fatal faults reported so far (Kafka asked to halt the JVM while no node was shutting down). */
    public List<String> faults() {
        return List.copyOf(faults);
    }

    /**
     * Kafka's servers answer a fatal fault by halting the JVM ({@code ProcessTerminatingFaultHandler}). Several
     * nodes in one JVM make that fatal for all of them, and for the test running them: a node shutting down can
     * race its own metadata loader (seen: "Unhandled fault in MetadataLoader#handleCommit ... ClosedChannelException"
     * while the cluster closed), and the JVM would die with it. While a cluster runs, a halt or exit request is
     * therefore turned into a log line: ignored (WARN) while one of its nodes shuts down, otherwise recorded (ERROR)
     * and reported by {@link #close()}. Kafka's {@code Exit} procedures are JVM-wide; they are reset when the last
     * cluster closes.
     */
    static final class Faults {
        private static final List<EmbeddedKafkaCluster> LIVE = new ArrayList<>();

        private Faults() {
        }

        static synchronized void register(EmbeddedKafkaCluster cluster) {
            if (LIVE.isEmpty()) {
                org.apache.kafka.common.utils.internals.Exit.setHaltProcedure(Faults::onExit);
                org.apache.kafka.common.utils.internals.Exit.setExitProcedure(Faults::onExit);
            }
            LIVE.add(cluster);
        }

        static synchronized void unregister(EmbeddedKafkaCluster cluster) {
            if (LIVE.remove(cluster) && LIVE.isEmpty()) {
                org.apache.kafka.common.utils.internals.Exit.resetHaltProcedure();
                org.apache.kafka.common.utils.internals.Exit.resetExitProcedure();
            }
        }

        private static synchronized void onExit(int status, String message) {
            boolean shuttingDown = LIVE.stream().anyMatch(c -> c.stopping.get() > 0 || c.closed.get());
            if (shuttingDown) {
                log.warn("Kafka asked to end the JVM (status {}) while a node shut down; ignored{}", status,
                        message == null ? "" : ": " + message);
                return;
            }
            String fault = "status " + status + (message == null ? "" : ": " + message) + " (see the ERROR log before it)";
            log.error("Kafka asked to end the JVM ({}); a node of the embedded cluster is broken", fault);
            LIVE.forEach(c -> c.faults.add(fault));
        }
    }

    // ---------------------------------------------------------------------------------------------------

    static int defaultReplicationFactor(int n) {
        return Math.min(n, 3);
    }

    static int defaultMinInsyncReplicas(int n) {
        return n >= 3 ? 2 : 1;
    }

    /** The complete configuration of one node: derived values first, {@code overrides} last. */
    static Map<String, String> nodeProperties(int nodeId, Path logDir, int port, int controllerPort, int n,
                                              String voters, Map<String, String> overrides) {
        String rf = Integer.toString(defaultReplicationFactor(n));
        String minIsr = Integer.toString(defaultMinInsyncReplicas(n));
        String brokerEndpoint = BrokerSettings.BROKER_LISTENER + "://" + HOST + ":" + port;
        String controllerEndpoint = BrokerSettings.CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort;

        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(nodeId));
        p.put("listeners", brokerEndpoint + "," + controllerEndpoint);
        p.put("advertised.listeners", brokerEndpoint + "," + controllerEndpoint);
        p.put("listener.security.protocol.map", BrokerSettings.BROKER_LISTENER + ":PLAINTEXT,"
                + BrokerSettings.CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", BrokerSettings.BROKER_LISTENER);
        p.put("controller.listener.names", BrokerSettings.CONTROLLER_LISTENER);
        // Static quorum: every node is a voter, known by its fixed controller port.
        p.put("controller.quorum.voters", voters);

        p.put("log.dirs", logDir.toString());
        p.put("metadata.log.dir", logDir.toString());

        p.put("auto.create.topics.enable", "false");
        p.put("log.retention.ms", "-1");

        // One node may be lost without losing or refusing an acknowledged (acks=all) write.
        p.put("default.replication.factor", rf);
        p.put("min.insync.replicas", minIsr);
        p.put("offsets.topic.replication.factor", rf);
        p.put("transaction.state.log.replication.factor", rf);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("share.coordinator.state.topic.replication.factor", rf);
        p.put("share.coordinator.state.topic.min.isr", minIsr);

        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        // Several nodes share one (small) machine: fewer threads than a dedicated server's defaults.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("background.threads", "4");

        p.putAll(overrides);
        return p;
    }

    private Node node(int i) {
        if (i < 0 || i >= nodes.size()) {
            throw new IllegalArgumentException("no node " + i + " in a cluster of " + nodes.size() + " (0-based)");
        }
        return nodes.get(i);
    }

    private String runningBootstrap() {
        String running = nodes.stream().filter(Node::running).map(Node::endpoint).collect(Collectors.joining(","));
        if (running.isEmpty()) {
            throw new IllegalStateException("no node is running");
        }
        return running;
    }

    private void startServer(Node node) {
        Properties props = new Properties();
        props.putAll(node.props);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        synchronized (node) {
            node.server = server;
        }
        server.startup();
    }

    /** Returns whether the node was running. */
    private boolean stopServer(Node node) {
        KafkaRaftServer server;
        synchronized (node) {
            server = node.server;
            node.server = null;
        }
        stopping.incrementAndGet();
        try {
            if (server != null) {
                server.shutdown();
                server.awaitShutdown();
            }
        } finally {
            stopping.decrementAndGet();
            if (node.lock != null) {
                node.lock.release();
                node.lock = null;
            }
        }
        return server != null;
    }

    private static Set<Integer> ids(List<Node> nodes) {
        return nodes.stream().map(n -> n.nodeId).collect(Collectors.toCollection(TreeSet::new));
    }

    private static java.util.concurrent.Executor daemonExecutor(String what) {
        return task -> {
            Thread t = new Thread(task, "embedded-kafka-cluster-" + what);
            t.setDaemon(true);
            t.start();
        };
    }

    /** The cluster id kept in {@code dataDir/cluster.id}, created on the first start. */
    private static String clusterId(Path root) {
        Path idFile = root.resolve(EmbeddedKafkaBroker.CLUSTER_ID_FILE);
        try {
            Files.createDirectories(root);
            if (Files.exists(idFile)) {
                return Files.readString(idFile).strip();
            }
            String id = Uuid.randomUuid().toString();
            Files.writeString(idFile, id + System.lineSeparator());
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the cluster id in " + idFile, e);
        }
    }

    /** Formats the node's log directory (static quorum: no --standalone) unless it is formatted already. */
    private static void formatIfNeeded(Node node, String clusterId, Path configFile) throws IOException {
        Path meta = node.logDir().resolve(EmbeddedKafkaBroker.META_PROPERTIES);
        if (Files.exists(meta)) {
            String id = EmbeddedKafkaBroker.readClusterId(meta);
            if (!id.equals(clusterId)) {
                throw new EmbeddedKafkaBroker.BrokerStartException(node.dir + " belongs to cluster " + id
                        + ", not " + clusterId);
            }
            return;
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int rc;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", configFile.toString()}, out);
        }
        if (rc != 0) {
            throw new EmbeddedKafkaBroker.BrokerStartException("Kafka storage format of node " + node.nodeId
                    + " failed (exit " + rc + "): " + buffer.toString(StandardCharsets.UTF_8).strip());
        }
    }

    /** {@code count} distinct free ports on {@link #HOST} (probe sockets held until all are chosen). */
    private static int[] freePorts(int count) {
        List<ServerSocket> probes = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket();
                probes.add(s);
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
                ports[i] = s.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free ports on " + HOST, e);
        } finally {
            for (ServerSocket s : probes) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
        }
    }

    /**
     * A restarted node must bind the same ports (the voters name them); Kafka halts the JVM when it cannot,
     * so wait (bounded) until both are free.
     */
    private static void awaitPortsFree(Node node, long deadlineNanos) {
        while (true) {
            try {
                EmbeddedKafkaBroker.requireFree(HOST, node.port, "client");
                EmbeddedKafkaBroker.requireFree(HOST, node.controllerPort, "controller");
                return;
            } catch (EmbeddedKafkaBroker.BrokerStartException e) {
                if (System.nanoTime() > deadlineNanos) {
                    throw e;
                }
            }
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for node " + node.nodeId + "'s ports", e);
            }
        }
    }

    private static Admin admin(String bootstrapServers) {
        return Admin.create(EmbeddedKafkaBroker.quickAdminProperties(bootstrapServers, "embedded-kafka-cluster"));
    }

    /** Waits until the cluster, asked through {@code bootstrapServers}, lists every id of {@code ids} as a broker. */
    private static void awaitBrokers(String bootstrapServers, Set<Integer> ids, long deadlineNanos) {
        Object last = null;
        try (Admin admin = admin(bootstrapServers)) {
            while (true) {
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
                if (remainingMs <= 0) {
                    break;
                }
                try {
                    Collection<org.apache.kafka.common.Node> listed = admin.describeCluster(new DescribeClusterOptions()
                                    .timeoutMs((int) Math.min(remainingMs, Integer.MAX_VALUE)))
                            .nodes().get(remainingMs, TimeUnit.MILLISECONDS);
                    Set<Integer> seen = listed.stream().map(org.apache.kafka.common.Node::id).collect(Collectors.toSet());
                    if (seen.containsAll(ids)) {
                        return;
                    }
                    last = "brokers listed: " + new TreeSet<>(seen) + ", waiting for " + ids;
                } catch (ExecutionException e) {
                    last = e.getCause();
                } catch (TimeoutException e) {
                    last = e;
                }
                TimeUnit.NANOSECONDS.sleep(Math.min(TimeUnit.MILLISECONDS.toNanos(50),
                        Math.max(0, deadlineNanos - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaBroker.BrokerStartException("Interrupted while waiting for the Kafka cluster", e);
        }
        throw new EmbeddedKafkaBroker.BrokerStartException("Kafka nodes " + ids + " on " + bootstrapServers
                + " did not become ready in time" + (last == null ? "" : ": " + last));
    }
}
