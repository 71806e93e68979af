package io.trajectory.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * Freshness: POST one event for a person over HTTP; once it is accepted (202), poll
 * {@code GET /api/v1/people/{id}} until the person's {@code lastEventId} is that event's id. The time
 * from the 202 to that answer is the event's freshness. Each probe event happens "now", after the
 * whole generated history, so it becomes the person's last event.
 */
final class FreshnessProbe {

    static final int POLL_MILLIS = 2;
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final int people;
    private final String runId;

    private final String authorization;

    FreshnessProbe(int port, int people, String runId, String apiKey) {
        this.authorization = "Bearer " + apiKey;
        this.base = "http://127.0.0.1:" + port;
        this.people = people;
        this.runId = runId;
    }

    /**
     * The outcome of the probes.
     *
     * @param nanos      accepted → visible
     * @param notVisible probes not visible within 30 s (or refused)
     */
    record Result(Histogram nanos, int notVisible) {
    }

    /** Sends {@code probes} probes from {@code parallel} threads, each one probe at a time. */
    Result run(int probes, int parallel, long seed) throws InterruptedException {
        Histogram nanos = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger notVisible = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < parallel; t++) {
            Random random = new Random(seed + t);
            Thread thread = new Thread(() -> {
                for (int k = next.getAndIncrement(); k < probes; k = next.getAndIncrement()) {
                    long took = probe(k, random);
                    if (took < 0) {
                        notVisible.incrementAndGet();
                    } else {
                        synchronized (nanos) {
                            nanos.recordValue(Math.min(took, nanos.getHighestTrackableValue()));
                        }
                    }
                }
            }, "bench-freshness-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return new Result(nanos, notVisible.get());
    }

    /** One probe: nanoseconds from accepted to visible, or -1. */
    private long probe(int k, Random random) {
        int oddPeople = people / 2;
        String personId = Workload.personId(oddPeople == 0 ? 0 : 2 * random.nextInt(oddPeople) + 1);
        String eventId = "fresh-" + runId + "-" + k;
        String body = "{\"specversion\":\"1.0\",\"id\":\"" + eventId + "\",\"source\":\"bench/freshness\","
                + "\"type\":\"trajectory.project-delivered\",\"subject\":\"" + personId + "\",\"time\":\""
                + Instant.now().truncatedTo(ChronoUnit.MILLIS) + "\",\"data\":{\"projectId\":\"fresh-" + k
                + "\",\"name\":\"Freshness probe " + k + "\",\"crossTeam\":false}}";
        try {
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/events"))
                    .header("Content-Type", "application/cloudevents+json").header("Authorization", authorization)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            long accepted = System.nanoTime();
            if (posted.statusCode() != 202) {
                return -1;
            }
            long deadline = accepted + PROBE_TIMEOUT.toNanos();
            HttpRequest get = HttpRequest.newBuilder(URI.create(base + "/api/v1/people/" + personId))
                    .header("Authorization", authorization).GET().build();
            while (System.nanoTime() < deadline) {
                HttpResponse<String> got = http.send(get, HttpResponse.BodyHandlers.ofString());
                long answered = System.nanoTime();
                if (got.statusCode() == 200) {
                    JsonNode last = JSON.readTree(got.body()).get("lastEventId");
                    if (last != null && eventId.equals(last.asText())) {
                        return answered - accepted;
                    }
                }
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            }
            return -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
