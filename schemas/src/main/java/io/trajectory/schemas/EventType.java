package io.trajectory.schemas;

import io.trajectory.events.CourseCompleted;
import io.trajectory.events.Departed;
import io.trajectory.events.EventRetracted;
import io.trajectory.events.Hired;
import io.trajectory.events.InterviewPassed;
import io.trajectory.events.ProjectDelivered;
import io.trajectory.events.Promotion;
import io.trajectory.events.SkillAssessed;
import io.trajectory.events.Transferred;
import io.trajectory.events.VendorRelationshipLogged;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * The career event types: their Avro class and their CloudEvents {@code type} attribute
 * ({@code trajectory.} + the event name in kebab case).
 */
public enum EventType {
    INTERVIEW_PASSED("trajectory.interview-passed", InterviewPassed.class),
    HIRED("trajectory.hired", Hired.class),
    PROMOTION("trajectory.promotion", Promotion.class),
    COURSE_COMPLETED("trajectory.course-completed", CourseCompleted.class),
    VENDOR_RELATIONSHIP_LOGGED("trajectory.vendor-relationship-logged", VendorRelationshipLogged.class),
    PROJECT_DELIVERED("trajectory.project-delivered", ProjectDelivered.class),
    SKILL_ASSESSED("trajectory.skill-assessed", SkillAssessed.class),
    TRANSFERRED("trajectory.transferred", Transferred.class),
    DEPARTED("trajectory.departed", Departed.class),
    EVENT_RETRACTED("trajectory.event-retracted", EventRetracted.class);

    private final String cloudEventType;
    private final Class<? extends SpecificRecord> avroClass;

    EventType(String cloudEventType, Class<? extends SpecificRecord> avroClass) {
        this.cloudEventType = cloudEventType;
        this.avroClass = avroClass;
    }

    public String cloudEventType() {
        return cloudEventType;
    }

    public Class<? extends SpecificRecord> avroClass() {
        return avroClass;
    }

    public static Optional<EventType> fromCloudEventType(String type) {
        return Arrays.stream(values()).filter(t -> t.cloudEventType.equals(type)).findFirst();
    }

    public static EventType of(SpecificRecord event) {
        for (EventType type : values()) {
            if (type.avroClass == event.getClass()) {
                return type;
            }
        }
        throw new IllegalArgumentException("not a career event: " + event.getClass().getName());
    }

    public static List<Class<? extends SpecificRecord>> avroClasses() {
        return Arrays.stream(values()).<Class<? extends SpecificRecord>>map(EventType::avroClass).toList();
    }

    public static List<String> cloudEventTypes() {
        return Arrays.stream(values()).map(EventType::cloudEventType).toList();
    }
}
