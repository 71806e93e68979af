package io.trajectory.processor;

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
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Concise event fixtures for one person; times are days after 2024-01-01. */
public final class TestEvents {

    public static final Instant T0 = Instant.parse("2024-01-01T09:00:00Z");

    private final String personId;

    public TestEvents(String personId) {
        this.personId = personId;
    }

    public static Instant day(int d) {
        return T0.plusSeconds(86_400L * d);
    }

    public EventHeader header(String id, int day) {
        return header(id, day(day), day(day).plusSeconds(3600), "hr/test");
    }

    /** A header with any event time, recording time and source (for generated histories). */
    public EventHeader header(String id, Instant occurredAt, Instant recordedAt, String source) {
        return new EventHeader(id, personId, occurredAt, recordedAt, source);
    }

    public String personId() {
        return personId;
    }

    public InterviewPassed interview(String id, int day, int round) {
        return new InterviewPassed(header(id, day), "Technical Program Manager", round);
    }

    public Hired hired(String id, int day) {
        return new Hired(header(id, day), "Technical Program Manager I", "Payments", "m-1", "JUNIOR");
    }

    public Promotion promotion(String id, int day, String stage) {
        return new Promotion(header(id, day), stage, stage + " TPM", null);
    }

    public ProjectDelivered project(String id, int day, boolean crossTeam) {
        return new ProjectDelivered(header(id, day), "prj-" + id, "Program " + id, crossTeam);
    }

    public CourseCompleted course(String id, int day, String... skills) {
        return new CourseCompleted(header(id, day), "c-" + id, "Course " + id, List.of(skills), new BigDecimal("8.00"));
    }

    public SkillAssessed assessed(String id, int day, String skill, int level) {
        return new SkillAssessed(header(id, day), skill, level, "a-1");
    }

    public VendorRelationshipLogged relationship(String id, int day, RelationshipKind kind) {
        return new VendorRelationshipLogged(header(id, day), "Acme " + id, kind);
    }

    public Transferred transferred(String id, int day, String department) {
        return new Transferred(header(id, day), department, "m-2");
    }

    public Departed departed(String id, int day) {
        return new Departed(header(id, day), "resigned");
    }

    public EventRetracted retraction(String id, int day, String retractedId) {
        return new EventRetracted(header(id, day), retractedId, "recorded in error");
    }
}
