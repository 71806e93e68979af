package io.trajectory.benchmarks;

import io.trajectory.events.CourseCompleted;
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
import io.trajectory.ladder.LadderLoader;
import io.trajectory.processor.fold.Ledger;
import io.trajectory.schemas.CareerEvents;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.PersonLedger;
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
 * Deterministic, realistic careers on the default ladder for the benchmarks: the same seed gives
 * the same events. Two interviews, a hire as a junior, then years of delivered programs, courses
 * tagged with ladder skills, skill assessments, logged relationships, now and then a transfer, a
 * promotion or a retraction of an earlier event. Event ids are UUIDs, as the schema recommends;
 * some events share a day; each is recorded up to three days after it happened. Every event is
 * checked by the validator the processor uses.
 */
public final class Careers {

    public static final Ladder LADDER = LadderLoader.defaultLadder();
    private static final EventValidator VALIDATOR = new EventValidator(LADDER);
    private static final Instant START = Instant.parse("2015-01-05T09:00:00Z");
    private static final String SOURCE = "hr/workday";

    private static final String[] DEPARTMENTS = {"Payments", "Search", "Infrastructure", "Mobile", "Data Platform"};
    private static final String[] COUNTERPARTIES = {"Acme Cloud", "Globex", "Initech", "Finance team", "Legal"};
    private static final List<List<String>> COURSE_SKILLS = List.of(
            List.of("process-optimization", "time-bound-problem-solving"), List.of("technical-knowledge"),
            List.of("agile"), List.of("business-dynamics", "business-alignment"),
            List.of("relationship-building", "stakeholder-relations"), List.of("overseeing-teams", "management-etiquette"),
            List.of("customer-retention", "business-conversation"), List.of("cross-functional-work"));

    private Careers() {
    }

    /** A career of {@code count} valid events of one person, in event-time order. */
    public static List<SpecificRecord> career(String personId, int count, long seed) {
        Random random = new Random(seed);
        List<SpecificRecord> events = new ArrayList<>(count);
        Instant day = START;
        int stage = 1; // JUNIOR once hired
        for (int i = 0; i < count; i++) {
            if (i > 0 && random.nextInt(100) >= 15) { // 15 %: same day as the previous event
                day = day.plus(Duration.ofDays(1 + random.nextInt(10)));
            }
            EventHeader h = header(personId, random, day);
            SpecificRecord event;
            if (i < 2) {
                event = new InterviewPassed(h, "Technical Program Manager", i + 1);
            } else if (i == 2) {
                event = new Hired(h, "Technical Program Manager I", DEPARTMENTS[0], "m-1", "JUNIOR");
            } else {
                int roll = random.nextInt(100);
                if (roll < 22) {
                    event = new ProjectDelivered(h, "prj-" + i, "Program " + i, random.nextBoolean());
                } else if (roll < 44) {
                    event = new CourseCompleted(h, "course-" + random.nextInt(40), "Course " + i,
                            new ArrayList<>(COURSE_SKILLS.get(random.nextInt(COURSE_SKILLS.size()))),
                            BigDecimal.valueOf(100 + random.nextInt(3900), 2));
                } else if (roll < 64) {
                    event = new SkillAssessed(h, LADDER.skillIds().get(random.nextInt(LADDER.skillIds().size())),
                            random.nextInt(6), "a-" + random.nextInt(20));
                } else if (roll < 78) {
                    event = new VendorRelationshipLogged(h, COUNTERPARTIES[random.nextInt(COUNTERPARTIES.length)],
                            RelationshipKind.values()[random.nextInt(3)]);
                } else if (roll < 83) {
                    event = new Transferred(h, DEPARTMENTS[random.nextInt(DEPARTMENTS.length)], "m-" + random.nextInt(30));
                } else if (roll < 88 && stage < LADDER.stageIds().size() - 1) {
                    stage++;
                    String stageId = LADDER.stageIds().get(stage);
                    event = new Promotion(h, stageId, stageId.charAt(0) + stageId.substring(1).toLowerCase() + " TPM", null);
                } else if (roll < 95 && events.size() > 3) {
                    SpecificRecord target = events.get(3 + random.nextInt(events.size() - 3));
                    event = target instanceof EventRetracted
                            ? new ProjectDelivered(h, "prj-" + i, "Program " + i, false)
                            : new EventRetracted(h, CareerEvents.eventId(target), "recorded in error");
                } else {
                    event = new ProjectDelivered(h, "prj-" + i, "Program " + i, true);
                }
            }
            events.add(checked(event));
        }
        return events;
    }

    /** A delivered program one day after the career's last event: it arrives in order. */
    public static SpecificRecord nextInOrder(List<SpecificRecord> career, long seed) {
        Instant last = CareerEvents.header(career.get(career.size() - 1)).getOccurredAt();
        EventHeader h = header(CareerEvents.personId(career.get(0)), new Random(seed), last.plus(Duration.ofDays(1)));
        return checked(new ProjectDelivered(h, "prj-next", "Program next", true));
    }

    /** A course back-filled a year before the career's first event: it arrives late, before all of them. */
    public static SpecificRecord lateArrival(List<SpecificRecord> career, long seed) {
        Instant first = CareerEvents.header(career.get(0)).getOccurredAt();
        Instant occurred = first.minus(Duration.ofDays(365));
        String personId = CareerEvents.personId(career.get(0));
        EventHeader h = new EventHeader(new UUID(seed, ~seed).toString(), personId, occurred,
                CareerEvents.header(career.get(career.size() - 1)).getRecordedAt(), SOURCE);
        return checked(new CourseCompleted(h, "course-late", "Course taken before joining",
                new ArrayList<>(List.of("technical-knowledge")), new BigDecimal("12.00")));
    }

    /** The ledger the processor holds after accepting these events in this order. */
    public static PersonLedger ledgerOf(List<SpecificRecord> events) {
        PersonLedger ledger = null;
        for (SpecificRecord event : events) {
            Ledger.Outcome outcome = Ledger.accept(ledger, event, Codecs.events().encode(event), LADDER);
            if (!(outcome instanceof Ledger.Outcome.Accepted accepted)) {
                throw new IllegalStateException("not accepted: " + outcome);
            }
            ledger = accepted.ledger();
        }
        return ledger;
    }

    private static EventHeader header(String personId, Random random, Instant occurredAt) {
        UUID id = new UUID(random.nextLong(), random.nextLong());
        return new EventHeader(id.toString(), personId, occurredAt,
                occurredAt.plus(Duration.ofHours(random.nextInt(72))), SOURCE);
    }

    private static <T extends SpecificRecord> T checked(T event) {
        List<Violation> violations = VALIDATOR.validate(event);
        if (!violations.isEmpty()) {
            throw new IllegalStateException("invalid generated event " + event + ": " + violations);
        }
        return event;
    }
}
