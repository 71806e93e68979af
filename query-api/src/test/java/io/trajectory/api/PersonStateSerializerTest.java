package io.trajectory.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trajectory.schemas.AvroTrust;
import io.trajectory.state.PersonState;
import io.trajectory.state.SkillEvidence;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PersonStateSerializerTest {

    private final ObjectMapper json = ApiJson.objectMapper();

    @BeforeAll
    static void trustGeneratedClasses() {
        AvroTrust.ensureTrusted(); // Avro 1.12 refuses to build defaults of untrusted generated enums
    }

    @Test
    void shouldWriteAFreshStateWithExplicitNullsAndZerosAndNoAvroInternals() throws Exception {
        PersonState fresh = PersonState.newBuilder().setPersonId("p-1").build();

        JsonNode p = json.readTree(json.writeValueAsString(fresh));

        assertThat(p.get("personId").asText()).isEqualTo("p-1");
        assertThat(p.get("stage").asText()).isEqualTo("CANDIDATE");
        assertThat(p.get("status").asText()).isEqualTo("UNKNOWN");
        assertThat(p.get("stageSince").isNull()).isTrue();
        assertThat(p.get("title").isNull()).isTrue();
        assertThat(p.get("nextStage").isNull()).isTrue();
        assertThat(p.get("counters").get("coursesCompleted").asInt()).isZero();
        assertThat(p.get("relationships").get("vendors").asInt()).isZero();
        assertThat(p.get("skills")).isEmpty();
        assertThat(p.get("ladder").get("id").asText()).isEqualTo("tpm-default");
        assertThat(p.get("ladder").get("version").asText()).isEqualTo("1");
        assertThat(p.get("lastOccurredAt").isNull()).isTrue();
        assertThat(p.fieldNames()).toIterable().doesNotContain("schema", "specificData", "interviewRoundsPassed",
                "ladderId");
        assertThat(p.fieldNames()).toIterable().containsExactly("personId", "stage", "stageSince", "status", "title",
                "department", "managerId", "hiredAt", "departedAt", "counters", "relationships", "skills",
                "stageHistory", "stageHistoryOmitted", "nextStage", "nextSteps", "ladder", "eventCount", "lastEventId", "lastOccurredAt",
                "lastRecordedAt");
    }

    @Test
    void shouldWriteCourseHoursAsExactPlainNumbers() throws Exception {
        PersonState state = PersonState.newBuilder().setPersonId("p-1").setSkills(List.of(
                        new SkillEvidence("agile", null, 2, new BigDecimal("10.00"), List.of("e-1", "e-2"), 2),
                        new SkillEvidence("listening", 3, 1, new BigDecimal("0.25"), List.of("e-3"), 1),
                        new SkillEvidence("goal-setting", null, 0, new BigDecimal("1234567.10"), List.of(), 0)))
                .build();

        String text = json.writeValueAsString(state);

        assertThat(text).contains("\"courseHours\":10,", "\"courseHours\":0.25,", "\"courseHours\":1234567.1,");
        assertThat(text).contains("\"assessedLevel\":null", "\"evidenceCount\":2,\"evidenceEventIds\":[\"e-1\",\"e-2\"]");
    }
}
