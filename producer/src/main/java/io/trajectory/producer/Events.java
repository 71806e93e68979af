package io.trajectory.producer;

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
import io.trajectory.producer.cloudevents.DataFields;
import io.trajectory.schemas.EventType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Fluent builders of career events, for HR-tool integrations:
 *
 * <pre>{@code
 * Promotion p = Events.promotion("p-1001").toStage("SENIOR").title("Senior TPM")
 *         .occurredAt(Instant.parse("2024-03-01T09:00:00Z")).source("hr/workday").build();
 * }</pre>
 *
 * Defaults: {@code eventId} a random UUID, {@code recordedAt} now, {@code source} "sdk".
 * {@link Builder#build()} fails when a required attribute is missing; the ladder rules (known
 * stage, skill, ranges) are checked when the event is sent.
 */
public final class Events {

    /** Source used when none is given. */
    public static final String DEFAULT_SOURCE = "sdk";

    private Events() {
    }

    public static InterviewPassedBuilder interviewPassed(String personId) {
        return new InterviewPassedBuilder(personId);
    }

    public static HiredBuilder hired(String personId) {
        return new HiredBuilder(personId);
    }

    public static PromotionBuilder promotion(String personId) {
        return new PromotionBuilder(personId);
    }

    public static CourseCompletedBuilder courseCompleted(String personId) {
        return new CourseCompletedBuilder(personId);
    }

    public static VendorRelationshipBuilder vendorRelationshipLogged(String personId) {
        return new VendorRelationshipBuilder(personId);
    }

    public static ProjectDeliveredBuilder projectDelivered(String personId) {
        return new ProjectDeliveredBuilder(personId);
    }

    public static SkillAssessedBuilder skillAssessed(String personId) {
        return new SkillAssessedBuilder(personId);
    }

    public static TransferredBuilder transferred(String personId) {
        return new TransferredBuilder(personId);
    }

    public static DepartedBuilder departed(String personId) {
        return new DepartedBuilder(personId);
    }

    public static EventRetractedBuilder eventRetracted(String personId) {
        return new EventRetractedBuilder(personId);
    }

    /** The envelope every builder shares. */
    public abstract static class Builder<B extends Builder<B, E>, E extends SpecificRecord> {
        private final EventType type;
        private final String personId;
        private final Map<String, Object> data = new LinkedHashMap<>();
        private String eventId;
        private Instant occurredAt;
        private Instant recordedAt;
        private String source = DEFAULT_SOURCE;
        private Clock clock = Clock.systemUTC();

        Builder(EventType type, String personId) {
            this.type = type;
            this.personId = personId;
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        /** The idempotency key; default a random UUID. Reuse it when re-sending the same fact. */
        public B eventId(String eventId) {
            this.eventId = eventId;
            return self();
        }

        /** When it happened (required). Kept to the millisecond. */
        public B occurredAt(Instant occurredAt) {
            this.occurredAt = occurredAt;
            return self();
        }

        /** When the HR system recorded it; default now. */
        public B recordedAt(Instant recordedAt) {
            this.recordedAt = recordedAt;
            return self();
        }

        /** Which HR tool emits it, e.g. {@code hr/workday}; default {@value Events#DEFAULT_SOURCE}. */
        public B source(String source) {
            this.source = source;
            return self();
        }

        /** The clock for the defaults of {@code recordedAt} (tests). */
        public B clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return self();
        }

        B set(String field, Object value) {
            data.put(field, value);
            return self();
        }

        /**
         * The event. Throws {@link IllegalStateException} naming every missing required attribute
         * (person, occurredAt, and the type's required data).
         */
        public E build() {
            List<String> missing = new ArrayList<>();
            if (personId == null || personId.isBlank()) {
                missing.add("personId");
            }
            if (occurredAt == null) {
                missing.add("occurredAt");
            }
            if (source == null || source.isBlank()) {
                missing.add("source");
            }
            for (DataFields.Field field : DataFields.of(type)) {
                if (field.required() && data.get(field.name()) == null) {
                    missing.add(field.name());
                }
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException(type.cloudEventType() + " event is missing " + String.join(", ", missing));
            }
            EventHeader header = EventHeader.newBuilder()
                    .setEventId(eventId == null ? UUID.randomUUID().toString() : eventId)
                    .setPersonId(personId)
                    .setOccurredAt(occurredAt.truncatedTo(ChronoUnit.MILLIS))
                    .setRecordedAt((recordedAt == null ? clock.instant() : recordedAt).truncatedTo(ChronoUnit.MILLIS))
                    .setSource(source)
                    .build();
            E event = newEvent();
            Schema schema = event.getSchema();
            event.put(schema.getField("header").pos(), header);
            data.forEach((field, value) -> {
                if (value != null) {
                    event.put(schema.getField(field).pos(), value);
                }
            });
            return event;
        }

        @SuppressWarnings("unchecked")
        private E newEvent() {
            try {
                return (E) type.avroClass().getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static final class InterviewPassedBuilder extends Builder<InterviewPassedBuilder, InterviewPassed> {
        InterviewPassedBuilder(String personId) {
            super(EventType.INTERVIEW_PASSED, personId);
        }

        public InterviewPassedBuilder role(String role) {
            return set("role", role);
        }

        /** 1-based interview round. */
        public InterviewPassedBuilder round(int round) {
            return set("round", round);
        }
    }

    public static final class HiredBuilder extends Builder<HiredBuilder, Hired> {
        HiredBuilder(String personId) {
            super(EventType.HIRED, personId);
            set("stage", "JUNIOR");
        }

        public HiredBuilder title(String title) {
            return set("title", title);
        }

        public HiredBuilder department(String department) {
            return set("department", department);
        }

        public HiredBuilder managerId(String managerId) {
            return set("managerId", managerId);
        }

        /** Ladder stage hired into; default JUNIOR. */
        public HiredBuilder stage(String stage) {
            return set("stage", stage);
        }
    }

    public static final class PromotionBuilder extends Builder<PromotionBuilder, Promotion> {
        PromotionBuilder(String personId) {
            super(EventType.PROMOTION, personId);
        }

        public PromotionBuilder toStage(String stage) {
            return set("toStage", stage);
        }

        public PromotionBuilder title(String title) {
            return set("title", title);
        }

        /** Optional: the new department when the promotion also moves the person. */
        public PromotionBuilder department(String department) {
            return set("department", department);
        }
    }

    public static final class CourseCompletedBuilder extends Builder<CourseCompletedBuilder, CourseCompleted> {
        CourseCompletedBuilder(String personId) {
            super(EventType.COURSE_COMPLETED, personId);
            set("skills", List.of());
        }

        public CourseCompletedBuilder courseId(String courseId) {
            return set("courseId", courseId);
        }

        public CourseCompletedBuilder title(String title) {
            return set("title", title);
        }

        /** Skill ids of the ladder the course builds. */
        public CourseCompletedBuilder skills(String... skills) {
            return set("skills", List.of(skills));
        }

        public CourseCompletedBuilder skills(List<String> skills) {
            return set("skills", List.copyOf(skills));
        }

        /** Hours, at most 2 decimal places (never rounded: more decimals are an error). */
        public CourseCompletedBuilder hours(BigDecimal hours) {
            try {
                return set("hours", hours.setScale(2, RoundingMode.UNNECESSARY));
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("hours must have at most 2 decimal places, not " + hours, e);
            }
        }

        /** Hours as decimal text, e.g. {@code "12.5"}. */
        public CourseCompletedBuilder hours(String hours) {
            return hours(new BigDecimal(hours));
        }

        public CourseCompletedBuilder hours(long wholeHours) {
            return hours(BigDecimal.valueOf(wholeHours));
        }
    }

    public static final class VendorRelationshipBuilder
            extends Builder<VendorRelationshipBuilder, VendorRelationshipLogged> {
        VendorRelationshipBuilder(String personId) {
            super(EventType.VENDOR_RELATIONSHIP_LOGGED, personId);
        }

        public VendorRelationshipBuilder counterparty(String counterparty) {
            return set("counterparty", counterparty);
        }

        public VendorRelationshipBuilder kind(RelationshipKind kind) {
            return set("kind", kind);
        }
    }

    public static final class ProjectDeliveredBuilder extends Builder<ProjectDeliveredBuilder, ProjectDelivered> {
        ProjectDeliveredBuilder(String personId) {
            super(EventType.PROJECT_DELIVERED, personId);
            set("crossTeam", false);
        }

        public ProjectDeliveredBuilder projectId(String projectId) {
            return set("projectId", projectId);
        }

        public ProjectDeliveredBuilder name(String name) {
            return set("name", name);
        }

        /** True when the program spanned several teams; default false. */
        public ProjectDeliveredBuilder crossTeam(boolean crossTeam) {
            return set("crossTeam", crossTeam);
        }
    }

    public static final class SkillAssessedBuilder extends Builder<SkillAssessedBuilder, SkillAssessed> {
        SkillAssessedBuilder(String personId) {
            super(EventType.SKILL_ASSESSED, personId);
        }

        public SkillAssessedBuilder skill(String skill) {
            return set("skill", skill);
        }

        /** 0 (none) to 5 (expert). */
        public SkillAssessedBuilder level(int level) {
            return set("level", level);
        }

        public SkillAssessedBuilder assessorId(String assessorId) {
            return set("assessorId", assessorId);
        }
    }

    public static final class TransferredBuilder extends Builder<TransferredBuilder, Transferred> {
        TransferredBuilder(String personId) {
            super(EventType.TRANSFERRED, personId);
        }

        public TransferredBuilder department(String department) {
            return set("department", department);
        }

        public TransferredBuilder managerId(String managerId) {
            return set("managerId", managerId);
        }
    }

    public static final class DepartedBuilder extends Builder<DepartedBuilder, Departed> {
        DepartedBuilder(String personId) {
            super(EventType.DEPARTED, personId);
        }

        public DepartedBuilder reason(String reason) {
            return set("reason", reason);
        }
    }

    public static final class EventRetractedBuilder extends Builder<EventRetractedBuilder, EventRetracted> {
        EventRetractedBuilder(String personId) {
            super(EventType.EVENT_RETRACTED, personId);
        }

        /** The id of the earlier event (same person) that must no longer count. */
        public EventRetractedBuilder retractedEventId(String eventId) {
            return set("retractedEventId", eventId);
        }

        public EventRetractedBuilder reason(String reason) {
            return set("reason", reason);
        }
    }
}
