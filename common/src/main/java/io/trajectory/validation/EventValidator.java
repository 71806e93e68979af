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
        checkText(out, "source", header.getSource(), true);
        checkTime(out, header);

        if (event instanceof InterviewPassed e) {
            checkText(out, "data.role", e.getRole(), true);
            if (e.getRound() < 1 || e.getRound() > 50) {
                out.add(new Violation("data.round", "must be from 1 to 50, not " + e.getRound()));
            }
        } else if (event instanceof Hired e) {
            checkText(out, "data.title", e.getTitle(), true);
            checkText(out, "data.department", e.getDepartment(), true);
            checkOptionalId(out, "data.managerId", e.getManagerId());
            checkStage(out, "data.stage", e.getStage(), "Hired");
        } else if (event instanceof Promotion e) {
            checkStage(out, "data.toStage", e.getToStage(), "Promotion");
            checkText(out, "data.title", e.getTitle(), true);
            checkText(out, "data.department", e.getDepartment(), false);
        } else if (event instanceof CourseCompleted e) {
            checkText(out, "data.courseId", e.getCourseId(), true);
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
            checkText(out, "data.projectId", e.getProjectId(), true);
            checkText(out, "data.name", e.getName(), true);
        } else if (event instanceof SkillAssessed e) {
            checkSkill(out, "data.skill", e.getSkill());
            if (e.getLevel() < 0 || e.getLevel() > 5) {
                out.add(new Violation("data.level", "must be from 0 to 5, not " + e.getLevel()));
            }
            checkId(out, "data.assessorId", e.getAssessorId());
        } else if (event instanceof Transferred e) {
            checkText(out, "data.department", e.getDepartment(), true);
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
        } else if (!ID.matcher(value).matches()) {
            out.add(new Violation(field, "must start with a letter or digit and contain only letters, digits and . _ : @ -"));
        }
    }

    private static void checkOptionalId(List<Violation> out, String field, String value) {
        if (value != null) {
            checkId(out, field, value);
        }
    }

    private static void checkText(List<Violation> out, String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                out.add(new Violation(field, "is required"));
            }
            return;
        }
        if (value.length() > MAX_TEXT_LENGTH) {
            out.add(new Violation(field, "must be at most " + MAX_TEXT_LENGTH + " characters, got " + value.length()));
        }
        if (value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t')) {
            out.add(new Violation(field, "must not contain control characters"));
        }
    }

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
        var stage = ladder.stage(stageId);
        if (stage.isEmpty()) {
            out.add(new Violation(field, "unknown stage '" + stageId + "'; stages of ladder " + ladder.id() + ": "
                    + ladder.stageIds()));
        } else if (!stage.get().entry().byEvent(eventName)) {
            out.add(new Violation(field, "stage " + stageId + " cannot be entered by " + eventName
                    + " in ladder " + ladder.id()));
        }
    }

    private void checkSkill(List<Violation> out, String field, String skillId) {
        if (skillId == null || skillId.isBlank()) {
            out.add(new Violation(field, "is required"));
        } else if (!ladder.hasSkill(skillId)) {
            out.add(new Violation(field, "unknown skill '" + skillId + "'; skills of ladder " + ladder.id() + ": "
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
                out.add(new Violation("data.skills[" + i + "]", "duplicate skill '" + skill + "'"));
            }
        }
    }
}
