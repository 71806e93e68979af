package io.trajectory.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, for real: {@code ./trajectory demo} in its own JVM serves the sample
 * people; Ctrl-C (SIGINT) stops it cleanly; {@code ./trajectory run} on the same data finds them again.
 */
@Tag("integration")
@Timeout(300)
class LauncherIT {

    private static final Pattern API = Pattern.compile("API:\\s+(http://localhost:\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("trajectory"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (the ./trajectory launcher)");
        }
        return dir;
    }

    /** A launched ./trajectory process whose output is collected line by line. */
    private static final class Launched implements AutoCloseable {
        final Process process;
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        Launched(String... args) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(repoRoot().resolve("trajectory").toString());
            command.addAll(List.of(args));
            process = new ProcessBuilder(command).directory(repoRoot().toFile()).redirectErrorStream(true).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "launcher-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits until the banner shows the API address; returns it. */
        String awaitReady(long timeoutSeconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (System.nanoTime() < deadline) {
                synchronized (lines) {
                    if (lines.stream().anyMatch(l -> l.startsWith("Trajectory is ready"))) {
                        for (String l : lines) {
                            Matcher m = API.matcher(l);
                            if (m.find()) {
                                return m.group(1);
                            }
                        }
                    }
                }
                if (!process.isAlive()) {
                    throw new AssertionError("launcher exited with " + process.exitValue() + ":\n" + String.join("\n", lines));
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
            throw new AssertionError("launcher not ready in " + timeoutSeconds + " s:\n" + String.join("\n", lines));
        }

        /** Ctrl-C: SIGINT to the JVM (the launcher execs java, so its pid is the JVM's). */
        int interrupt() throws Exception {
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s after Ctrl-C").isTrue();
            return process.exitValue();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    private static int status(String url, String key) throws Exception {
        return HttpClient.newHttpClient().send(ItRuntime.authorized(HttpRequest.newBuilder(URI.create(url)), key).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String body(String url, String key) throws Exception {
        return HttpClient.newHttpClient().send(ItRuntime.authorized(HttpRequest.newBuilder(URI.create(url)), key).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The key the demo printed as {@code export NAME=trj_...}. */
    private static String printedKey(List<String> lines, String name) {
        return lines.stream().map(String::strip).filter(l -> l.startsWith("export " + name + "=trj_"))
                .map(l -> l.substring(("export " + name + "=").length()).split("\\s+")[0])
                .findFirst().orElseThrow(() -> new AssertionError("the demo printed no " + name + " key:\n" + String.join("\n", lines)));
    }

    @Test
    void shouldServeTheDemoStopOnCtrlCAndKeepTheDataForTheNextStart() throws Exception {
        String[] common = {"--data-dir", dataDir.toString(), "--http-port", "0",
                "--set", "broker.port=0", "--set", "broker.controller.port=0"};

        long started = System.nanoTime();
        String admin;
        try (Launched demo = new Launched(concat("demo", common))) {
            String base = demo.awaitReady(180);
            long readyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            System.out.printf("./trajectory demo ready in %d ms%n", readyMillis);

            admin = printedKey(demo.lines, "ADMIN");
            String cleo = printedKey(demo.lines, "CLEO");
            assertThat(JSON.readTree(body(base + "/api/v1/people/cleo", admin)).path("stage").asText()).isEqualTo("ADVANCING");
            assertThat(status(base + "/api/v1/people/cleo", cleo)).as("cleo's own key").isEqualTo(200);
            assertThat(status(base + "/api/v1/people/dev", cleo)).as("cleo's key on someone else").isEqualTo(403);
            assertThat(status(base + "/api/v1/people/cleo", "trj_0000000000000000_" + "A".repeat(43))).isEqualTo(401);
            assertThat(demo.lines).anyMatch(l -> l.contains("curl -s -H \"Authorization: Bearer $ADMIN\" " + base + "/api/v1/people/cleo"));

            demo.interrupt();
            assertThat(demo.lines).anyMatch(l -> l.contains("Shutting down Trajectory"));
            assertThat(demo.lines).as("no stack trace").noneMatch(l -> l.startsWith("\tat "));
            assertThat(demo.lines).as("no logging-framework chatter (logback's status list)")
                    .noneMatch(l -> l.contains("|-INFO in ch.qos.logback") || l.contains("|-WARN in ch.qos.logback"));
        }

        try (Launched run = new Launched(concat("run", common))) {
            String base = run.awaitReady(180);
            // the demo's keys are in the keys topic: they still work after the restart
            assertThat(status(base + "/api/v1/people/eve", admin)).isEqualTo(200);
            assertThat(JSON.readTree(body(base + "/api/v1/people/eve", admin)).path("stage").asText()).isEqualTo("BEYOND");
            assertThat(run.lines).noneMatch(l -> l.startsWith("Loaded "));
            run.interrupt();
        }
    }

    private static String[] concat(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
