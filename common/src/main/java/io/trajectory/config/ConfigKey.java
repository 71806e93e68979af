package io.trajectory.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every setting Trajectory reads. Each has a dotted name (used in config files and {@code --set}),
 * an environment variable ({@code TRAJECTORY_} + the name in upper case with dots and dashes as
 * underscores) and a default. Kafka client settings can also be passed through with the prefix
 * {@code kafka.} (see {@link TrajectoryConfig#kafkaOverrides()}).
 */
public enum ConfigKey {
    BOOTSTRAP_SERVERS("bootstrap.servers", "", "Kafka cluster to use; empty starts the embedded single-node broker"),
    KAFKA_CONFIG_FILE("kafka.config.file", "",
            "A Kafka client properties file (keys without the kafka. prefix, as Kafka's own tools take them) for every"
                    + " Kafka client; a kafka.* setting wins over it"),
    DATA_DIR("data.dir", "data", "Directory for the embedded broker's log and Kafka Streams state"),
    BROKER_HOST("broker.host", "127.0.0.1", "Interface the embedded broker listens on"),
    BROKER_PORT("broker.port", "9092", "Client port of the embedded broker"),
    BROKER_CONTROLLER_PORT("broker.controller.port", "9093", "KRaft controller port of the embedded broker"),
    HTTP_HOST("http.host", "127.0.0.1",
            "Interface the query API listens on; 0.0.0.0 for every interface (put a TLS proxy in front)"),
    HTTP_PORT("http.port", "8080", "Port of the query API"),
    HTTP_MAX_BODY_BYTES("http.max.body.bytes", "1048576", "Largest request body the API accepts; larger ones get 413"),
    HTTP_SEND_TIMEOUT_MS("http.send.timeout.ms", "30000",
            "How long POST /api/v1/events waits for Kafka to acknowledge; then 503"),
    HTTP_ADVERTISED_HOST("http.advertised.host", "localhost",
            "Host name under which this instance's API is reachable (Kafka Streams application.server)"),
    APPLICATION_ID("application.id", "trajectory", "Kafka Streams application id (consumer group, internal topic prefix)"),
    STATE_DIR("state.dir", "", "Kafka Streams state directory; empty means <data.dir>/streams"),
    PROCESSING_GUARANTEE("processing.guarantee", "exactly_once_v2", "Kafka Streams processing guarantee"),
    STREAM_THREADS("streams.threads", "1", "Kafka Streams stream threads per instance"),
    STORE_TYPE("streams.store.type", "rocksdb",
            "Where the processor keeps its stores: rocksdb (in-memory is refused until Kafka Streams fixes a deadlock)"),
    COMMIT_INTERVAL_MS("streams.commit.interval.ms", "100", "Kafka Streams commit interval; bounds read-after-write latency"),
    STANDBY_REPLICAS("streams.standby.replicas", "1",
            "Standby copies of each store partition kept on other instances (Kafka Streams num.standby.replicas);"
                    + " with one instance nothing is kept"),
    QUERY_FORWARD_TIMEOUT_MS("query.forward.timeout.ms", "5000",
            "How long a query forwarded to (or fanned out over) other instances waits for them; then a standby or 503"),
    QUERY_AFTER_TIMEOUT_MS("query.after.timeout.ms", "5000",
            "How long a read with ?after=TOKEN waits for the view to include the token's events; then 503"),
    QUERY_STANDBY_MAX_LAG("query.standby.max.lag", "100",
            "The most changelog records a standby copy may be behind to answer a person query while the active one cannot"),
    LEDGER_CACHE_BYTES("streams.ledger.cache.bytes", "16777216",
            "Estimated heap of each task's cache of decoded person ledgers (saves a store read and an Avro decode per event); 0 disables it"),
    CLUSTER_SECRET("cluster.secret", "",
            "Secret the instances sign their internal requests to each other with (HMAC-SHA256), at least 32 characters;"
                    + " several comma-separated: the first signs, all are accepted (rotation); empty: cluster.secret.file, else a"
                    + " random one made at start (enough for a lone instance; several instances must share one)"),
    CLUSTER_SECRET_FILE("cluster.secret.file", "",
            "File holding the cluster secret(s), one per line (the first signs, all are accepted), re-read within a second"
                    + " of a change, so a secret is rotated without a restart; instead of cluster.secret"),
    TOPIC_PARTITIONS("topics.partitions", "6", "Partitions of the topics the app creates"),
    TOPIC_REPLICATION_FACTOR("topics.replication.factor", "1", "Replication factor of the topics the app creates"),
    TOPIC_MIN_INSYNC_REPLICAS("topics.min.insync.replicas", "1", "min.insync.replicas of the topics the app creates"),
    TOPIC_CAREER_EVENTS("topic.career-events", "career-events", "Input topic of career events"),
    TOPIC_DLQ("topic.career-events-dlq", "career-events-dlq", "Dead-letter topic for rejected records"),
    TOPIC_PERSON_STATE("topic.person-state", "person-state", "Compacted topic of the current state per person"),
    TOPIC_STAGE_TRANSITIONS("topic.stage-transitions", "stage-transitions", "Topic of derived stage changes"),
    TOPIC_API_KEYS("topic.api-keys", "trajectory-api-keys",
            "Compacted topic of the API keys (hashed secrets, roles, revocations), read by every instance"),
    LADDER_FILE("ladder.file", "", "Career ladder file (JSON); empty uses the built-in five-stage TPM ladder"),
    READY_TIMEOUT_SECONDS("ready.timeout.seconds", "120", "How long start-up waits for the broker and the streams app"),
    ANALYTICS_MIN_GROUP_SIZE("analytics.min.group.size", "5",
            "Analytics suppress every group of fewer people than this (and complements that would reveal one); at least 3"),
    ANALYTICS_QUANTILES_EXACT_MAX("analytics.quantiles.exact.max", "1000",
            "Analytics quantiles are exact for groups of at most this many values, KLL-sketch estimates above"),
    METRICS_KAFKA_REFRESH_MS("metrics.kafka.refresh.ms", "10000",
            "How often /metrics looks for Kafka client metrics that appeared since the last look (new partitions, DLQ reasons)");

    /** Prefix of Kafka client settings passed through as they are (e.g. kafka.security.protocol). */
    public static final String KAFKA_PREFIX = "kafka.";
    public static final String ENV_PREFIX = "TRAJECTORY_";

    private final String key;
    private final String defaultValue;
    private final String description;

    ConfigKey(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** True for a setting whose value is a secret: never printed ({@code ./trajectory config}, logs). */
    public boolean sensitive() {
        return this == CLUSTER_SECRET;
    }

    public String envName() {
        return envNameOf(key);
    }

    public static String envNameOf(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public static Optional<ConfigKey> byKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }

    public static Optional<ConfigKey> byEnvName(String envName) {
        return Arrays.stream(values()).filter(k -> k.envName().equals(envName)).findFirst();
    }
}
