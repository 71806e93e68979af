package io.trajectory.api.oracle;

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
import io.trajectory.ladder.LadderLoader;
import io.trajectory.schemas.CareerEvents;
import io.trajectory.schemas.Codecs;
import io.trajectory.validation.EventValidator;
import io.trajectory.validation.Violation;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;

/**
 * A generated organization for the analytics oracle: the same seed gives the same events. Hires
 * spread over six years into six departments of very different sizes (one tiny, so suppression has
 * work to do); interviews before, some candidates never hired; juniors who reach ADVANCING on
 * evidence (programs, a cross-team one, a process-optimization course, technical knowledge at level
 * 3) after a few months to a few years, some never; explicit promotions to SENIOR and BEYOND;
 * transfers, departures; courses, assessments and relationships as filler. Then the mess of real HR
 * data: some events recorded months late (they arrive after later ones), promotions, programs and
 * transfers retracted later, and events sent twice.
 *
 * <p>Every event passes the validator the processor uses. Events happen at 09:00 UTC; departures
 * at 17:00 plus the person's own minutes and seconds, so a departure never shares its instant with
 * another event of the person. Nothing happens after a departure or after {@link #END}.
 */
public final class Organization {

    public static final Ladder LADDER = LadderLoader.defaultLadder();
    public static final Instant START = Instant.parse("2016-01-04T09:00:00Z");
    public static final Instant END = Instant.parse("2024-01-01T00:00:00Z");
    public static final List<String> DEPARTMENTS = List.of("Payments", "Search", "Infrastructure", "Mobile", "Data Platform",
            "Legal Tech");
    private static final int[] DEPARTMENT_WEIGHTS = {30, 20, 20, 15, 14, 1};
    private static final EventValidator VALIDATOR = new EventValidator(LADDER);
    private static final String SOURCE = "hr/oracle";

    /** One record on the input topic: whose, the bytes, and when it arrives (its recording time, or later for a re-send). */
    public record Arrival(String personId, byte[] payload, Instant arrivesAt, long sequence) {
    }

    /** Every distinct event of each person (the re-sent copies are the same events). */
    public final Map<String, List<SpecificRecord>> eventsByPerson = new LinkedHashMap<>();
    /** Every record in arrival order. */
    public final List<Arrival> arrivals = new ArrayList<>();
    public int lateEvents;
    public int retractions;
    public int resent;

    private Organization() {
    }

    public static Organization generate(int people, long seed) {
        Organization org = new Organization();
        long sequence = 0;
        for (int i = 0; i < people; i++) {
            Random random = new Random(seed * 1_000_003L + i);
            String personId = String.format("p%05d", i);
            List<SpecificRecord> events = new Person(personId, random, org).events();
            org.eventsByPerson.put(personId, events);
            for (SpecificRecord event : events) {
                byte[] bytes = Codecs.events().encode(event);
                Instant recorded = CareerEvents.header(event).getRecordedAt();
                org.arrivals.add(new Arrival(personId, bytes, recorded, sequence++));
                if (random.nextInt(1000) < 15) {
                    org.arrivals.add(new Arrival(personId, bytes, recorded.plus(Duration.ofDays(1 + random.nextInt(30))), sequence++));
                    org.resent++;
                }
            }
        }
        org.arrivals.sort(Comparator.comparing(Arrival::arrivesAt).thenComparingLong(Arrival::sequence));
        return org;
    }

    public int eventCount() {
        return eventsByPerson.values().stream().mapToInt(List::size).sum();
    }

    /** One person's career. */
    private static final class Person {
        private final String id;
        private final Random random;
        private final Organization org;
        private final List<SpecificRecord> events = new ArrayList<>();
        private int n;
        private Instant limit = END;

        Person(String id, Random random, Organization org) {
            this.id = id;
            this.random = random;
            this.org = org;
        }

        private Instant day(Instant base, int days) {
            return base.plus(Duration.ofDays(days));
        }

        private EventHeader header(Instant occurred) {
            Instant recorded = occurred.plus(Duration.ofHours(random.nextInt(72)));
            if (random.nextInt(100) < 6) {
                recorded = occurred.plus(Duration.ofDays(30 + random.nextInt(370)));
                org.lateEvents++;
            }
            return new EventHeader(id + "-" + (++n), id, occurred, recorded, SOURCE);
        }

        /** Adds the event if it happens before the person's limit (departure or END). */
        private <T extends SpecificRecord> T add(T event) {
            Instant at = CareerEvents.header(event).getOccurredAt();
            if (!at.isBefore(limit)) {
                return null;
            }
            List<Violation> violations = VALIDATOR.validate(event);
            if (!violations.isEmpty()) {
                throw new IllegalStateException("generated an invalid event " + event + ": " + violations);
            }
            events.add(event);
            return event;
        }

        private String department() {
            int roll = random.nextInt(100);
            for (int d = 0; d < DEPARTMENTS.size(); d++) {
                roll -= DEPARTMENT_WEIGHTS[d];
                if (roll < 0) {
                    return DEPARTMENTS.get(d);
                }
            }
            return DEPARTMENTS.get(0);
        }

        List<SpecificRecord> events() {
            Instant hire = day(START, random.nextInt(6 * 365));
            boolean candidateOnly = random.nextInt(100) < 7;
            if (candidateOnly || random.nextInt(100) < 80) {
                add(new InterviewPassed(header(day(hire, -20 - random.nextInt(40))), "Technical Program Manager", 1));
                if (!candidateOnly || random.nextBoolean()) {
                    add(new InterviewPassed(header(day(hire, -5 - random.nextInt(10))), "Technical Program Manager", 2));
                }
            }
            if (candidateOnly) {
                return events;
            }
            if (random.nextInt(100) < 28) {
                Instant leaves = day(hire, 60 + random.nextInt(6 * 365)).plus(Duration.ofHours(8))
                        .plus(Duration.ofSeconds(1 + random.nextInt(3599)));
                if (leaves.isBefore(END)) {
                    limit = leaves;
                }
            }
            String department = department();
            String hiredStage = random.nextInt(100) < 5 ? "ADVANCING" : "JUNIOR";
            add(new Hired(header(hire), "Technical Program Manager I", department, "m-" + random.nextInt(40), hiredStage));

            // JUNIOR's evidence, over a few months to a few years
            int pace = 90 + random.nextInt(1000);
            List<ProjectDelivered> projects = new ArrayList<>();
            int programs = 2 + random.nextInt(4);
            int crossTeam = random.nextInt(programs);
            for (int p = 0; p < programs; p++) {
                ProjectDelivered project = add(new ProjectDelivered(header(day(hire, 20 + random.nextInt(pace))),
                        "prj-" + id + "-" + p, "Program " + p, p == crossTeam));
                if (project != null) {
                    projects.add(project);
                }
            }
            add(new CourseCompleted(header(day(hire, 10 + random.nextInt(pace))), "lean-101", "Lean processes",
                    new ArrayList<>(List.of("process-optimization")), new BigDecimal("12.50")));
            add(new SkillAssessed(header(day(hire, 15 + random.nextInt(pace / 2))), "technical-knowledge", 2, "a-1"));
            if (random.nextInt(100) < 88) {
                add(new SkillAssessed(header(day(hire, 30 + random.nextInt(pace))), "technical-knowledge", 3, "a-2"));
            }

            // explicit promotions
            List<Promotion> promotions = new ArrayList<>();
            Instant advancing = day(hire, pace + 30);
            if (random.nextInt(100) < 62) {
                Instant senior = day(advancing, 200 + random.nextInt(1300));
                Promotion toSenior = add(new Promotion(header(senior), "SENIOR", "Senior TPM",
                        random.nextInt(100) < 10 ? department() : null));
                if (toSenior != null) {
                    promotions.add(toSenior);
                    if (random.nextInt(100) < 35) {
                        Promotion beyond = add(new Promotion(header(day(senior, 300 + random.nextInt(1500))), "BEYOND",
                                "Director of Program Management", null));
                        if (beyond != null) {
                            promotions.add(beyond);
                        }
                    }
                }
            }

            Transferred transfer = null;
            if (random.nextInt(100) < 18) {
                transfer = add(new Transferred(header(day(hire, 30 + random.nextInt(2000))), department(), "m-" + random.nextInt(40)));
            }
            // filler: courses, assessments, relationships
            int filler = 1 + random.nextInt(3);
            for (int f = 0; f < filler; f++) {
                Instant at = day(hire, 5 + random.nextInt(2200));
                switch (random.nextInt(3)) {
                    case 0 -> add(new CourseCompleted(header(at), "c-" + random.nextInt(50), "Course",
                            new ArrayList<>(List.of(LADDER.skillIds().get(random.nextInt(LADDER.skillIds().size())))),
                            BigDecimal.valueOf(100 + random.nextInt(2000), 2)));
                    case 1 -> add(new SkillAssessed(header(at), LADDER.skillIds().get(random.nextInt(LADDER.skillIds().size())),
                            random.nextInt(6), "a-" + random.nextInt(9)));
                    default -> add(new VendorRelationshipLogged(header(at), "Counterparty " + random.nextInt(20),
                            RelationshipKind.values()[random.nextInt(3)]));
                }
            }
            if (limit.isBefore(END)) {
                Instant leaves = limit;
                limit = END;
                add(new Departed(header(leaves), random.nextBoolean() ? "resigned" : null));
                limit = leaves.plusMillis(1);
            }

            // corrections, recorded after the fact (the retraction itself may happen after a departure: it is a correction)
            limit = END;
            if (!promotions.isEmpty() && random.nextInt(100) < 6) {
                retract(promotions.get(random.nextInt(promotions.size())));
            }
            if (!projects.isEmpty() && random.nextInt(100) < 5) {
                retract(projects.get(random.nextInt(projects.size())));
            }
            if (transfer != null && random.nextInt(100) < 15) {
                retract(transfer);
            }
            return events;
        }

        private void retract(SpecificRecord target) {
            Instant at = CareerEvents.header(target).getOccurredAt().plus(Duration.ofDays(5 + random.nextInt(200)));
            if (at.isBefore(END)) {
                add(new EventRetracted(header(at), CareerEvents.eventId(target), "recorded in error"));
                org.retractions++;
            }
        }
    }
}
