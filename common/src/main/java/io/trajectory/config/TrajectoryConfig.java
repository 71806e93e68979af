package io.trajectory.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The one configuration loader of every Trajectory module. Precedence, lowest first:
 * <ol>
 *   <li>built-in defaults ({@link ConfigKey#defaultValue()})</li>
 *   <li>a properties file ({@code --config FILE} or {@code TRAJECTORY_CONFIG})</li>
 *   <li>environment variables ({@code TRAJECTORY_HTTP_PORT=8081})</li>
 *   <li>command-line flags ({@code --http-port 8081} or {@code --set http.port=8081})</li>
 * </ol>
 * Unknown keys in a file or on the command line are errors (a typo must not be silently
 * ignored). Keys starting with {@code kafka.} are Kafka client settings passed through as they are.
 */
public final class TrajectoryConfig {

    /**
     * Why {@code streams.store.type=in-memory} is refused: in Kafka Streams 4.4.0,
     * {@code InMemoryKeyValueStore.put} holds the store's monitor and then takes its {@code Position},
     * while an IQv2 query holds the {@code Position} and then takes the store's monitor. Under query
     * load this deadlocked the stream thread for good (seen in the benchmark, thread dump in the
     * README's notes). RocksDB stores do not take that path.
     */
    public static final String IN_MEMORY_REFUSED = "in-memory is refused: Kafka Streams 4.4.0's in-memory store deadlocks under interactive queries (InMemoryKeyValueStore.put locks the store then its Position, an IQv2 query the Position then the store; seen here: the stream thread blocked for good)";


    /** Why {@code processing.guarantee=at_least_once} is refused. */
    public static final String AT_LEAST_ONCE_REFUSED = "at_least_once is refused: after a crash the restarted"
            + " instance finds events in its ledger whose outputs never reached Kafka, treats their replay as"
            + " duplicates and publishes nothing, so stage transitions are lost (and states published twice);"
            + " exactly_once_v2 commits the ledger and the outputs together";

    /**
     * JVM system property (not a setting: no file, environment variable or flag reaches it) that lets
     * {@code processing.guarantee=at_least_once} through. Internal and for tests only: the crash test's
     * negative control uses it to show that its check can fail. Never set it in production.
     */
    public static final String INTERNAL_ALLOW_AT_LEAST_ONCE = "trajectory.internal.test.allow-at-least-once";

    /** The smallest {@code analytics.min.group.size} accepted: below it, analytics would identify people. */
    public static final int MIN_GROUP_SIZE_FLOOR = 3;

    /** Environment variable naming the config file. */
    public static final String CONFIG_FILE_ENV = "TRAJECTORY_CONFIG";

    private final Map<String, String> values;
    private final Map<String, String> sources;

    private TrajectoryConfig(Map<String, String> values, Map<String, String> sources) {
        this.values = Collections.unmodifiableMap(values);
        this.sources = Collections.unmodifiableMap(sources);
    }

    public static TrajectoryConfig defaults() {
        return load(Optional.empty(), Map.of(), Map.of());
    }

    /** Loads with the process environment and, if set, the file named by {@code TRAJECTORY_CONFIG}. */
    public static TrajectoryConfig fromEnvironment(Optional<Path> file, Map<String, String> flags) {
        Map<String, String> env = System.getenv();
        Optional<Path> configFile = file.or(() -> Optional.ofNullable(env.get(CONFIG_FILE_ENV))
                .filter(s -> !s.isBlank()).map(Path::of));
        return load(configFile, env, flags);
    }

    public static TrajectoryConfig load(Optional<Path> file, Map<String, String> env, Map<String, String> flags) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        for (ConfigKey key : ConfigKey.values()) {
            values.put(key.key(), key.defaultValue());
            sources.put(key.key(), "default");
        }
        if (file.isPresent()) {
            readFile(file.get()).forEach((k, v) -> put(values, sources, k, v, "file " + file.get()));
        }
        env.forEach((name, value) -> keyOfEnv(name).ifPresent(k -> put(values, sources, k, value, "env " + name)));
        flags.forEach((k, v) -> put(values, sources, k, v, "flag"));
        expandKafkaConfigFile(values, sources);
        TrajectoryConfig config = new TrajectoryConfig(values, sources);
        config.validate();
        return config;
    }

    /** A copy with one more value, as if given as a flag. */
    public TrajectoryConfig with(String key, String value) {
        Map<String, String> v = new LinkedHashMap<>(values);
        Map<String, String> s = new LinkedHashMap<>(sources);
        put(v, s, key, value, "flag");
        expandKafkaConfigFile(v, s);
        TrajectoryConfig config = new TrajectoryConfig(v, s);
        config.validate();
        return config;
    }

    public TrajectoryConfig with(ConfigKey key, String value) {
        return with(key.key(), value);
    }

    private static void put(Map<String, String> values, Map<String, String> sources, String key, String value,
            String source) {
        String k = key.strip();
        if (ConfigKey.byKey(k).isEmpty() && !isKafkaKey(k)) {
            throw new ConfigException("unknown setting '" + k + "' (from " + source + "); known settings: "
                    + Arrays.stream(ConfigKey.values()).map(ConfigKey::key).collect(Collectors.joining(", "))
                    + ", or kafka.<client setting>");
        }
        values.put(k, value == null ? "" : value.strip());
        sources.put(k, source);
    }

    private static boolean isKafkaKey(String key) {
        return key.startsWith(ConfigKey.KAFKA_PREFIX) && key.length() > ConfigKey.KAFKA_PREFIX.length()
                && ConfigKey.byKey(key).isEmpty();
    }

    private static final String CLIENT_FILE_SOURCE = ConfigKey.KAFKA_CONFIG_FILE.key() + " ";

    /**
     * Adds the settings of the Kafka client properties file named by {@code kafka.config.file} as
     * {@code kafka.*} settings, below every {@code kafka.*} setting given any other way (a file of
     * ours, the environment, a flag). Entries of a file named earlier are dropped first.
     */
    private static void expandKafkaConfigFile(Map<String, String> values, Map<String, String> sources) {
        sources.entrySet().removeIf(e -> {
            boolean fromClientFile = e.getValue().startsWith(CLIENT_FILE_SOURCE);
            if (fromClientFile) {
                values.remove(e.getKey());
            }
            return fromClientFile;
        });
        String name = values.getOrDefault(ConfigKey.KAFKA_CONFIG_FILE.key(), "");
        if (name.isBlank()) {
            return;
        }
        Path file = Path.of(name);
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("setting " + ConfigKey.KAFKA_CONFIG_FILE.key() + " (from "
                    + sources.get(ConfigKey.KAFKA_CONFIG_FILE.key()) + "): Kafka client properties file not found: " + file);
        }
        readFile(file).forEach((k, v) -> {
            String key = ConfigKey.KAFKA_PREFIX + k.strip();
            if (k.isBlank() || !isKafkaKey(key)) {
                throw new ConfigException("Kafka client properties file " + file + ": '" + k + "' is not a Kafka client setting");
            }
            if (!values.containsKey(key)) {
                values.put(key, v == null ? "" : v.strip());
                sources.put(key, CLIENT_FILE_SOURCE + file);
            }
        });
    }

    /** The config key an environment variable sets, if it is one of ours. */
    public static Optional<String> keyOfEnv(String envName) {
        Optional<ConfigKey> known = ConfigKey.byEnvName(envName);
        if (known.isPresent()) {
            return Optional.of(known.get().key());
        }
        String kafkaEnvPrefix = ConfigKey.ENV_PREFIX + "KAFKA_";
        if (envName.startsWith(kafkaEnvPrefix) && envName.length() > kafkaEnvPrefix.length()) {
            return Optional.of(ConfigKey.KAFKA_PREFIX
                    + envName.substring(kafkaEnvPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '.'));
        }
        return Optional.empty();
    }

    /** True when Trajectory reads this environment variable. */
    public static boolean readsEnv(String envName) {
        return envName.equals(CONFIG_FILE_ENV) || keyOfEnv(envName).isPresent();
    }

    private static Map<String, String> readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file not found: " + file);
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        Map<String, String> map = new TreeMap<>();
        properties.stringPropertyNames().forEach(n -> map.put(n, properties.getProperty(n)));
        return map;
    }

    private void validate() {
        intValue(ConfigKey.HTTP_PORT, 0, 65535);
        intValue(ConfigKey.BROKER_PORT, 0, 65535);
        intValue(ConfigKey.BROKER_CONTROLLER_PORT, 0, 65535);
        intValue(ConfigKey.STREAM_THREADS, 1, 64);
        intValue(ConfigKey.COMMIT_INTERVAL_MS, 1, 600_000);
        intValue(ConfigKey.LEDGER_CACHE_BYTES, 0, Integer.MAX_VALUE);
        intValue(ConfigKey.TOPIC_PARTITIONS, 1, 10_000);
        intValue(ConfigKey.TOPIC_REPLICATION_FACTOR, 1, 32);
        intValue(ConfigKey.TOPIC_MIN_INSYNC_REPLICAS, 1, 32);
        intValue(ConfigKey.READY_TIMEOUT_SECONDS, 1, 3600);
        intValue(ConfigKey.HTTP_MAX_BODY_BYTES, 1, 256 * 1024 * 1024);
        intValue(ConfigKey.HTTP_SEND_TIMEOUT_MS, 1, 600_000);
        intValue(ConfigKey.STANDBY_REPLICAS, 0, 8);
        intValue(ConfigKey.QUERY_FORWARD_TIMEOUT_MS, 1, 600_000);
        intValue(ConfigKey.QUERY_AFTER_TIMEOUT_MS, 0, 600_000);
        intValue(ConfigKey.QUERY_STANDBY_MAX_LAG, 0, Integer.MAX_VALUE);
        String storeType = get(ConfigKey.STORE_TYPE);
        if (storeType.equals("in-memory")) {
            throw new ConfigException(describe(ConfigKey.STORE_TYPE) + " must be rocksdb: " + IN_MEMORY_REFUSED);
        }
        if (!storeType.equals("rocksdb")) {
            throw new ConfigException(describe(ConfigKey.STORE_TYPE) + " must be rocksdb, not '" + storeType + "'");
        }
        intValue(ConfigKey.ANALYTICS_QUANTILES_EXACT_MAX, 0, 1_000_000);
        intValue(ConfigKey.METRICS_KAFKA_REFRESH_MS, 100, 3_600_000);
        if (getInt(ConfigKey.ANALYTICS_MIN_GROUP_SIZE) < MIN_GROUP_SIZE_FLOOR) {
            throw new ConfigException(describe(ConfigKey.ANALYTICS_MIN_GROUP_SIZE) + " must be at least "
                    + MIN_GROUP_SIZE_FLOOR + ", not " + get(ConfigKey.ANALYTICS_MIN_GROUP_SIZE)
                    + ": smaller groups would let analytics identify people");
        }
        intValue(ConfigKey.ANALYTICS_MIN_GROUP_SIZE, MIN_GROUP_SIZE_FLOOR, 1_000_000);
        String guarantee = get(ConfigKey.PROCESSING_GUARANTEE);
        boolean internalAtLeastOnce = guarantee.equals("at_least_once")
                && Boolean.getBoolean(INTERNAL_ALLOW_AT_LEAST_ONCE);
        if (!guarantee.equals("exactly_once_v2") && !internalAtLeastOnce) {
            throw new ConfigException(describe(ConfigKey.PROCESSING_GUARANTEE)
                    + " must be exactly_once_v2, not '" + guarantee + "'"
                    + (guarantee.equals("at_least_once") ? ": " + AT_LEAST_ONCE_REFUSED : ""));
        }
        String kafkaGuarantee = ConfigKey.KAFKA_PREFIX + "processing.guarantee";
        if (values.containsKey(kafkaGuarantee)) {
            throw new ConfigException("setting " + kafkaGuarantee + " (from " + sourceOf(kafkaGuarantee)
                    + ") is not accepted: the processing guarantee is processing.guarantee, and it must be exactly_once_v2");
        }
        for (ConfigKey key : new ConfigKey[] {ConfigKey.APPLICATION_ID, ConfigKey.DATA_DIR, ConfigKey.TOPIC_CAREER_EVENTS,
                ConfigKey.TOPIC_DLQ, ConfigKey.TOPIC_PERSON_STATE, ConfigKey.TOPIC_STAGE_TRANSITIONS}) {
            if (get(key).isBlank()) {
                throw new ConfigException(describe(key) + " must not be empty");
            }
        }
    }

    public String get(ConfigKey key) {
        return values.get(key.key());
    }

    public Optional<String> optional(ConfigKey key) {
        return Optional.ofNullable(values.get(key.key())).filter(s -> !s.isBlank());
    }

    public int getInt(ConfigKey key) {
        return intValue(key, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    private int intValue(ConfigKey key, int min, int max) {
        String raw = get(key);
        int value;
        try {
            value = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new ConfigException(describe(key) + " must be a whole number, not '" + raw + "'");
        }
        if (value < min || value > max) {
            throw new ConfigException(describe(key) + " must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }

    /** Where a setting's value came from: "default", "file ...", "env ..." or "flag". */
    public String sourceOf(ConfigKey key) {
        return sources.get(key.key());
    }

    /** Where a setting's value came from ({@code default}, a file, the environment, {@code flag}); also for {@code kafka.*}. */
    public String sourceOf(String key) {
        return sources.getOrDefault(key, "default");
    }

    private String describe(ConfigKey key) {
        return "setting " + key.key() + " (from " + sources.get(key.key()) + ")";
    }

    /**
     * Kafka client settings given with the {@code kafka.} prefix (or in the {@code kafka.config.file}),
     * prefix removed: what every Kafka client Trajectory makes is given (security, timeouts, ...).
     */
    public Map<String, String> kafkaOverrides() {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (isKafkaKey(k)) {
                out.put(k.substring(ConfigKey.KAFKA_PREFIX.length()), v);
            }
        });
        return out;
    }

    /**
     * The settings of a Kafka client (producer, consumer, admin client, Kafka Streams) for this config:
     * {@link #kafkaOverrides()}, then {@code bootstrap.servers}. The client adds what it must set itself.
     */
    public Map<String, Object> kafkaClientProperties(String bootstrapServers) {
        return kafkaClientProperties(bootstrapServers, kafkaOverrides());
    }

    /**
     * The one place a Kafka client's settings start from: {@code overrides} (the {@code kafka.*}
     * settings: security protocol, SASL, TLS, ...), then {@code bootstrap.servers}.
     */
    public static Map<String, Object> kafkaClientProperties(String bootstrapServers, Map<String, ?> overrides) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers are required");
        }
        Map<String, Object> props = new LinkedHashMap<>(overrides);
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }

    /** The text shown for a setting wherever settings are printed or logged: {@code <hidden>} for a secret. */
    public static String display(String key, String value) {
        return isSecret(key) && value != null && !value.isEmpty() ? HIDDEN : value;
    }

    /** {@link #display} of every entry (keys as given). */
    public static Map<String, String> displayed(Map<String, String> settings) {
        Map<String, String> out = new TreeMap<>();
        settings.forEach((k, v) -> out.put(k, display(k, v)));
        return out;
    }

    /**
     * True for a setting whose value must never be printed: every Kafka client setting of type
     * {@code PASSWORD} ({@code sasl.jaas.config}, {@code ssl.*.password}, {@code ssl.keystore.key}, ...,
     * also behind a Kafka Streams prefix such as {@code producer.}), a {@link ConfigKey#sensitive()}
     * Trajectory setting ({@code cluster.secret}), and any key naming a password, secret, passphrase,
     * JAAS config or private key (but not a {@code *.file} setting naming where a secret is kept).
     */
    public static boolean isSecret(String key) {
        if (ConfigKey.byKey(key).map(ConfigKey::sensitive).orElse(false)) {
            return true;
        }
        String k = key.toLowerCase(Locale.ROOT);
        if (k.contains("password") || k.contains("jaas") || k.contains("passphrase")
                || (k.contains("secret") || k.contains("private.key")) && !k.endsWith(".file")) {
            return true;
        }
        for (String name : PASSWORD_TYPED) {
            if (k.equals(name) || k.endsWith("." + name)) {
                return true;
            }
        }
        return false;
    }

    private static final String HIDDEN = "<hidden>";

    /** The names of the Kafka producer, consumer and admin client settings of type PASSWORD. */
    private static final List<String> PASSWORD_TYPED = passwordTyped();

    private static List<String> passwordTyped() {
        List<String> names = new ArrayList<>();
        for (ConfigDef def : List.of(ProducerConfig.configDef(), ConsumerConfig.configDef(), AdminClientConfig.configDef())) {
            def.configKeys().forEach((name, key) -> {
                if (key.type == ConfigDef.Type.PASSWORD && !names.contains(name)) {
                    names.add(name);
                }
            });
        }
        return List.copyOf(names);
    }

    /** True when no external cluster is configured: the app starts its embedded broker. */
    public boolean usesEmbeddedBroker() {
        return optional(ConfigKey.BOOTSTRAP_SERVERS).isEmpty();
    }

    public Path dataDir() {
        return Path.of(get(ConfigKey.DATA_DIR));
    }

    public Path stateDir() {
        return optional(ConfigKey.STATE_DIR).map(Path::of).orElse(dataDir().resolve("streams"));
    }

    public Map<String, String> asMap() {
        return values;
    }


    @Override
    public String toString() {
        return values.entrySet().stream()
                .map(e -> e.getKey() + "=" + display(e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ", "TrajectoryConfig{", "}"));
    }
}
