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

/** History (asOf, knownAt), explanations and the timeline, over a real ledger. */
class PersonHistoryEndpointTest extends ApiTestSupport {

    private static final Ladder LADDER = LadderLoader.defaultLadder();

    private static Instant t(String s) {
        return Instant.parse(s);
    }

    /**
     * Hired 2023-01-02 as JUNIOR; two programs in 2023; a Promotion to ADVANCING dated 2024-02-01
     * but only recorded on 2024-05-01 (back-dated); a Promotion to SENIOR on 2025-03-01; one program
     * retracted on 2024-01-10 as recorded in error.
     */
    @BeforeEach
    void ledger() {
        List<SpecificRecord> events = List.of(
                Events.hired("p-1").eventId("h").title("TPM I").department("Payments")
                        .occurredAt(t("2023-01-02T09:00:00Z")).recordedAt(t("2023-01-02T09:00:00Z")).build(),
                Events.projectDelivered("p-1").eventId("p1").projectId("x").name("Checkout").crossTeam(true)
                        .occurredAt(t("2023-05-01T09:00:00Z")).recordedAt(t("2023-05-01T09:00:00Z")).build(),
                Events.projectDelivered("p-1").eventId("p2").projectId("y").name("Refunds").crossTeam(false)
                        .occurredAt(t("2023-09-01T09:00:00Z")).recordedAt(t("2023-09-01T09:00:00Z")).build(),
                Events.eventRetracted("p-1").eventId("r1").retractedEventId("p2").reason("duplicate entry")
                        .occurredAt(t("2024-01-10T09:00:00Z")).recordedAt(t("2024-01-10T09:00:00Z")).build(),
                Events.promotion("p-1").eventId("pr1").toStage("ADVANCING").title("TPM II")
                        .occurredAt(t("2024-02-01T09:00:00Z")).recordedAt(t("2024-05-01T09:00:00Z")).build(),
                Events.promotion("p-1").eventId("pr2").toStage("SENIOR").title("Senior TPM")
                        .occurredAt(t("2025-03-01T09:00:00Z")).recordedAt(t("2025-03-01T09:00:00Z")).build());
        PersonLedger ledger = null;
        for (SpecificRecord e : events) {
            Ledger.Outcome outcome = Ledger.accept(ledger, e, Codecs.events().encode(e), LADDER);
            ledger = ((Ledger.Outcome.Accepted) outcome).ledger();
        }
        people.put(ledger);
    }

    @Test
    void shouldAnswerTheStateAsOfAPastEventTime() {
        JsonNode p = get("/api/v1/people/p-1?asOf=2024-06-01T00:00:00Z").json();

        assertThat(p.get("stage").asText()).isEqualTo("ADVANCING");
        assertThat(p.get("stageSince").asText()).isEqualTo("2024-02-01T09:00:00Z");
        assertThat(p.get("asOf").asText()).isEqualTo("2024-06-01T00:00:00Z");
        assertThat(p.get("counters").get("programsDelivered").asInt()).isEqualTo(1);
        assertThat(get("/api/v1/people/p-1").json().get("stage").asText()).isEqualTo("SENIOR");
    }

    @Test
    void shouldShowABackDatedCorrectionOnlyFromTheTimeItWasRecorded() {
        JsonNode believedThen = get("/api/v1/people/p-1?asOf=2024-03-01T00:00:00Z&knownAt=2024-04-01T00:00:00Z").json();
        JsonNode believedLater = get("/api/v1/people/p-1?asOf=2024-03-01T00:00:00Z&knownAt=2024-06-01T00:00:00Z").json();

        assertThat(believedThen.get("stage").asText()).isEqualTo("JUNIOR");
        assertThat(believedThen.get("knownAt").asText()).isEqualTo("2024-04-01T00:00:00Z");
        assertThat(believedLater.get("stage").asText()).isEqualTo("ADVANCING");
    }

    @Test
    void shouldCountARetractedEventOnlyWhileTheRetractionWasUnknown() {
        JsonNode before = get("/api/v1/people/p-1?knownAt=2023-12-01T00:00:00Z").json();
        JsonNode after = get("/api/v1/people/p-1?asOf=2023-12-01T00:00:00Z").json();

        assertThat(before.get("counters").get("programsDelivered").asInt()).isEqualTo(2);
        assertThat(after.get("counters").get("programsDelivered").asInt())
                .as("a retraction removes its event at every event time, even before the retraction's own date")
                .isEqualTo(1);
    }

    @Test
    void shouldNameTheEventsBehindEveryPartOfTheStateWhenAskedToExplain() {
        JsonNode x = get("/api/v1/people/p-1?explain=true").json().get("explanation");

        assertThat(x.get("stage").get("stage").asText()).isEqualTo("SENIOR");
        assertThat(x.get("stage").get("causeEventId").asText()).isEqualTo("pr2");
        assertThat(x.get("stage").get("history").findValuesAsText("causeEventId")).containsExactly("h", "pr1", "pr2");
        assertThat(x.get("counters").get("programsDelivered")).extracting(JsonNode::asText).containsExactly("p1");
        assertThat(x.get("counters").get("crossTeamPrograms")).extracting(JsonNode::asText).containsExactly("p1");
        assertThat(x.get("employment")).extracting(JsonNode::asText).containsExactly("h", "pr1", "pr2");
        assertThat(x.get("retracted").get(0).get("eventId").asText()).isEqualTo("p2");
        assertThat(x.get("retracted").get(0).get("retractedBy").asText()).isEqualTo("r1");
        assertThat(x.get("foldedEvents")).extracting(JsonNode::asText).containsExactly("h", "p1", "r1", "pr1", "pr2");
    }

    @Test
    void shouldListTheStageTransitionsWithTheDaysSpentInEachStage() {
        JsonNode tl = get("/api/v1/people/p-1/timeline?asOf=2025-03-11T09:00:00Z").json();

        JsonNode transitions = tl.get("transitions");
        assertThat(transitions).hasSize(3);
        assertThat(transitions.get(0).get("stage").asText()).isEqualTo("JUNIOR");
        assertThat(transitions.get(0).get("fromStage").isNull()).isTrue();
        assertThat(transitions.get(0).get("daysInStage").asLong()).isEqualTo(395);   // 2023-01-02 → 2024-02-01
        assertThat(transitions.get(1).get("fromStage").asText()).isEqualTo("JUNIOR");
        assertThat(transitions.get(1).get("stage").asText()).isEqualTo("ADVANCING");
        assertThat(transitions.get(1).get("leftAt").asText()).isEqualTo("2025-03-01T09:00:00Z");
        assertThat(transitions.get(1).get("daysInStage").asLong()).isEqualTo(394);   // 2024-02-01 → 2025-03-01
        assertThat(transitions.get(2).get("current").asBoolean()).isTrue();
        assertThat(transitions.get(2).get("daysInStage").asLong()).isEqualTo(10);    // until asOf
        assertThat(tl.get("stage").asText()).isEqualTo("SENIOR");
    }

    @Test
    void shouldNotFindAPersonBeforeTheirFirstEvent() {
        Answer a = get("/api/v1/people/p-1?asOf=2022-01-01T00:00:00Z");

        assertThat(a.status()).isEqualTo(404);
        assertThat(a.json().get("detail").asText()).contains("happened by 2022-01-01T00:00:00Z");
    }

    @Test
    void shouldNameEveryBadQueryParameter() {
        Answer a = get("/api/v1/people/p-1?asOf=yesterday&knownat=2024-01-01T00:00:00Z&explain=maybe");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.contentType()).startsWith("application/problem+json");
        assertThat(a.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("asOf", "knownat", "explain");
        assertThat(a.body()).contains("RFC 3339").contains("unknown query parameter");
    }

    @Test
    void shouldRefuseExplainOnTheTimeline() {
        Answer a = get("/api/v1/people/p-1/timeline?explain=true");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("errors").get(0).get("field").asText()).isEqualTo("explain");
    }
    @Test
    void shouldExplainThatATransferAfterTheDepartureChangedNothing() {
        List<SpecificRecord> events = List.of(
                Events.hired("p-2").eventId("h").title("TPM I").department("Payments").managerId("m-1")
                        .occurredAt(t("2023-01-02T09:00:00Z")).recordedAt(t("2023-01-02T09:00:00Z")).build(),
                Events.transferred("p-2").eventId("t").department("Search").managerId("m-2")
                        .occurredAt(t("2023-09-01T09:00:00Z")).recordedAt(t("2023-09-01T09:00:00Z")).build(),
                // arrives last, dated before the transfer
                Events.departed("p-2").eventId("d").reason("resigned")
                        .occurredAt(t("2023-06-30T17:00:00Z")).recordedAt(t("2023-10-01T09:00:00Z")).build());
        PersonLedger ledger = null;
        for (SpecificRecord e : events) {
            ledger = ((Ledger.Outcome.Accepted) Ledger.accept(ledger, e, Codecs.events().encode(e), LADDER)).ledger();
        }
        people.put(ledger);

        JsonNode p = get("/api/v1/people/p-2?explain=true").json();

        assertThat(p.get("managerId").asText()).isEqualTo("m-1");
        assertThat(p.get("department").asText()).isEqualTo("Payments");
        JsonNode x = p.get("explanation");
        assertThat(x.get("employment")).extracting(JsonNode::asText).containsExactly("h", "d");
        assertThat(x.get("ignored")).singleElement().satisfies(i -> {
            assertThat(i.get("eventId").asText()).isEqualTo("t");
            assertThat(i.get("reason").asText()).startsWith("dated after the departure of 2023-06-30T17:00:00Z");
        });
        assertThat(x.get("foldedEvents")).extracting(JsonNode::asText).containsExactly("h", "d", "t");
    }
}
