package io.trajectory.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of one single-node (combined broker + controller) embedded Kafka.
 *
 * <p>{@code port} / {@code controllerPort} equal to {@code 0} mean "pick a free port" when the broker is
 * started (see {@link #withResolvedPorts()}). {@code overrides} are raw Kafka broker properties applied
 * <em>last</em>, so they win over everything this class derives.
 *
 * @param dataDir        directory holding everything the broker writes (logs, metadata, config, lock)
 * @param host           host the listeners bind to and advertise, e.g. {@code 127.0.0.1}
 * @param port           client (PLAINTEXT) port, {@code 0} = any free port
 * @param controllerPort KRaft controller port, {@code 0} = any free port
 * @param overrides      Kafka broker properties applied last (never {@code null})
 * @param protocol       security protocol of the client listener ({@code PLAINTEXT}, {@code SSL},
 *                       {@code SASL_SSL}, {@code SASL_PLAINTEXT}); the listener is named after it and is
 *                       also the inter-broker listener. Its TLS and SASL settings go into {@code overrides};
 *                       the controller listener stays {@code PLAINTEXT} on {@code host}
 * @param clientProperties Kafka client settings (security protocol, SASL, TLS) with which the broker's own
 *                       readiness check connects to the client listener (never {@code null})
 */
public record BrokerSettings(Path dataDir, String host, int port, int controllerPort, Map<String, String> overrides,
        String protocol, Map<String, String> clientProperties) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 9092;
    public static final int DEFAULT_CONTROLLER_PORT = 9093;

    /** The node id of the single combined node. */
    static final int NODE_ID = 1;
    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    public BrokerSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        checkPort("port", port);
        checkPort("controllerPort", controllerPort);
        if (port != 0 && port == controllerPort) {
            throw new IllegalArgumentException("port and controllerPort must differ, both are " + port);
        }
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        protocol = protocol == null || protocol.isBlank() ? BROKER_LISTENER : protocol.strip().toUpperCase(java.util.Locale.ROOT);
        if (!PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException("protocol must be one of " + PROTOCOLS + ", was " + protocol);
        }
        clientProperties = clientProperties == null ? Map.of() : Map.copyOf(clientProperties);
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    /** A broker with a {@code PLAINTEXT} client listener. */
    public BrokerSettings(Path dataDir, String host, int port, int controllerPort, Map<String, String> overrides) {
        this(dataDir, host, port, controllerPort, overrides, BROKER_LISTENER, Map.of());
    }

    private static final java.util.List<String> PROTOCOLS = java.util.List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");

    /** Product defaults: {@code 127.0.0.1:9092}, controller on {@code 9093}, no overrides. */
    public static BrokerSettings defaults(Path dataDir) {
        return new BrokerSettings(dataDir, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_CONTROLLER_PORT, Map.of());
    }

    /** For tests: {@code 127.0.0.1}, free ports picked at start, no overrides. */
    public static BrokerSettings forTests(Path dataDir) {
        return new BrokerSettings(dataDir, DEFAULT_HOST, 0, 0, Map.of());
    }

    public BrokerSettings withPorts(int port, int controllerPort) {
        return new BrokerSettings(dataDir, host, port, controllerPort, overrides, protocol, clientProperties);
    }

    /**
     * A copy whose client listener speaks {@code protocol} (e.g. {@code SASL_SSL}) with these broker
     * settings added to the overrides (keystore, {@code sasl.enabled.mechanisms}, the listener's JAAS
     * config, {@code authorizer.class.name}, ...); the broker's own readiness check connects with
     * {@code clientProperties}.
     */
    public BrokerSettings withSecureListener(String protocol, Map<String, String> brokerProperties,
            Map<String, String> clientProperties) {
        Map<String, String> merged = new LinkedHashMap<>(overrides);
        merged.putAll(brokerProperties);
        return new BrokerSettings(dataDir, host, port, controllerPort, merged, protocol, clientProperties);
    }

    /** A copy with {@code extra} added to the overrides (entries of {@code extra} win). */
    public BrokerSettings withOverrides(Map<String, String> extra) {
        Map<String, String> merged = new LinkedHashMap<>(overrides);
        merged.putAll(extra);
        return new BrokerSettings(dataDir, host, port, controllerPort, merged, protocol, clientProperties);
    }

    /** A copy where every port equal to {@code 0} is replaced by a currently free port on {@link #host()}. */
    public BrokerSettings withResolvedPorts() {
        if (port != 0 && controllerPort != 0) {
            return this;
        }
        int p = port;
        int c = controllerPort;
        // Keep the probe sockets open until both are chosen, so the two picks cannot collide.
        try (ServerSocket a = port == 0 ? bindAny() : null;
             ServerSocket b = controllerPort == 0 ? bindAny() : null) {
            if (a != null) {
                p = a.getLocalPort();
            }
            if (b != null) {
                c = b.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + host, e);
        }
        return withPorts(p, c);
    }

    @Override
    public String toString() {
        // never the broker's or the readiness check's secrets (keystore passwords, JAAS configs)
        return "BrokerSettings[dataDir=" + dataDir + ", host=" + host + ", port=" + port + ", controllerPort="
                + controllerPort + ", protocol=" + protocol + ", overrides=" + overrides.keySet()
                + ", clientProperties=" + clientProperties.keySet() + "]";
    }

    /** {@code host:port} of the client listener (ports must be resolved). */
    public String bootstrapServers() {
        requireResolved();
        return host + ":" + port;
    }

    /** Directory of the Kafka log segments and the KRaft metadata log. */
    public Path logDir() {
        return dataDir.resolve("kafka-logs");
    }

    /**
     * The complete broker configuration for a single combined node: derived values first,
     * {@link #overrides()} last. Ports must be resolved.
     */
    public Map<String, String> brokerProperties() {
        requireResolved();
        String brokerEndpoint = protocol + "://" + host + ":" + port;
        String controllerEndpoint = CONTROLLER_LISTENER + "://" + host + ":" + controllerPort;

        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("listeners", brokerEndpoint + "," + controllerEndpoint);
        p.put("advertised.listeners", brokerEndpoint + "," + controllerEndpoint);
        p.put("listener.security.protocol.map", protocol + ":" + protocol + "," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", protocol);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        // Dynamic (KIP-853) quorum of one voter, formatted with --standalone.
        p.put("controller.quorum.bootstrap.servers", host + ":" + controllerPort);

        p.put("log.dirs", logDir().toString());
        p.put("metadata.log.dir", logDir().toString());

        // The application creates its own topics.
        p.put("auto.create.topics.enable", "false");
        // Event-sourced store: nothing is deleted by time unless a topic says so.
        p.put("log.retention.ms", "-1");

        // Single node: internal topics cannot have more than one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");

        p.put("group.initial.rebalance.delay.ms", "0");
        // The cleaner's de-duplication buffer is allocated on the heap up front (128 MiB by default).
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(32 * 1024 * 1024));

        p.putAll(overrides);
        return p;
    }

    private void requireResolved() {
        if (port == 0 || controllerPort == 0) {
            throw new IllegalStateException("ports are not resolved yet; call withResolvedPorts() first");
        }
    }

    private ServerSocket bindAny() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(false);
        s.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
        return s;
    }

    private static void checkPort(String name, int value) {
        if (value < 0 || value > 65_535) {
            throw new IllegalArgumentException(name + " must be in [0, 65535], was " + value);
        }
    }
}
