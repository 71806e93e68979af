package io.trajectory.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trajectory.ladder.Ladder;
import io.trajectory.ladder.LadderLoader;
import io.trajectory.processor.fold.Ledger;
import io.trajectory.producer.Events;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.PersonLedger;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code asOf} and {@code knownAt} on every endpoint that takes them: one accepted range (the event times the
 * validator accepts), a date alone meaning the end of that day (UTC), a 400 naming parameter, value and range
 * outside it.
 */
class PointInTimeParamsTest extends ApiTestSupport {

    private static final Ladder LADDER = LadderLoader.defaultLadder();
    private static final String RANGE_FROM = "1900-01-01T00:00:00Z";
    private static final String RANGE_TO = "9999-12-31T23:59:59.999Z";
    private static final String DISTRIBUTION = "/api/v1/analytics/stage-distribution";

    /** Hired 2023-01-02; promoted to ADVANCING at 2024-02-01T09:00Z, recorded 2024-05-01T09:00Z. */
    @BeforeEach
    void ledger() {
        List<SpecificRecord> events = List.of(
                Events.hired("p-1").eventId("h").title("TPM I").department("Payments")
                        .occurredAt(Instant.parse("2023-01-02T09:00:00Z")).recordedAt(Instant.parse("2023-01-02T09:00:00Z")).build(),
                Events.promotion("p-1").eventId("pr1").toStage("ADVANCING").title("TPM II")
                        .occurredAt(Instant.parse("2024-02-01T09:00:00Z")).recordedAt(Instant.parse("2024-05-01T09:00:00Z")).build());
        PersonLedger ledger = null;
        for (SpecificRecord e : events) {
            ledger = ((Ledger.Outcome.Accepted) Ledger.accept(ledger, e, Codecs.events().encode(e), LADDER)).ledger();
        }
        people.put(ledger);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "/api/v1/people/p-1?asOf=, asOf", "/api/v1/people/p-1?knownAt=, knownAt",
        "/api/v1/people/p-1/timeline?asOf=, asOf", "/api/v1/people/p-1/timeline?knownAt=, knownAt",
        "/api/v1/people/p-1?explain=true&asOf=, asOf", DISTRIBUTION + "?asOf=, asOf"})
    void shouldRefuseAPointInTimeOutsideTheAcceptedRangeNamingParameterValueAndRange(String prefix, String name) {
        for (String value : List.of("%2B999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z",
                "1899-12-31T23:59:59.999Z", "1899-12-31", "%2B10000-01-01T00:00:00Z")) {
            Answer a = get(prefix + value);

            assertThat(a.status()).as(prefix + value + " " + a.body()).isEqualTo(400);
            assertThat(a.contentType()).startsWith("application/problem+json");
            JsonNode problem = a.json();
            assertThat(problem.get("type").asText()).isEqualTo("urn:trajectory:problem:invalid-query");
            JsonNode error = problem.get("errors").get(0);
            assertThat(error.get("field").asText()).isEqualTo(name);
            String raw = value.replace("%2B", "+");
            assertThat(error.get("value").asText()).isEqualTo(raw);
            assertThat(error.get("earliest").asText()).isEqualTo(RANGE_FROM);
            assertThat(error.get("latest").asText()).isEqualTo(RANGE_TO);
            assertThat(error.get("message").asText()).contains(raw).contains(RANGE_FROM).contains(RANGE_TO);
        }
    }

    @Test
    void shouldAcceptTheEdgesOfTheRange() {
        assertThat(get("/api/v1/people/p-1?knownAt=" + RANGE_TO).status()).isEqualTo(200);
        assertThat(get("/api/v1/people/p-1/timeline?asOf=9999-12-31").status()).isEqualTo(200);
        assertThat(get("/api/v1/people/p-1?asOf=1900-01-01T00:00:00Z").status()).as("known, but not yet hired").isEqualTo(404);
        assertThat(get(DISTRIBUTION + "?asOf=1900-01-01").status()).isEqualTo(200);
    }

    @Test
    void shouldReadADateAloneAsTheEndOfThatDayUtc() {
        JsonNode promotionDay = get("/api/v1/people/p-1?asOf=2024-02-01").json();
        JsonNode dayBefore = get("/api/v1/people/p-1?asOf=2024-01-31").json();
        JsonNode recordingDay = get("/api/v1/people/p-1?knownAt=2024-05-01").json();
        JsonNode timeline = get("/api/v1/people/p-1/timeline?asOf=2024-02-01&knownAt=2024-05-01").json();

        assertThat(promotionDay.get("stage").asText()).as("an event at 09:00 that day is included").isEqualTo("ADVANCING");
        assertThat(promotionDay.get("asOf").asText()).isEqualTo("2024-02-01T23:59:59.999Z");
        assertThat(dayBefore.get("stage").asText()).isEqualTo("JUNIOR");
        assertThat(recordingDay.get("stage").asText()).isEqualTo("ADVANCING");
        assertThat(recordingDay.get("knownAt").asText()).isEqualTo("2024-05-01T23:59:59.999Z");
        assertThat(timeline.get("asOf").asText()).isEqualTo("2024-02-01T23:59:59.999Z");
        assertThat(timeline.get("knownAt").asText()).isEqualTo("2024-05-01T23:59:59.999Z");
        assertThat(timeline.get("transitions")).hasSize(2);
        assertThat(get(DISTRIBUTION + "?asOf=2024-12-01").json().get("asOf").asText()).isEqualTo("2024-12-01T23:59:59.999Z");
    }

    @Test
    void shouldRefuseADateThatDoesNotExist() {
        Answer a = get("/api/v1/people/p-1?asOf=2024-02-30");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("errors").get(0).get("message").asText())
                .contains("a date (2024-03-01, the end of that day UTC) or an RFC 3339 timestamp with an offset");
    }

    @Test
    void shouldTruncateAndEscapeALongOrOddValueInTheProblem() {
        String longValue = "2024-" + "9".repeat(5_000);
        Answer a = get("/api/v1/people/p-1?asOf=" + longValue);
        Answer control = get("/api/v1/people/p-1?knownAt=2024-01-01%0AT00:00:00Z");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body().length()).as("the value is not echoed whole").isLessThan(1_500);
        assertThat(a.json().get("errors").get(0).get("value").asText()).startsWith("2024-999").endsWith("…").hasSizeLessThan(100);
        assertThat(control.status()).isEqualTo(400);
        assertThat(control.json().get("errors").get(0).get("value").asText()).isEqualTo("2024-01-01\\u000aT00:00:00Z");
    }
}
