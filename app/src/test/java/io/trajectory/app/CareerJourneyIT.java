package io.trajectory.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.StageTransition;
import io.trajectory.state.TransitionKind;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed article's journey, stage by stage, through the public HTTP API on a real broker: one
 * person, Jo, from the first interview to thinking beyond the TPM role. At each stage the test
 * checks what a reader of the article would: the stage, the skills, and what to do next.
 */
@Tag("integration")
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CareerJourneyIT {

    private static final ObjectMapper JSON = ItRuntime.JSON;
    private static final Duration WAIT = ItRuntime.WAIT;
    private static final String JO = "jo";

    @TempDir
    static Path dataDir;

    private ItRuntime app;
    private TrajectoryRuntime runtime;
    private final AtomicInteger ids = new AtomicInteger();

    @BeforeAll
    void start() {
        app = ItRuntime.start(dataDir, Map.of());
        runtime = app.runtime();
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private HttpResponse<String> get(String path) {
        return app.get(path);
    }

    /** Posts one event for Jo and returns its id. */
    private String post(String type, String time, Map<String, Object> data) {
        String id = "jo-" + ids.incrementAndGet();
        app.postEvent(id, "hr/journey", type, JO, time, data);
        return id;
    }

    /** Waits until Jo's state has folded the given event, then returns it. */
    private JsonNode jo(String lastEventId) {
        return app.awaitJson("/api/v1/people/" + JO, p -> lastEventId.equals(p.path("lastEventId").asText()));
    }

    private JsonNode awaitJson(String path, Predicate<JsonNode> until) {
        return app.awaitJson(path, until);
    }

    private static List<String> nextSteps(JsonNode person) {
        List<String> out = new ArrayList<>();
        person.get("nextSteps").forEach(s -> out.add(s.get("requirement").asText()));
        return out;
    }

    private static JsonNode skill(JsonNode person, String skill) {
        for (JsonNode s : person.get("skills")) {
            if (s.get("skill").asText().equals(skill)) {
                return s;
            }
        }
        throw new AssertionError("no skill " + skill + " in " + person.get("skills"));
    }

    @Test
    @Order(1)
    void shouldStartACandidateWhoPassedTheirInterviewsAndOnlyNeedsTheOffer() throws Exception {
        post("interview-passed", "2023-01-10T10:00:00Z", Map.of("role", "Technical Program Manager", "round", 1));
        JsonNode afterOne = jo(post("interview-passed", "2023-01-24T10:00:00Z",
                Map.of("role", "Technical Program Manager", "round", 2)));

        assertThat(afterOne.get("stage").asText()).isEqualTo("CANDIDATE");
        assertThat(afterOne.get("status").asText()).isEqualTo("CANDIDATE");
        assertThat(afterOne.get("counters").get("interviewRoundsPassed").asInt()).isEqualTo(2);
        assertThat(nextSteps(afterOne)).containsExactly("hired");
    }

    @Test
    @Order(2)
    void shouldMakeAHireAJuniorWhoMustDeliverLearnAndDeepenTechnicalKnowledge() throws Exception {
        JsonNode p = jo(post("hired", "2023-02-01T09:00:00Z",
                Map.of("title", "Technical Program Manager I", "department", "Payments")));

        assertThat(p.get("stage").asText()).isEqualTo("JUNIOR");
        assertThat(p.get("status").asText()).isEqualTo("EMPLOYED");
        assertThat(p.get("nextStage").asText()).isEqualTo("ADVANCING");
        assertThat(nextSteps(p)).containsExactly("programs-delivered", "cross-team-program",
                "process-optimization-course", "technical-knowledge-level");
        assertThat(p.get("nextSteps").get(0).get("description").asText()).isEqualTo("deliver 2 more programs");
    }

    @Test
    @Order(3)
    void shouldAdvanceAJuniorOnEvidenceOnceTheyAreIndispensable() throws Exception {
        post("project-delivered", "2023-06-01T09:00:00Z", Map.of("projectId", "checkout", "name", "Checkout", "crossTeam", true));
        post("course-completed", "2023-08-01T09:00:00Z", Map.of("courseId", "lean-101", "title", "Lean processes",
                "skills", List.of("process-optimization", "time-bound-problem-solving"), "hours", 12.5));
        String assessed = post("skill-assessed", "2023-09-01T09:00:00Z",
                Map.of("skill", "technical-knowledge", "level", 3, "assessorId", "m-1"));
        JsonNode junior = jo(assessed);
        assertThat(junior.get("stage").asText()).as("one program is not two").isEqualTo("JUNIOR");
        assertThat(nextSteps(junior)).containsExactly("programs-delivered");

        String second = post("project-delivered", "2023-11-15T09:00:00Z",
                Map.of("projectId", "refunds", "name", "Refunds", "crossTeam", false));
        JsonNode p = jo(second);

        assertThat(p.get("stage").asText()).isEqualTo("ADVANCING");
        assertThat(p.get("stageSince").asText()).isEqualTo("2023-11-15T09:00:00Z");
        assertThat(p.get("stageHistory").get(2).get("causeEventId").asText()).isEqualTo(second);
        assertThat(skill(p, "technical-knowledge").get("assessedLevel").asInt()).isEqualTo(3);
        assertThat(skill(p, "process-optimization").get("courses").asInt()).isEqualTo(1);
        assertThat(nextSteps(p)).containsExactly("programs-delivered", "overseeing-teams-level",
                "business-dynamics-course", "promotion");
    }

    @Test
    @Order(4)
    void shouldPromoteToSeniorAndListTheCoreFieldsStillToExpand() throws Exception {
        post("project-delivered", "2024-02-01T09:00:00Z", Map.of("projectId", "ledger", "name", "Ledger", "crossTeam", true));
        post("project-delivered", "2024-04-01T09:00:00Z", Map.of("projectId", "payouts", "name", "Payouts", "crossTeam", false));
        post("skill-assessed", "2024-04-15T09:00:00Z", Map.of("skill", "overseeing-teams", "level", 3, "assessorId", "m-1"));
        post("course-completed", "2024-05-01T09:00:00Z", Map.of("courseId", "biz-1", "title", "Business dynamics",
                "skills", List.of("business-dynamics"), "hours", 8));
        JsonNode senior = jo(post("promotion", "2024-06-01T09:00:00Z", Map.of("toStage", "SENIOR", "title", "Senior TPM")));

        assertThat(senior.get("stage").asText()).isEqualTo("SENIOR");
        assertThat(senior.get("title").asText()).isEqualTo("Senior TPM");
        assertThat(nextSteps(senior)).containsExactly("agile-course", "relationship-building-course",
                "management-etiquette-course", "customer-retention-course", "cross-team-programs",
                "vendor-relationships", "client-relationships", "stakeholder-relationships",
                "business-conversation-level", "promotion");

        for (String skill : List.of("agile", "relationship-building", "management-etiquette", "customer-retention")) {
            post("course-completed", "2024-09-01T09:00:00Z", Map.of("courseId", skill, "title", skill,
                    "skills", List.of(skill), "hours", 6));
        }
        post("project-delivered", "2024-10-01T09:00:00Z", Map.of("projectId", "fx", "name", "FX", "crossTeam", true));
        post("vendor-relationship-logged", "2024-10-02T09:00:00Z", Map.of("counterparty", "Acme Cloud", "kind", "vendor"));
        post("vendor-relationship-logged", "2024-10-03T09:00:00Z", Map.of("counterparty", "Bolt Pay", "kind", "vendor"));
        post("vendor-relationship-logged", "2024-10-04T09:00:00Z", Map.of("counterparty", "Shopco", "kind", "client"));
        post("vendor-relationship-logged", "2024-10-05T09:00:00Z", Map.of("counterparty", "Finance", "kind", "stakeholder"));
        post("vendor-relationship-logged", "2024-10-06T09:00:00Z", Map.of("counterparty", "Legal", "kind", "stakeholder"));
        JsonNode ready = jo(post("skill-assessed", "2024-11-01T09:00:00Z",
                Map.of("skill", "business-conversation", "level", 3, "assessorId", "m-2")));

        assertThat(ready.get("stage").asText()).isEqualTo("SENIOR");
        assertThat(ready.get("relationships").get("vendors").asInt()).isEqualTo(2);
        assertThat(nextSteps(ready)).as("everything but the promotion itself").containsExactly("promotion");
    }

    @Test
    @Order(5)
    void shouldReachBeyondTpmWithNothingLeftToClimb() throws Exception {
        JsonNode p = jo(post("promotion", "2025-03-01T09:00:00Z",
                Map.of("toStage", "BEYOND", "title", "Director of Program Management")));

        assertThat(p.get("stage").asText()).isEqualTo("BEYOND");
        assertThat(p.get("nextStage").isNull()).isTrue();
        assertThat(p.get("nextSteps")).isEmpty();
        assertThat(p.get("stageHistory").findValuesAsText("stage"))
                .containsExactly("CANDIDATE", "JUNIOR", "ADVANCING", "SENIOR", "BEYOND");
    }

    @Test
    @Order(6)
    void shouldAnswerForAnyPastDateAndListTheTimeline() throws Exception {
        JsonNode asOf = JSON.readTree(get("/api/v1/people/jo?asOf=2024-01-01T00:00:00Z").body());
        JsonNode timeline = JSON.readTree(get("/api/v1/people/jo/timeline").body());

        assertThat(asOf.get("stage").asText()).isEqualTo("ADVANCING");
        assertThat(timeline.get("transitions").findValuesAsText("stage"))
                .containsExactly("CANDIDATE", "JUNIOR", "ADVANCING", "SENIOR", "BEYOND");
        assertThat(timeline.get("transitions").get(3).get("daysInStage").asLong())
                .as("SENIOR from 2024-06-01 to 2025-03-01").isEqualTo(273);
    }

    @Test
    @Order(7)
    void shouldListPeopleByStageFromTheStores() throws Exception {
        JsonNode beyond = awaitJson("/api/v1/people?stage=BEYOND", page -> page.get("count").asInt() == 1);
        JsonNode junior = JSON.readTree(get("/api/v1/people?stage=JUNIOR&department=Payments").body());

        assertThat(beyond.get("people").get(0).get("personId").asText()).isEqualTo(JO);
        assertThat(junior.get("count").asInt()).as("Jo left JUNIOR; the index moved her").isZero();
    }

    @Test
    @Order(8)
    void shouldPublishEveryStageChangeOnceAndCorrectItWhenALateEventRewritesHistory() throws Exception {
        // a back-dated transfer: Jo was in Platform when she was promoted to SENIOR
        post("transferred", "2024-05-15T09:00:00Z", Map.of("department", "Platform"));

        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-transitions-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<StageTransition> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of("stage-transitions"));
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(Codecs.stageTransition().decode(r.value())));
                return seen.stream().anyMatch(t -> t.getKind() == TransitionKind.CORRECTED);
            });
        }
        List<StageTransition> recorded = seen.stream().filter(t -> t.getKind() == TransitionKind.RECORDED).toList();
        assertThat(recorded).extracting(StageTransition::getTransitionId)
                .containsExactlyInAnyOrder("jo/1", "jo/2", "jo/3", "jo/4", "jo/5");
        StageTransition senior = recorded.stream().filter(t -> t.getToStage().equals("SENIOR")).findFirst().orElseThrow();
        assertThat(senior.getFromStage()).isEqualTo("ADVANCING");
        assertThat(Duration.ofMillis(senior.getMillisInPreviousStage()).toDays()).isEqualTo(199);
        assertThat(seen.stream().filter(t -> t.getKind() == TransitionKind.CORRECTED))
                .as("the transitions after the transfer's date now carry her department then")
                .extracting(StageTransition::getTransitionId, StageTransition::getDepartment)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("jo/4", "Platform"),
                        org.assertj.core.groups.Tuple.tuple("jo/5", "Platform"));
    }
}
