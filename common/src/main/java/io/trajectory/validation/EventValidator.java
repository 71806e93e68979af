package io.trajectory.validation;

import io.trajectory.events.CourseCompleted;
import io.trajectory.events.Departed;
import io.trajectory.events.EventHeader;
import io.trajectory.events.EventRetracted;
import io.trajectory.events.Hired;
import io.trajectory.events.InterviewPassed;
import io.trajectory.events.ProjectDelivered;
import io.trajectory.events.Promotion;
import io.trajectory.events.RelationshipKind;
import io.trajectory.events.SkillAssessed;
import io.trajectory.events.Transferred;
import io.trajectory.events.VendorRelationshipLogged;
import io.trajectory.ladder.Ladder;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;

/**
 * "Decide" before "evolve": the stateless checks an event must pass before it may be folded. The
 * same rules answer HTTP 400 at ingest and send records to the dead-letter topic in the processor.
 * They depend only on the event and the ladder (never on the clock or on the person's state), so
 * replaying the log decides exactly as the first run did.
 */
public final class EventValidator {

    /** Earliest plausible event time. */
    public static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    /**
     * Latest possible event or recording time: the last millisecond RFC 3339 can write. Later
     * instants (Avro's timestamp-millis reaches year 292,278,994) cannot be shown to a client and
     * overflow date arithmetic.
     */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
    /** How far an event may claim to have happened after it was recorded (clock skew). */
    public static final Duration MAX_FUTURE_SKEW = Duration.ofDays(1);
    public static final int MAX_ID_LENGTH = 128;
    public static final int MAX_TEXT_LENGTH = 500;
    public static final int MAX_SKILLS_PER_COURSE = 32;
    public static final BigDecimal MAX_COURSE_HOURS = new BigDecimal("10000");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]*");

    private final Ladder ladder;

    public EventValidator(Ladder ladder) {
        this.ladder = ladder;
    }

    public Ladder ladder() {
        return ladder;
    }

    /**
     * The event with every identifier in Unicode normalization form C (NFC), so that an id written with
     * composed or decomposed characters ("é" as U+00E9 or as "e" + U+0301) is the same id: the event
     * itself when every identifier already is, else a copy (the caller's record is not changed). Free
     * text is kept as sent. Every ingest path calls this before {@link #validate}, which refuses
     * identifiers that are not in NFC (as the processor does for raw records).
     */
    public static SpecificRecord normalized(SpecificRecord event) {
        if (event == null || event.getSchema().getField("header") == null || allNfc(event)) {
            return event;
        }
        io.trajectory.schemas.AvroTrust.ensureTrusted();
        SpecificRecord copy = (SpecificRecord) org.apache.avro.specific.SpecificData.getForSchema(event.getSchema())
                .deepCopy(event.getSchema(), event);
        EventHeader h = (EventHeader) copy.get(copy.getSchema().getField("header").pos());
        if (h != null) {
            h.setEventId(Characters.nfc(h.getEventId()));
            h.setPersonId(Characters.nfc(h.getPersonId()));
            h.setSource(Characters.nfc(h.getSource()));
        }
        for (org.apache.avro.Schema.Field f : copy.getSchema().getFields()) {
            if (IDENTIFIER_DATA_FIELDS.contains(f.name())) {
                Object value = copy.get(f.pos());
                if (value instanceof CharSequence text) {
                    copy.put(f.pos(), Characters.nfc(text.toString()));
                } else if (value instanceof List<?> list) {
                    copy.put(f.pos(), new ArrayList<>(list.stream().map(v -> v == null ? null : Characters.nfc(v.toString())).toList()));
                }
            }
        }
        return copy;
    }

    /**
     * The data fields (by their Avro names, the same in every event type that has them) that hold
     * identifiers: compared in NFC, without control or format characters. Every other data field is
     * free text, a number, a flag or an enum.
     */
    static final Set<String> IDENTIFIER_DATA_FIELDS = Set.of("department", "managerId", "stage", "toStage", "courseId",
            "skills", "projectId", "skill", "assessorId", "retractedEventId");

    /** The identifiers of an event (header and data), by their CloudEvents names; absent ones are left out. */
    public static java.util.Map<String, String> identifiers(SpecificRecord event) {
        java.util.Map<String, String> ids = new java.util.LinkedHashMap<>();
        for (org.apache.avro.Schema.Field f : event.getSchema().getFields()) {
            Object value = event.get(f.pos());
            if (f.name().equals("header") && value instanceof EventHeader h) {
                ids.put("id", h.getEventId());
                ids.put("subject", h.getPersonId());
                ids.put("source", h.getSource());
            } else if (IDENTIFIER_DATA_FIELDS.contains(f.name())) {
                if (value instanceof List<?> list) {
                    for (int i = 0; i < list.size(); i++) {
                        ids.put("data." + f.name() + "[" + i + "]", list.get(i) == null ? null : list.get(i).toString());
                    }
                } else if (value != null) {
                    ids.put("data." + f.name(), value.toString());
                }
            }
        }
        ids.values().removeIf(java.util.Objects::isNull);
        return ids;
    }

    private static boolean allNfc(SpecificRecord event) {
        return identifiers(event).values().stream().allMatch(Characters::isNfc);
    }

    /** Every violation of the event; empty when it may be folded. */
    public List<Violation> validate(SpecificRecord event) {
        List<Violation> out = new ArrayList<>();
        var headerField = event.getSchema().getField("header");
        if (headerField == null) {
            out.add(new Violation("type", "unsupported event type " + event.getSchema().getFullName()));
            return out;
        }
        EventHeader header = (EventHeader) event.get(headerField.pos());
        if (header == null) {
            out.add(new Violation("id", "missing envelope"));
            return out;
        }
        checkId(out, "id", header.getEventId());
        checkId(out, "subject", header.getPersonId());
        checkName(out, "source", header.getSource(), true);
        checkTime(out, header);

        if (event instanceof InterviewPassed e) {
            checkText(out, "data.role", e.getRole(), true);
            if (e.getRound() < 1 || e.getRound() > 50) {
                out.add(new Violation("data.round", "must be from 1 to 50, not " + e.getRound()));
            }
        } else if (event instanceof Hired e) {
            checkText(out, "data.title", e.getTitle(), true);
            checkName(out, "data.department", e.getDepartment(), true);
            checkOptionalId(out, "data.managerId", e.getManagerId());
            checkStage(out, "data.stage", e.getStage(), "Hired");
        } else if (event instanceof Promotion e) {
            checkStage(out, "data.toStage", e.getToStage(), "Promotion");
            checkText(out, "data.title", e.getTitle(), true);
            checkName(out, "data.department", e.getDepartment(), false);
        } else if (event instanceof CourseCompleted e) {
            checkName(out, "data.courseId", e.getCourseId(), true);
            checkText(out, "data.title", e.getTitle(), true);
            checkSkills(out, e.getSkills());
            BigDecimal hours = e.getHours();
            if (hours == null || hours.signum() < 0 || hours.compareTo(MAX_COURSE_HOURS) > 0) {
                out.add(new Violation("data.hours", "must be from 0 to " + MAX_COURSE_HOURS + ", not " + hours));
            }
        } else if (event instanceof VendorRelationshipLogged e) {
            checkText(out, "data.counterparty", e.getCounterparty(), true);
            if (e.getKind() == null || e.getKind() == RelationshipKind.UNKNOWN) {
                out.add(new Violation("data.kind", "must be one of vendor, client, stakeholder"));
            }
        } else if (event instanceof ProjectDelivered e) {
            checkName(out, "data.projectId", e.getProjectId(), true);
            checkText(out, "data.name", e.getName(), true);
        } else if (event instanceof SkillAssessed e) {
            checkSkill(out, "data.skill", e.getSkill());
            if (e.getLevel() < 0 || e.getLevel() > 5) {
                out.add(new Violation("data.level", "must be from 0 to 5, not " + e.getLevel()));
            }
            checkId(out, "data.assessorId", e.getAssessorId());
        } else if (event instanceof Transferred e) {
            checkName(out, "data.department", e.getDepartment(), true);
            checkOptionalId(out, "data.managerId", e.getManagerId());
        } else if (event instanceof Departed e) {
            checkText(out, "data.reason", e.getReason(), false);
        } else if (event instanceof EventRetracted e) {
            checkId(out, "data.retractedEventId", e.getRetractedEventId());
            if (e.getRetractedEventId() != null && e.getRetractedEventId().equals(header.getEventId())) {
                out.add(new Violation("data.retractedEventId", "an event cannot retract itself"));
            }
            checkText(out, "data.reason", e.getReason(), false);
        } else {
            out.add(new Violation("type", "unsupported event type " + event.getSchema().getFullName()));
        }
        return out;
    }

    private static void checkId(List<Violation> out, String field, String value) {
        if (value == null || value.isBlank()) {
            out.add(new Violation(field, "is required"));
        } else if (value.length() > MAX_ID_LENGTH) {
            out.add(new Violation(field, "must be at most " + MAX_ID_LENGTH + " characters, got " + value.length()));
        } else if (!addedIdentifierProblem(out, field, value) && !ID.matcher(value).matches()) {
            out.add(new Violation(field, "must start with a letter or digit and contain only letters, digits and . _ : @ -"));
        }
    }

    private static void checkOptionalId(List<Violation> out, String field, String value) {
        if (value != null) {
            checkId(out, field, value);
        }
    }

    /** False for a missing or blank value (a violation if required); a present one is also held to the length limit. */
    private static boolean present(List<Violation> out, String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                out.add(new Violation(field, "is required"));
            }
            return false;
        }
        if (value.length() > MAX_TEXT_LENGTH) {
            out.add(new Violation(field, "must be at most " + MAX_TEXT_LENGTH + " characters, got " + value.length()));
        }
        return true;
    }

    private static void checkText(List<Violation> out, String field, String value, boolean required) {
        if (!present(out, field, value, required)) {
            return;
        }
        String problem = Characters.textProblem(value);
        if (problem != null) {
            out.add(new Violation(field, problem));
        }
    }

    /**
     * A name that identifies something (a department, a course, a project, a source): any letters, but
     * no control, format or separator characters nor unpaired surrogates, and in NFC.
     */
    private static void checkName(List<Violation> out, String field, String value, boolean required) {
        if (!present(out, field, value, required)) {
            return;
        }
        if (!addedIdentifierProblem(out, field, value) && !Characters.isNfc(value)) {
            out.add(new Violation(field, NOT_NFC));
        }
    }

    /** Adds the identifier's character problem ({@link Characters#identifierProblem}) if it has one; true if it did. */
    private static boolean addedIdentifierProblem(List<Violation> out, String field, String value) {
        String problem = Characters.identifierProblem(value);
        if (problem != null) {
            out.add(new Violation(field, problem));
        }
        return problem != null;
    }

    /** The message for an identifier that is not in NFC. */
    static final String NOT_NFC = "must be in Unicode normalization form NFC (composed characters: \"\u00e9\" as U+00E9,"
            + " not \"e\" + U+0301); the HTTP API, the CLI and the producer library normalize identifiers before sending";

    private static void checkTime(List<Violation> out, EventHeader header) {
        Instant occurred = header.getOccurredAt();
        Instant recorded = header.getRecordedAt();
        if (occurred == null) {
            out.add(new Violation("time", "is required"));
        } else if (occurred.isBefore(EARLIEST)) {
            out.add(new Violation("time", "must not be before " + EARLIEST + ", got " + occurred));
        } else if (occurred.isAfter(LATEST)) {
            out.add(new Violation("time", "must not be after " + LATEST + ", got " + occurred));
        } else if (recorded != null && !recorded.isAfter(LATEST) && occurred.isAfter(recorded.plus(MAX_FUTURE_SKEW))) {
            out.add(new Violation("time", "is more than " + MAX_FUTURE_SKEW.toHours()
                    + " h after the event was recorded (" + recorded + "): events must not be in the future"));
        }
        if (recorded == null) {
            out.add(new Violation("recordedAt", "is required"));
        } else if (recorded.isBefore(EARLIEST)) {
            out.add(new Violation("recordedAt", "must not be before " + EARLIEST + ", got " + recorded));
        } else if (recorded.isAfter(LATEST)) {
            out.add(new Violation("recordedAt", "must not be after " + LATEST + ", got " + recorded));
        }
    }

    private void checkStage(List<Violation> out, String field, String stageId, String eventName) {
        if (stageId == null || stageId.isBlank()) {
            out.add(new Violation(field, "is required"));
            return;
        }
        if (addedIdentifierProblem(out, field, stageId)) {
            return;
        }
        var stage = ladder.stage(stageId);
        if (stage.isEmpty()) {
            out.add(new Violation(field, "unknown stage '" + Characters.excerpt(stageId) + "'; stages of ladder " + ladder.id() + ": "
                    + ladder.stageIds()));
        } else if (!stage.get().entry().byEvent(eventName)) {
            out.add(new Violation(field, "stage " + stageId + " cannot be entered by " + eventName
                    + " in ladder " + ladder.id()));
        }
    }

    private void checkSkill(List<Violation> out, String field, String skillId) {
        if (skillId == null || skillId.isBlank()) {
            out.add(new Violation(field, "is required"));
        } else if (!addedIdentifierProblem(out, field, skillId) && !ladder.hasSkill(skillId)) {
            out.add(new Violation(field, "unknown skill '" + Characters.excerpt(skillId) + "'; skills of ladder " + ladder.id() + ": "
                    + ladder.skillIds()));
        }
    }

    private void checkSkills(List<Violation> out, List<String> skills) {
        if (skills == null) {
            out.add(new Violation("data.skills", "is required (may be empty)"));
            return;
        }
        if (skills.size() > MAX_SKILLS_PER_COURSE) {
            out.add(new Violation("data.skills", "at most " + MAX_SKILLS_PER_COURSE + " skills per course"));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < skills.size(); i++) {
            String skill = skills.get(i);
            checkSkill(out, "data.skills[" + i + "]", skill);
            if (skill != null && !seen.add(skill)) {
                out.add(new Violation("data.skills[" + i + "]", "duplicate skill '" + Characters.excerpt(skill) + "'"));
            }
        }
    }
}
