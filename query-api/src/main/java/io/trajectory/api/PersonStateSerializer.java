package io.trajectory.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.trajectory.state.NextStep;
import io.trajectory.state.PersonState;
import io.trajectory.state.RelationshipCounts;
import io.trajectory.state.SkillEvidence;
import io.trajectory.state.StageEntry;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The public JSON shape of a person ({@code GET /api/v1/people/{personId}}), written field by
 * field from the Avro {@link PersonState} so that no Avro internals ({@code schema},
 * {@code specificData}) leak and the shape stays stable when the Avro record grows. Times are
 * ISO-8601 UTC strings, optional values are explicit {@code null}s, hours are exact decimal numbers.
 */
public final class PersonStateSerializer extends StdSerializer<PersonState> {

    public PersonStateSerializer() {
        super(PersonState.class);
    }

    @Override
    public void serialize(PersonState s, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("personId", s.getPersonId());
        gen.writeStringField("stage", s.getStage());
        instant(gen, "stageSince", s.getStageSince());
        gen.writeStringField("status", s.getStatus() == null ? null : s.getStatus().name());
        gen.writeStringField("title", s.getTitle());
        gen.writeStringField("department", s.getDepartment());
        gen.writeStringField("managerId", s.getManagerId());
        instant(gen, "hiredAt", s.getHiredAt());
        instant(gen, "departedAt", s.getDepartedAt());

        gen.writeObjectFieldStart("counters");
        gen.writeNumberField("interviewRoundsPassed", s.getInterviewRoundsPassed());
        gen.writeNumberField("programsDelivered", s.getProgramsDelivered());
        gen.writeNumberField("crossTeamPrograms", s.getCrossTeamPrograms());
        gen.writeNumberField("coursesCompleted", s.getCoursesCompleted());
        gen.writeEndObject();

        RelationshipCounts r = s.getRelationships();
        gen.writeObjectFieldStart("relationships");
        gen.writeNumberField("vendors", r == null ? 0 : r.getVendors());
        gen.writeNumberField("clients", r == null ? 0 : r.getClients());
        gen.writeNumberField("stakeholders", r == null ? 0 : r.getStakeholders());
        gen.writeEndObject();

        gen.writeArrayFieldStart("skills");
        for (SkillEvidence skill : orEmpty(s.getSkills())) {
            skill(gen, skill);
        }
        gen.writeEndArray();

        gen.writeArrayFieldStart("stageHistory");
        for (StageEntry entry : orEmpty(s.getStageHistory())) {
            gen.writeStartObject();
            gen.writeStringField("stage", entry.getStage());
            instant(gen, "enteredAt", entry.getEnteredAt());
            gen.writeStringField("causeEventId", entry.getCauseEventId());
            gen.writeEndObject();
        }
        gen.writeEndArray();
        gen.writeNumberField("stageHistoryOmitted", s.getStageHistoryOmitted());

        gen.writeStringField("nextStage", s.getNextStage());
        gen.writeArrayFieldStart("nextSteps");
        for (NextStep step : orEmpty(s.getNextSteps())) {
            gen.writeStartObject();
            gen.writeStringField("requirement", step.getRequirement());
            gen.writeStringField("description", step.getDescription());
            gen.writeNumberField("have", step.getHave());
            gen.writeNumberField("need", step.getNeed());
            gen.writeEndObject();
        }
        gen.writeEndArray();

        gen.writeObjectFieldStart("ladder");
        gen.writeStringField("id", s.getLadderId());
        gen.writeStringField("version", s.getLadderVersion());
        gen.writeEndObject();

        gen.writeNumberField("eventCount", s.getEventCount());
        gen.writeStringField("lastEventId", s.getLastEventId());
        instant(gen, "lastOccurredAt", s.getLastOccurredAt());
        instant(gen, "lastRecordedAt", s.getLastRecordedAt());
        gen.writeEndObject();
    }

    private static void skill(JsonGenerator gen, SkillEvidence skill) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("skill", skill.getSkill());
        if (skill.getAssessedLevel() == null) {
            gen.writeNullField("assessedLevel");
        } else {
            gen.writeNumberField("assessedLevel", skill.getAssessedLevel());
        }
        gen.writeNumberField("courses", skill.getCourses());
        gen.writeFieldName("courseHours");
        BigDecimal hours = skill.getCourseHours();
        if (hours == null) {
            gen.writeNull();
        } else {
            // the exact decimal as a JSON number: 12.50 -> 12.5, 10.00 -> 10 (never a double, never 1E+1)
            gen.writeNumber(hours.stripTrailingZeros().toPlainString());
        }
        gen.writeNumberField("evidenceCount", skill.getEvidenceCount());
        gen.writeArrayFieldStart("evidenceEventIds"); // the latest ones (PersonFold.MAX_EVIDENCE_IDS)
        for (String id : orEmpty(skill.getEvidenceEventIds())) {
            gen.writeString(id);
        }
        gen.writeEndArray();
        gen.writeEndObject();
    }

    private static void instant(JsonGenerator gen, String field, Instant value) throws IOException {
        gen.writeStringField(field, value == null ? null : value.toString());
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
