package io.trajectory.app;

import io.trajectory.api.ApiServer;
import io.trajectory.api.ApiSettings;
import io.trajectory.api.analytics.AnalyticsSettings;
import io.trajectory.api.Forwarder;
import io.trajectory.api.auth.ApiAuth;
import io.trajectory.api.auth.ClusterCredentials;
import io.trajectory.api.metrics.ApiMetrics;
import io.trajectory.api.streams.AdminLogEnd;
import io.trajectory.api.streams.Cluster;
import io.trajectory.api.streams.LogEnd;
import io.trajectory.api.streams.StreamsAnalyticsQueries;
import io.trajectory.api.streams.StreamsPersonQueries;
import io.trajectory.broker.BrokerSettings;
import io.trajectory.broker.EmbeddedKafkaBroker;
import io.trajectory.config.ConfigKey;
import io.trajectory.config.TrajectoryConfig;
import io.trajectory.processor.ProcessorApp;
import io.trajectory.processor.TopologyConfig;
import io.trajectory.processor.TrajectoryTopology;
import io.trajectory.producer.CareerEventProducer;
import io.trajectory.producer.cloudevents.CloudEventMapper;
import io.trajectory.topics.TopicProvisioner;
import io.trajectory.topics.Topics;
import io.trajectory.validation.EventValidator;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything Trajectory runs, in one process: the embedded broker (unless a cluster is given),
 * the topics, the Kafka Streams processor, the event producer and the HTTP API. Started in that
 * order, closed in reverse.
 */
public final class TrajectoryRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrajectoryRuntime.class);

    private final TrajectoryConfig config;
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private String bootstrapServers;
    private EmbeddedKafkaBroker broker;
    private ProcessorApp processor;
    private CareerEventProducer producer;
    private ApiServer api;
    private StreamsPersonQueries queries;
    private TopologyConfig topologyConfig;
    private CloudEventMapper mapper;
    private ApiAuth auth;
    private ApiMetrics metrics;

    private TrajectoryRuntime(TrajectoryConfig config) {
        this.config = config;
    }

    /** Starts everything and waits (bounded by ready.timeout.seconds) until the processor runs. */
    public static TrajectoryRuntime start(TrajectoryConfig config) {
        TrajectoryRuntime runtime = new TrajectoryRuntime(config);
        try {
            runtime.startAll();
            return runtime;
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    private void startAll() {
        Duration readyTimeout = Duration.ofSeconds(config.getInt(ConfigKey.READY_TIMEOUT_SECONDS));
        topologyConfig = TopologyConfig.from(config);
        ClusterCredentials clusterCredentials = clusterCredentials(config);
        if (config.usesEmbeddedBroker()) {
            requirePlaintextClients(config);
            BrokerSettings settings = new BrokerSettings(config.dataDir().resolve("kafka"),
                    config.get(ConfigKey.BROKER_HOST), config.getInt(ConfigKey.BROKER_PORT),
                    config.getInt(ConfigKey.BROKER_CONTROLLER_PORT), Map.of());
            LOG.info("starting the embedded Kafka broker (data in {})", settings.dataDir().toAbsolutePath());
            broker = EmbeddedKafkaBroker.start(settings, readyTimeout);
            toClose.push(broker);
            bootstrapServers = broker.bootstrapServers();
        } else {
            bootstrapServers = config.get(ConfigKey.BOOTSTRAP_SERVERS);
        }
        LOG.info("using Kafka at {}", bootstrapServers);

        Topics topics = topologyConfig.topics();
        Map<String, Object> adminProps = config.kafkaClientProperties(bootstrapServers);
        int partitions;
        try (Admin admin = Admin.create(adminProps)) {
            TopicProvisioner.ensure(admin, topics.toCreate(), readyTimeout.toMillis());
            partitions = admin.describeTopics(java.util.List.of(topics.careerEvents().name())).allTopicNames()
                    .get(readyTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                    .get(topics.careerEvents().name()).partitions().size();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new UserError("cannot describe topic " + topics.careerEvents().name() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while starting");
        }
        // a person's home partition is murmur2(personId) modulo the count the topic really has (which may
        // differ from topics.partitions if it existed before): records read elsewhere are re-routed there
        topologyConfig = topologyConfig.withCareerEventsPartitions(partitions);

        // The API first: Kafka Streams needs its real port (http.port may be 0) for application.server.
        producer = CareerEventProducer.create(config.with(ConfigKey.BOOTSTRAP_SERVERS, bootstrapServers));
        toClose.push(producer);
        mapper = new CloudEventMapper(new EventValidator(topologyConfig.ladder()), Clock.systemUTC());
        metrics = ApiMetrics.create();
        toClose.push(metrics);
        KafkaClientMetrics producerMetrics = new KafkaClientMetrics(producer.kafkaProducer());
        producerMetrics.bindTo(metrics.registry());
        toClose.push(producerMetrics);
        // every instance reads the whole keys topic before it serves: a key issued anywhere works here
        auth = ApiAuth.kafka(bootstrapServers, config.kafkaOverrides(), topics.apiKeys().name(), readyTimeout,
                clusterCredentials);
        toClose.push(auth);
        DeferredQueries deferred = new DeferredQueries();
        api = ApiServer.start(ApiSettings.from(config), deferred, deferred, AnalyticsSettings.from(config), producer, mapper,
                deferred, topologyConfig.ladder(), metrics, auth);
        LOG.info("query API listening on port {}", api.port());
        try {
            processor = ProcessorApp.create(TrajectoryTopology.build(topologyConfig),
                    ProcessorApp.streamsProperties(config, bootstrapServers, api.port()));
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
        // closed in reverse: the API stops taking requests before the processor stops
        toClose.push(processor);
        // Kafka Streams' own metrics (threads, tasks, stores, its consumers' lag, its producers, and the
        // processor's dead-letter counts), read live from the client at each scrape
        ScheduledExecutorService metricsRefresh = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trajectory-metrics-refresh");
            t.setDaemon(true);
            return t;
        });
        toClose.push(metricsRefresh::shutdownNow);
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(processor.streams(), List.of(), metricsRefresh,
                Duration.ofMillis(config.getInt(ConfigKey.METRICS_KAFKA_REFRESH_MS)));
        streamsMetrics.bindTo(metrics.registry());
        toClose.push(streamsMetrics);
        toClose.push(api);
        // a position token past the end of career-events is refused at once, not waited for
        AdminLogEnd logEnd = LogEnd.admin(adminProps, topics.careerEvents().name());
        toClose.push(logEnd);
        // other instances reach this one at application.server; queries forward and fan out to theirs
        Cluster cluster = new Cluster(processor.streams(),
                Optional.of(new HostInfo(config.get(ConfigKey.HTTP_ADVERTISED_HOST), api.port())),
                topics.careerEvents().name(), partitions,
                new Forwarder(Duration.ofMillis(config.getInt(ConfigKey.QUERY_FORWARD_TIMEOUT_MS)),
                        Duration.ofMillis(config.getInt(ConfigKey.QUERY_AFTER_TIMEOUT_MS)), auth.cluster()),
                Duration.ofMillis(config.getInt(ConfigKey.QUERY_AFTER_TIMEOUT_MS)),
                config.getInt(ConfigKey.QUERY_STANDBY_MAX_LAG), Optional.of(logEnd));
        toClose.push(cluster);
        queries = new StreamsPersonQueries(cluster);
        deferred.bind(queries, new StreamsAnalyticsQueries(cluster));
        processor.start();

        try {
            if (!processor.awaitRunning(readyTimeout)) {
                throw new UserError("the stream processor did not reach RUNNING within " + readyTimeout.toSeconds()
                        + " s (state " + processor.state() + "); is Kafka at " + bootstrapServers + " reachable?");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while starting");
        }
    }

    /**
     * The secret(s) this instance signs its requests to the others with and accepts theirs by
     * ({@code cluster.secret} or {@code cluster.secret.file}); a random one when neither is set.
     */
    static ClusterCredentials clusterCredentials(TrajectoryConfig config) {
        ClusterCredentials cluster;
        try {
            cluster = ClusterCredentials.fromSettings(config.get(ConfigKey.CLUSTER_SECRET), config.get(ConfigKey.CLUSTER_SECRET_FILE));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (cluster.generated()) {
            if (config.usesEmbeddedBroker()) {
                LOG.info("no cluster.secret set: this lone instance made a random one (no other instance can call its"
                        + " internal endpoints)");
            } else {
                LOG.warn("no cluster.secret or cluster.secret.file set: this instance made a random one; fine while it runs"
                        + " alone, but instances sharing application.id {} must share one secret, or their listings and"
                        + " analytics answer 503", config.get(ConfigKey.APPLICATION_ID));
            }
        } else {
            LOG.info("internal requests between instances are signed with the configured cluster secret ({})",
                    config.get(ConfigKey.CLUSTER_SECRET_FILE).isBlank() ? "cluster.secret" : "cluster.secret.file "
                            + config.get(ConfigKey.CLUSTER_SECRET_FILE));
        }
        return cluster;
    }

    /**
     * The embedded broker speaks plain text on {@code broker.host}: clients set up for TLS or SASL
     * would only time out against it, so say so at once.
     */
    static void requirePlaintextClients(TrajectoryConfig config) {
        String protocol = config.kafkaOverrides().getOrDefault("security.protocol", "PLAINTEXT").strip();
        if (!protocol.equalsIgnoreCase("PLAINTEXT")) {
            throw new UserError("kafka.security.protocol is " + protocol + " (from "
                    + config.sourceOf(io.trajectory.config.ConfigKey.KAFKA_PREFIX + "security.protocol")
                    + "), but no cluster is given and the embedded broker speaks PLAINTEXT on "
                    + config.get(ConfigKey.BROKER_HOST) + ": give --bootstrap-servers of a secured cluster");
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public int httpPort() {
        return api.port();
    }

    /**
     * Stops serving HTTP while the processor keeps its partitions: to other instances this one is then
     * unreachable (its partitions' queries go to their standbys). Used by the scale-out test.
     */
    void stopApi() {
        api.close();
    }

    /** The Kafka Streams instance of the processor. */
    public org.apache.kafka.streams.KafkaStreams streams() {
        return processor.streams();
    }

    public CareerEventProducer producer() {
        return producer;
    }

    /** The API keys: issue, list, revoke (written to the keys topic), and the authenticator. */
    public ApiAuth auth() {
        return auth;
    }

    public CloudEventMapper mapper() {
        return mapper;
    }

    public StreamsPersonQueries queries() {
        return queries;
    }

    public ApiMetrics metrics() {
        return metrics;
    }

    public TopologyConfig topologyConfig() {
        return topologyConfig;
    }

    public TrajectoryConfig config() {
        return config;
    }

    /** Closes the API, producer, processor and broker, in that order; safe to call twice. */
    @Override
    public synchronized void close() {
        while (!toClose.isEmpty()) {
            AutoCloseable c = toClose.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("error while closing {}: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
