package io.trajectory.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.config.TrajectoryConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Keeps docker-compose.yml and the Dockerfile in step with the code, without Docker: pinned images,
 * a KRaft-only broker, and a service configured only with settings the app really reads.
 */
class DockerComposeTest {

    private static final String MAIN_CLASS = "io.trajectory.app.TrajectoryMain";
    private static final Pattern SEMVER = Pattern.compile("\\d+\\.\\d+\\.\\d+");

    private static Path root;
    private static String composeText;
    private static Map<String, Object> compose;
    private static String dockerfile;

    @BeforeAll
    static void readFiles() throws IOException {
        root = repositoryRoot();
        composeText = Files.readString(root.resolve("docker-compose.yml"));
        compose = new Yaml(new SafeConstructor(new LoaderOptions())).load(composeText);
        dockerfile = Files.readString(root.resolve("Dockerfile"));
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no docker-compose.yml above " + Path.of("").toAbsolutePath());
    }

    // ---- YAML helpers ----

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        assertThat(value).as(what).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> services() {
        return map(compose.get("services"), "services");
    }

    private static Map<String, Object> service(String name) {
        return map(services().get(name), "service " + name);
    }

    /** A service's environment as strings, from either the map or the list form. */
    private static Map<String, String> environment(String serviceName) {
        Object env = service(serviceName).get("environment");
        Map<String, String> out = new LinkedHashMap<>();
        if (env instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else if (env instanceof List<?> list) {
            for (Object entry : list) {
                String s = String.valueOf(entry);
                int eq = s.indexOf('=');
                out.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            }
        }
        return out;
    }

    /** Short-syntax port mappings of a service as (host port, container port). */
    private static List<int[]> publishedPorts(String serviceName) {
        List<int[]> out = new ArrayList<>();
        Object ports = service(serviceName).get("ports");
        if (ports instanceof List<?> list) {
            for (Object p : list) {
                String[] parts = String.valueOf(p).replaceAll("/(tcp|udp)$", "").split(":");
                assertThat(parts.length).as("port mapping %s has HOST:CONTAINER", p).isGreaterThanOrEqualTo(2);
                out.add(new int[] {Integer.parseInt(parts[parts.length - 2]), Integer.parseInt(parts[parts.length - 1])});
            }
        }
        return out;
    }

    /** Listener name → host:port, from a Kafka listeners string such as PLAINTEXT://kafka:19092,... */
    private static Map<String, String> listeners(String value) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String listener : value.split(",")) {
            String[] nameAndAddress = listener.strip().split("://", 2);
            assertThat(nameAndAddress).as("listener %s", listener).hasSize(2);
            out.put(nameAndAddress[0], nameAndAddress[1]);
        }
        return out;
    }

    private static String port(String hostPort) {
        return hostPort.substring(hostPort.lastIndexOf(':') + 1);
    }

    /** The images of every FROM line of the Dockerfile, with the build-stage names it defines. */
    private record From(String image, Optional<String> stage) {
    }

    private static List<From> fromLines() {
        List<From> out = new ArrayList<>();
        for (String line : dockerfile.lines().map(String::strip).toList()) {
            if (line.toUpperCase(Locale.ROOT).startsWith("FROM ")) {
                List<String> words = new ArrayList<>(Arrays.asList(line.split("\\s+")));
                words.remove(0);
                words.removeIf(w -> w.startsWith("--"));
                Optional<String> stage = words.size() >= 3 && words.get(1).equalsIgnoreCase("AS")
                        ? Optional.of(words.get(2)) : Optional.empty();
                out.add(new From(words.get(0), stage));
            }
        }
        return out;
    }

    private static boolean isPinned(String image) {
        if (image.contains("$")) {
            return false;
        }
        if (image.contains("@sha256:")) {
            return true;
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon <= slash) {
            return false;
        }
        String tag = image.substring(colon + 1);
        return !tag.isBlank() && !tag.equalsIgnoreCase("latest");
    }

    // ---- compose ----

    @Test
    void shouldParseWithAKafkaAndATrajectoryService() {
        assertThat(compose).isNotNull();
        assertThat(services()).containsKeys("kafka", "trajectory");
    }

    @Test
    void shouldPinTheTagOfEveryImage() {
        services().forEach((name, definition) -> {
            Object image = map(definition, name).get("image");
            assertThat(image).as("service %s names its image", name).isNotNull();
            assertThat(isPinned(String.valueOf(image))).as("image %s of service %s is pinned", image, name).isTrue();
        });
    }

    @Test
    void shouldRunTheOfficialApacheKafkaImageAtAReleaseVersion() {
        String image = String.valueOf(service("kafka").get("image"));

        assertThat(image).startsWith("apache/kafka:");
        assertThat(image.substring("apache/kafka:".length())).matches(SEMVER);
    }

    @Test
    void shouldRunABrokerOfTheSameMajorVersionAsTheKafkaClients() throws IOException {
        Matcher pomVersion = Pattern.compile("<kafka\\.version>(\\d+)\\.").matcher(Files.readString(root.resolve("pom.xml")));
        assertThat(pomVersion.find()).as("root pom declares kafka.version").isTrue();

        String tag = String.valueOf(service("kafka").get("image")).replaceFirst("^apache/kafka:", "");

        assertThat(tag).startsWith(pomVersion.group(1) + ".");
    }

    @Test
    void shouldConfigureTheServiceOnlyWithSettingsTheAppReads() {
        Map<String, String> env = environment("trajectory");

        assertThat(env).isNotEmpty();
        assertThat(env.keySet()).allSatisfy(name ->
                assertThat(TrajectoryConfig.readsEnv(name)).as("the app reads %s", name).isTrue());
    }

    @Test
    void shouldPointTheServiceAtAListenerTheBrokerAdvertisesOnTheComposeNetwork() {
        String bootstrap = environment("trajectory").get("TRAJECTORY_BOOTSTRAP_SERVERS");
        Map<String, String> kafka = environment("kafka");
        Map<String, String> advertised = listeners(kafka.get("KAFKA_ADVERTISED_LISTENERS"));
        Map<String, String> bound = listeners(kafka.get("KAFKA_LISTENERS"));

        assertThat(bootstrap).as("TRAJECTORY_BOOTSTRAP_SERVERS").isNotBlank();
        for (String server : bootstrap.split(",")) {
            assertThat(advertised).as("advertised listeners").containsValue(server.strip());
            String name = advertised.entrySet().stream().filter(e -> e.getValue().equals(server.strip()))
                    .map(Map.Entry::getKey).findFirst().orElseThrow();
            assertThat(bound).as("the broker binds listener %s", name).containsKey(name);
            assertThat(port(bound.get(name))).as("listener %s binds the advertised port", name).isEqualTo(port(server));
            String host = server.strip().substring(0, server.strip().lastIndexOf(':'));
            assertThat(List.of("kafka", String.valueOf(service("kafka").getOrDefault("hostname", "kafka"))))
                    .as("host of %s is the kafka service on the compose network", server).contains(host);
        }
    }

    @Test
    void shouldPublishTheApiOnTheConfiguredHttpPort() {
        int httpPort = Integer.parseInt(environment("trajectory").get("TRAJECTORY_HTTP_PORT"));

        assertThat(publishedPorts("trajectory")).as("published ports")
                .anySatisfy(p -> assertThat(p).containsExactly(httpPort, httpPort));
    }

    @Test
    void shouldListenOnEveryInterfaceOfTheContainerButPublishOnTheHostsLoopbackOnly() {
        // http.host defaults to 127.0.0.1: inside a container that would be unreachable through the published port
        assertThat(environment("trajectory")).containsEntry("TRAJECTORY_HTTP_HOST", "0.0.0.0");
        assertThat(service("trajectory").get("ports")).asList()
                .allSatisfy(p -> assertThat(String.valueOf(p)).startsWith("127.0.0.1:"));
        assertThat(service("kafka").get("ports")).asList()
                .allSatisfy(p -> assertThat(String.valueOf(p)).startsWith("127.0.0.1:"));
    }

    @Test
    void shouldStartTheServiceOnlyOnceTheBrokerIsHealthy() {
        Map<String, Object> dependsOn = map(service("trajectory").get("depends_on"), "depends_on");

        assertThat(map(dependsOn.get("kafka"), "depends_on.kafka")).containsEntry("condition", "service_healthy");
        assertThat(service("kafka")).containsKey("healthcheck");
    }

    @Test
    void shouldKeepStreamsStateOnAVolumeAtTheDataDir() {
        String dataDir = environment("trajectory").get("TRAJECTORY_DATA_DIR");
        Object volumes = service("trajectory").get("volumes");

        assertThat(dataDir).isNotBlank();
        assertThat(volumes).asList().anySatisfy(v -> assertThat(String.valueOf(v)).endsWith(":" + dataDir));
    }

    @Test
    void shouldRunKafkaInKraftModeWithoutZooKeeper() {
        Map<String, String> kafka = environment("kafka");

        assertThat(composeText.toLowerCase(Locale.ROOT)).doesNotContain("zookeeper");
        assertThat(dockerfile.toLowerCase(Locale.ROOT)).doesNotContain("zookeeper");
        assertThat(services().keySet()).noneSatisfy(name -> assertThat(name.toLowerCase(Locale.ROOT)).contains("zk"));
        assertThat(kafka.get("KAFKA_PROCESS_ROLES").split(",")).containsExactlyInAnyOrder("broker", "controller");
        assertThat(kafka).containsKeys("KAFKA_CONTROLLER_QUORUM_VOTERS", "KAFKA_CONTROLLER_LISTENER_NAMES", "CLUSTER_ID");
    }

    @Test
    void shouldNotLetTheBrokerCreateTopicsOnItsOwn() {
        assertThat(environment("kafka").get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")).isEqualToIgnoringCase("false");
    }

    @Test
    void shouldReplicateInternalTopicsOnlyAsFarAsOneBrokerCan() {
        Map<String, String> kafka = environment("kafka");

        assertThat(kafka).containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");
        assertThat(environment("trajectory")).containsEntry("TRAJECTORY_TOPICS_REPLICATION_FACTOR", "1");
    }

    // ---- Dockerfile ----

    @Test
    void shouldPinEveryBaseImageOfTheDockerfile() {
        List<From> froms = fromLines();
        List<String> stages = froms.stream().flatMap(f -> f.stage().stream()).toList();

        assertThat(froms).as("FROM lines").hasSizeGreaterThanOrEqualTo(2);
        assertThat(froms).allSatisfy(f -> assertThat(stages.contains(f.image()) || isPinned(f.image()))
                .as("base image %s is pinned", f.image()).isTrue());
    }

    @Test
    void shouldRecogniseUnpinnedImages() {
        assertThat(isPinned("eclipse-temurin")).isFalse();
        assertThat(isPinned("eclipse-temurin:latest")).isFalse();
        assertThat(isPinned("localhost:5000/trajectory")).isFalse();
        assertThat(isPinned("eclipse-temurin:${JRE}")).isFalse();
        assertThat(isPinned("eclipse-temurin:17.0.17_10-jre")).isTrue();
        assertThat(isPinned("localhost:5000/trajectory:0.1.0")).isTrue();
    }

    @Test
    void shouldStartTheAppMainClassWithTheRunCommand() {
        String entrypoint = dockerfile.lines().filter(l -> l.strip().startsWith("ENTRYPOINT")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("Dockerfile has no ENTRYPOINT"));

        assertThat(entrypoint).contains("\"" + MAIN_CLASS + "\", \"run\"");
        assertThat(entrypoint).contains("/opt/trajectory/trajectory.jar:/opt/trajectory/lib/*");
    }

    @Test
    void shouldRunTheServiceAsANonRootUser() {
        String lastUser = dockerfile.lines().map(String::strip).filter(l -> l.startsWith("USER ")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("Dockerfile sets no USER"));

        assertThat(lastUser).doesNotContain("root").isNotEqualTo("USER 0");
    }

    @Test
    void shouldCopyThePomOfEveryModuleBeforeResolvingDependencies() throws IOException {
        // without a module's pom, 'mvn dependency:go-offline' fails: "Child module ... does not exist"
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(root.resolve("pom.xml")));
        List<String> modules = new ArrayList<>();
        while (module.find()) {
            modules.add(module.group(1));
        }

        assertThat(modules).isNotEmpty();
        for (String m : modules) {
            assertThat(dockerfile).as("Dockerfile copies %s/pom.xml", m).contains("COPY " + m + "/pom.xml " + m + "/");
        }
    }

    @Test
    void shouldBuildTheServiceFromThisDockerfile() {
        Object build = service("trajectory").get("build");

        assertThat(build).isIn(".", "./");
        assertThat(root.resolve("Dockerfile")).isRegularFile();
        assertThat(dockerfile).contains("EXPOSE " + environment("trajectory").get("TRAJECTORY_HTTP_PORT"));
    }
}
