package io.trajectory.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trajectory.api.PersonQueries;
import io.trajectory.api.NotReadyException;
import io.trajectory.producer.CareerEventProducer;
import io.trajectory.producer.cloudevents.CloudEventMapper;
import io.trajectory.producer.cloudevents.MappingResult;
import io.trajectory.state.PersonState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;

/**
 * The demo's sample people, each at one stage of the seed article's five: Ada (interviews), Ben
 * (junior; a promotion recorded for him by mistake is retracted), Cleo (advancing, by evidence),
 * Dev (senior, expanding core fields), Eve (beyond TPM) and Finn (a junior who left). The events
 * are CloudEvents in {@code sample-events.jsonl}, with fixed ids: loading them twice changes nothing.
 */
public final class SampleData {

    static final String RESOURCE = "/io/trajectory/app/sample-events.jsonl";

    private SampleData() {
    }

    /** The sample CloudEvents, in file order. */
    public static List<JsonNode> cloudEvents() {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        try (InputStream in = SampleData.class.getResourceAsStream(RESOURCE);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    out.add(json.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** personId → id of that person's last sample event (the file is in event-time order per person). */
    public static Map<String, String> lastEventIdByPerson() {
        Map<String, String> last = new LinkedHashMap<>();
        for (JsonNode event : cloudEvents()) {
            last.put(event.get("subject").asText(), event.get("id").asText());
        }
        return last;
    }

    /** Sends every sample event and waits until Kafka acknowledged them all; returns how many. */
    public static int load(CloudEventMapper mapper, CareerEventProducer producer, Duration timeout) {
        List<JsonNode> events = cloudEvents();
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            MappingResult result = mapper.map(events.get(i), i);
            if (!result.ok()) {
                throw new IllegalStateException("sample event " + i + " is invalid: " + result.violations());
            }
            SpecificRecord event = result.event();
            sends.add(producer.send(event));
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new UserError("could not send the sample events to Kafka: " + e.getMessage(), e);
        }
        return events.size();
    }

    /** Waits (bounded) until every sample person's state includes their last sample event. */
    public static boolean awaitVisible(PersonQueries people, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> expected = lastEventIdByPerson();
        while (System.nanoTime() < deadline) {
            if (expected.entrySet().stream().allMatch(e -> hasSeen(people, e.getKey(), e.getValue()))) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return false;
    }

    private static boolean hasSeen(PersonQueries people, String personId, String eventId) {
        try {
            Optional<PersonState> state = people.person(personId);
            return state.isPresent() && eventId.equals(state.get().getLastEventId());
        } catch (NotReadyException e) {
            return false;
        }
    }
}
