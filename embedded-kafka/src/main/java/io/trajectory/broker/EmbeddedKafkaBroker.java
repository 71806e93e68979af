package io.trajectory.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, in-JVM, single-node Apache Kafka (KRaft, combined broker + controller) built from Kafka's own
 * server code. Everything is kept under {@link #dataDir()}, so starting again on the same directory
 * finds all topics and records again.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(BrokerSettings.forTests(dir))) {
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** How long {@link #start(BrokerSettings)} waits for the broker to answer. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

    static final String LOCK_FILE = "broker.lock";
    static final String CONFIG_FILE = "server.properties";
    static final String CLUSTER_ID_FILE = "cluster.id";
    static final String META_PROPERTIES = "meta.properties";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final BrokerSettings settings;
    private final String clusterId;
    private final KafkaRaftServer server;
    private final DataDirLock lock;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafkaBroker(BrokerSettings settings, String clusterId, KafkaRaftServer server, DataDirLock lock) {
        this.settings = settings;
        this.clusterId = clusterId;
        this.server = server;
        this.lock = lock;
    }

    /** Formats the data directory if needed, starts the broker and waits until it serves clients. */
    public static EmbeddedKafkaBroker start(BrokerSettings settings) {
        return start(settings, DEFAULT_START_TIMEOUT);
    }

    /**
     * Formats the data directory if needed, starts the broker and waits (at most {@code timeout}) until it
     * serves clients.
     *
     * @throws IllegalStateException with a one-line explanation when the data directory is used by another
     *                               running broker, a port is taken, or the broker does not come up in time
     */
    public static EmbeddedKafkaBroker start(BrokerSettings settings, Duration timeout) {
        long startNanos = System.nanoTime();
        long deadline = startNanos + timeout.toNanos();
        try {
            Files.createDirectories(settings.dataDir());
        } catch (IOException e) {
            throw new BrokerStartException("Cannot create the Kafka data directory " + settings.dataDir() + ": " + e, e);
        }
        DataDirLock lock = DataDirLock.acquire(settings.dataDir());
        BrokerSettings resolved = settings;
        KafkaRaftServer server = null;
        try {
            resolved = settings.withResolvedPorts();
            // Kafka halts the whole JVM when the controller port cannot be bound: check before starting.
            requireFree(resolved.host(), resolved.port(), "client");
            requireFree(resolved.host(), resolved.controllerPort(), "controller");
            Map<String, String> props = resolved.brokerProperties();
            Path configFile = writeConfig(resolved.dataDir(), props);
            String clusterId = formatIfNeeded(resolved, configFile);

            Properties serverProps = new Properties();
            serverProps.putAll(props);
            server = new KafkaRaftServer(KafkaConfig.fromProps(serverProps, false), Time.SYSTEM);
            server.startup();
            awaitReady(resolved.bootstrapServers(), resolved.clientProperties(), deadline);

            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(resolved, clusterId, server, lock);
            log.info("Kafka broker ready on {} (cluster {}, data {}) in {} ms", resolved.bootstrapServers(), clusterId,
                    resolved.dataDir(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
            return broker;
        } catch (RuntimeException | LinkageError e) {
            shutdownQuietly(server);
            lock.release();
            throw explain(resolved, e);
        } catch (Error e) {
            shutdownQuietly(server);
            lock.release();
            throw e;
        }
    }

    /** {@code host:port} of the client listener. */
    public String bootstrapServers() {
        return settings.bootstrapServers();
    }

    public Path dataDir() {
        return settings.dataDir();
    }

    /** The settings the broker actually runs with (ports resolved). */
    public BrokerSettings settings() {
        return settings;
    }

    /** The KRaft cluster id stored in the data directory. */
    public String clusterId() {
        return clusterId;
    }

    /** Shuts the broker down cleanly and waits for it; calling it again does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            lock.release();
        }
        log.info("Kafka broker on {} stopped in {} ms", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    // ---------------------------------------------------------------------------------------------------

    static Path writeConfig(Path dataDir, Map<String, String> props) {
        Properties p = new Properties();
        p.putAll(props);
        Path file = dataDir.resolve(CONFIG_FILE);
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, "Written by EmbeddedKafkaBroker on every start; editing it has no effect");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /**
     * Formats the log directory unless it already holds a {@code meta.properties}; returns the cluster id.
     * The id is kept in {@code dataDir/cluster.id} as well, so it survives a lost log directory.
     */
    static String formatIfNeeded(BrokerSettings settings, Path configFile) {
        Path meta = settings.logDir().resolve(META_PROPERTIES);
        Path idFile = settings.dataDir().resolve(CLUSTER_ID_FILE);
        try {
            if (Files.exists(meta)) {
                String id = readClusterId(meta);
                if (!Files.exists(idFile) || !Files.readString(idFile).strip().equals(id)) {
                    Files.writeString(idFile, id + System.lineSeparator());
                }
                return id;
            }
            String id = Files.exists(idFile) ? Files.readString(idFile).strip() : Uuid.randomUuid().toString();
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            int rc;
            try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
                rc = StorageTool.execute(new String[] {
                    "format", "-t", id, "-c", configFile.toString(), "--standalone"}, out);
            }
            String output = buffer.toString(StandardCharsets.UTF_8).strip();
            if (rc != 0) {
                throw new BrokerStartException("Kafka storage format failed (exit " + rc + "): " + output);
            }
            log.debug("kafka-storage format: {}", output);
            Files.writeString(idFile, id + System.lineSeparator());
            log.info("Formatted new Kafka data directory {} (cluster {})", settings.logDir(), id);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String readClusterId(Path metaProperties) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newInputStream(metaProperties)) {
            p.load(in);
        }
        String id = p.getProperty("cluster.id");
        if (id == null || id.isBlank()) {
            throw new BrokerStartException(metaProperties + " has no cluster.id");
        }
        return id;
    }

    /** Waits until the broker lists itself as a live (unfenced) node, or the deadline passes. */
    private static void awaitReady(String bootstrapServers, Map<String, String> clientProperties, long deadlineNanos) {
        Properties p = quickAdminProperties(bootstrapServers, "embedded-kafka-readiness");
        p.putAll(clientProperties);
        Throwable last = null;
        try (Admin admin = Admin.create(p)) {
            while (true) {
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
                if (remainingMs <= 0) {
                    break;
                }
                try {
                    // The admin client retries (with backoff) internally until this timeout passes.
                    Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions()
                                    .timeoutMs((int) Math.min(remainingMs, Integer.MAX_VALUE)))
                            .nodes().get(remainingMs, TimeUnit.MILLISECONDS);
                    if (nodes.stream().anyMatch(n -> n.id() == BrokerSettings.NODE_ID)) {
                        return;
                    }
                    last = null; // answered, but does not list this node (not unfenced yet)
                } catch (ExecutionException e) {
                    last = e.getCause();
                } catch (TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BrokerStartException("Interrupted while waiting for the Kafka broker", e);
                }
                try {
                    // Ask again shortly (never past the deadline).
                    TimeUnit.NANOSECONDS.sleep(Math.min(TimeUnit.MILLISECONDS.toNanos(50),
                            Math.max(0, deadlineNanos - System.nanoTime())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BrokerStartException("Interrupted while waiting for the Kafka broker", e);
                }
            }
        }
        throw new BrokerStartException("Kafka broker on " + bootstrapServers + " did not become ready in time"
                + (last == null ? "" : ": " + last), last);
    }

    static void shutdownQuietly(KafkaRaftServer server) {
        if (server == null) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            log.debug("error while shutting down a broker that failed to start", e);
        }
    }

    static void requireFree(String host, int port, String what) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new BrokerStartException("Kafka cannot start: " + what + " port " + host + ":" + port
                    + " is already in use (another Kafka broker running?): " + e.getMessage(), e);
        }
    }

    /** Turns a start failure into one clear sentence (keeping the cause for whoever wants it). */
    private static IllegalStateException explain(BrokerSettings settings, Throwable e) {
        if (e instanceof BrokerStartException clear) {
            return clear;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return new BrokerStartException("Kafka cannot listen on " + settings.host() + " port "
                        + settings.port() + " or " + settings.controllerPort()
                        + ": the address is already in use", e);
            }
        }
        return new BrokerStartException("Kafka broker failed to start on data directory " + settings.dataDir()
                + ": " + e, e);
    }

    /** A start failure whose message already says what went wrong. */
    static final class BrokerStartException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        BrokerStartException(String message) {
            super(message);
        }

        BrokerStartException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** An exclusive OS file lock on {@code dataDir/broker.lock}, held while the broker runs. */
    static final class DataDirLock {
        private final FileChannel channel;
        private final FileLock fileLock;
        private final AtomicBoolean released = new AtomicBoolean();

        private DataDirLock(FileChannel channel, FileLock fileLock) {
            this.channel = channel;
            this.fileLock = fileLock;
        }

        static DataDirLock acquire(Path dataDir) {
            Path file = dataDir.resolve(LOCK_FILE);
            FileChannel channel;
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new BrokerStartException("Kafka data directory " + dataDir + " is not writable: " + e, e);
            }
            FileLock fileLock;
            try {
                fileLock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                fileLock = null; // held by this very JVM
            } catch (IOException e) {
                closeQuietly(channel);
                throw new BrokerStartException("Kafka cannot lock " + file + ": " + e, e);
            }
            if (fileLock == null) {
                closeQuietly(channel);
                throw new BrokerStartException("Kafka data directory " + dataDir
                        + " is already in use by another running broker; stop it first or use another directory");
            }
            return new DataDirLock(channel, fileLock);
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                try {
                    fileLock.release();
                } catch (IOException e) {
                    log.debug("cannot release {}", LOCK_FILE, e);
                }
                closeQuietly(channel);
            }
        }

        private static void closeQuietly(FileChannel channel) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    /** An admin client's settings for a broker starting on this machine: short retry and reconnect back-offs. */
    static Properties quickAdminProperties(String bootstrapServers, String clientId) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        p.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "50");
        p.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "200");
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "50");
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        return p;
    }
}
