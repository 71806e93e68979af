package io.trajectory.app.bench;

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
import io.trajectory.schemas.CareerEvents;
import io.trajectory.validation.EventValidator;
import io.trajectory.validation.Violation;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * One person's realistic career on the default TPM ladder, in event-time order (adapted from the
 * {@code benchmarks} module's {@code Careers}, which the app must not depend on). Two interview
 * rounds, a hire (mostly as a junior), then delivered programs, courses tagged with ladder skills,
 * skill assessments, vendor/client/stakeholder relationships, now and then a transfer, a promotion or
 * a retraction of an earlier event; some careers end with a departure. A person with one or two events
 * is a candidate who only interviewed. Event ids are UUIDs; some events share a day; the events are
 * in strictly increasing event time (so "late" can be placed exactly); each is recorded
 * up to three days after it happened; every history ends before 2024, so an event happening "now"
 * comes after all of it. Every event is checked by the validator the processor uses.
 */
final class CareerGenerator {

    private static final Instant START = Instant.parse("2012-01-02T09:00:00Z");
    private static final int START_SPREAD_DAYS = 5 * 365;

    private static final String[] DEPARTMENTS = {"Payments", "Search", "Infrastructure", "Mobile", "Data Platform",
        "Ads", "Identity", "Developer Tools"};
    private static final String[] COUNTERPARTIES = {"Acme Cloud", "Globex", "Initech", "Finance team", "Legal",
        "Umbrella Corp", "Customer Success", "Hooli"};
    private static final String[] SOURCES = {"hr/workday", "hr/lattice", "lms/learning-hub", "pm/jira"};
    private static final List<List<String>> COURSE_SKILLS = List.of(
            List.of("process-optimization", "time-bound-problem-solving"), List.of("technical-knowledge"),
            List.of("agile"), List.of("business-dynamics", "business-alignment"),
            List.of("relationship-building", "stakeholder-relations"), List.of("overseeing-teams", "management-etiquette"),
            List.of("customer-retention", "business-conversation"), List.of("cross-functional-work"),
            List.of("listening", "goal-setting"), List.of("inception-to-completion"));

    private final Ladder ladder;
    private final EventValidator validator;

    CareerGenerator(Ladder ladder) {
        this.ladder = ladder;
        this.validator = new EventValidator(ladder);
    }

    /** {@code count} valid events of one person, in event-time order; the same random state gives the same career. */
    List<SpecificRecord> career(String personId, int count, Random random) {
        List<SpecificRecord> events = new ArrayList<>(count);
        Instant day = START.plus(Duration.ofDays(random.nextInt(START_SPREAD_DAYS)));
        boolean departs = count >= 6 && random.nextInt(100) < 12;
        int stage = ladder.indexOf("JUNIOR");
        String department = DEPARTMENTS[random.nextInt(DEPARTMENTS.length)];
        Instant previous = null;
        for (int i = 0; i < count; i++) {
            if (i > 0 && random.nextInt(100) >= 15) { // 15 %: same day as the previous event
                day = day.plus(Duration.ofDays(1 + random.nextInt(10)));
            }
            Instant at = day.plus(Duration.ofMinutes(random.nextInt(8 * 60)));
            if (previous != null && !at.isAfter(previous)) { // strictly in event-time order
                at = previous.plus(Duration.ofMinutes(1 + random.nextInt(90)));
            }
            previous = at;
            EventHeader h = header(personId, random, at);
            SpecificRecord event;
            if (i < 2) {
                event = new InterviewPassed(h, "Technical Program Manager", i + 1);
            } else if (i == 2) {
                boolean senior = random.nextInt(100) < 10;
                stage = ladder.indexOf(senior ? "SENIOR" : "JUNIOR");
                event = new Hired(h, senior ? "Senior Technical Program Manager" : "Technical Program Manager I",
                        department, "m-" + random.nextInt(500), ladder.stageIds().get(stage));
            } else if (departs && i == count - 1) {
                event = new Departed(h, random.nextBoolean() ? "resigned" : null);
            } else {
                event = regular(h, i, random, events, stage);
                if (event instanceof Promotion p) {
                    stage = ladder.indexOf(p.getToStage());
                }
            }
            events.add(checked(event));
        }
        return events;
    }

    private SpecificRecord regular(EventHeader h, int i, Random random, List<SpecificRecord> earlier, int stage) {
        int roll = random.nextInt(100);
        if (roll < 22) {
            return new ProjectDelivered(h, "prj-" + i, "Program " + i, random.nextBoolean());
        } else if (roll < 44) {
            return new CourseCompleted(h, "course-" + random.nextInt(40), "Course " + random.nextInt(400),
                    new ArrayList<>(COURSE_SKILLS.get(random.nextInt(COURSE_SKILLS.size()))),
                    BigDecimal.valueOf(100 + random.nextInt(3900), 2));
        } else if (roll < 64) {
            return new SkillAssessed(h, ladder.skillIds().get(random.nextInt(ladder.skillIds().size())),
                    random.nextInt(6), "a-" + random.nextInt(200));
        } else if (roll < 78) {
            return new VendorRelationshipLogged(h, COUNTERPARTIES[random.nextInt(COUNTERPARTIES.length)],
                    RelationshipKind.values()[random.nextInt(3)]);
        } else if (roll < 83) {
            return new Transferred(h, DEPARTMENTS[random.nextInt(DEPARTMENTS.length)], "m-" + random.nextInt(500));
        } else if (roll < 88 && stage < ladder.stageIds().size() - 1) {
            String stageId = ladder.stageIds().get(stage + 1);
            return new Promotion(h, stageId, stageId.charAt(0) + stageId.substring(1).toLowerCase() + " TPM",
                    random.nextInt(4) == 0 ? DEPARTMENTS[random.nextInt(DEPARTMENTS.length)] : null);
        } else if (roll < 93 && earlier.size() > 3) {
            SpecificRecord target = earlier.get(3 + random.nextInt(earlier.size() - 3));
            return target instanceof EventRetracted
                    ? new ProjectDelivered(h, "prj-" + i, "Program " + i, false)
                    : new EventRetracted(h, CareerEvents.eventId(target), "recorded in error");
        }
        return new ProjectDelivered(h, "prj-" + i, "Program " + i, true);
    }

    private static EventHeader header(String personId, Random random, Instant occurredAt) {
        UUID id = new UUID(random.nextLong(), random.nextLong());
        return new EventHeader(id.toString(), personId, occurredAt,
                occurredAt.plus(Duration.ofMinutes(random.nextInt(72 * 60))), SOURCES[random.nextInt(SOURCES.length)]);
    }

    /** The generator's self-check: an invalid event is a bug here, never something to benchmark. */
    private <T extends SpecificRecord> T checked(T event) {
        List<Violation> violations = validator.validate(event);
        if (!violations.isEmpty()) {
            throw new IllegalStateException("the workload generator made an invalid event " + event + ": " + violations);
        }
        return event;
    }
}
