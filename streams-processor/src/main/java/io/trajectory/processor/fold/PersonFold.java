package io.trajectory.processor.fold;

import io.trajectory.events.CourseCompleted;
import io.trajectory.events.Departed;
import io.trajectory.events.EventHeader;
import io.trajectory.events.EventRetracted;
import io.trajectory.events.Hired;
import io.trajectory.events.InterviewPassed;
import io.trajectory.events.ProjectDelivered;
import io.trajectory.events.Promotion;
import io.trajectory.events.SkillAssessed;
import io.trajectory.events.Transferred;
import io.trajectory.events.VendorRelationshipLogged;
import io.trajectory.ladder.Ladder;
import io.trajectory.ladder.Requirement;
import io.trajectory.schemas.CareerEvents;
import io.trajectory.state.DepartmentChange;
import io.trajectory.state.EmploymentStatus;
import io.trajectory.state.NextStep;
import io.trajectory.state.PersonState;
import io.trajectory.state.RelationshipCounts;
import io.trajectory.state.SkillEvidence;
import io.trajectory.state.StageEntry;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * The fold of a person's career events into their state: a pure function of the events and the
 * ladder. No Kafka, no clock: every time comes from the events.
 *
 * <p>Rules:
 * <ul>
 *   <li>Events are folded in {@link FoldOrder}: event time, then recording time, then eventId.</li>
 *   <li>{@code InterviewPassed} counts a round; a person who is not employed enters the stage the
 *       ladder enters by interview (CANDIDATE).</li>
 *   <li>{@code Hired} makes the person employed in the hired stage; {@code Promotion} moves them to
 *       its stage (a lower stage is recorded as it is: HR decides, the fold does not second-guess).</li>
 *   <li>After every event, an employed person whose next stage is entered by evidence moves up when
 *       every requirement of their current stage is met, at that event's time.</li>
 *   <li>{@code EventRetracted} removes the retracted event (same person) from the fold, wherever it
 *       arrives. A retraction of a retraction has no effect: to restore an event, send it again
 *       with a new eventId.</li>
 *   <li>{@code Departed} ends employment; the stage is kept; next steps are empty. Events dated after
 *       the departure change nothing until a rehire ({@code Hired}): see {@link #ignoredReason}. The rule
 *       is part of the fold, so the state still depends only on the set of events, not on when a
 *       departure arrived.</li>
 * </ul>
 */
public final class PersonFold {

    private static final int MAX_EVIDENCE_STEPS = 16;

    /**
     * The bounds of the lists a state keeps, so that no state grows with the person's history: the latest
     * evidence event ids per skill ({@code evidenceCount} counts them all), the latest stage entries
     * ({@code stageHistoryOmitted} counts the earlier ones) and the latest department changes. The whole
     * history stays in the person's events, read on demand.
     */
    public static final int MAX_EVIDENCE_IDS = 8;
    public static final int MAX_STAGE_HISTORY = 64;
    public static final int MAX_DEPARTMENT_CHANGES = 64;

    static {
        // deep copies of generated classes go through Avro's class security check
        io.trajectory.schemas.AvroTrust.ensureTrusted();
    }

    private PersonFold() {
    }

    /** Whether {@code state} was folded under this ladder (same id and version), so it may be used as it is. */
    public static boolean foldedUnder(PersonState state, Ladder ladder) {
        return state.getLadderId().equals(ladder.id()) && state.getLadderVersion().equals(ladder.version());
    }

    /** The state of a person of whom nothing is known yet. */
    public static PersonState initial(String personId, Ladder ladder) {
        return PersonState.newBuilder()
                .setPersonId(personId)
                .setStage(ladder.firstStage().id())
                .setStatus(EmploymentStatus.UNKNOWN)
                .setRelationships(new RelationshipCounts(0, 0, 0))
                .setSkills(new ArrayList<>())
                .setStageHistory(new ArrayList<>())
                .setStageHistoryOmitted(0)
                .setDepartmentChanges(new ArrayList<>())
                .setNextSteps(new ArrayList<>())
                .setLadderId(ladder.id())
                .setLadderVersion(ladder.version())
                .build();
    }

    /**
     * Folds events that are already in fold order and contain no retracted events. Retractions in
     * the list are no-ops here; use {@link #foldAll} for a raw, unordered history.
     */
    public static PersonState foldOrdered(String personId, List<? extends SpecificRecord> ordered, Ladder ladder) {
        PersonState state = initial(personId, ladder);
        for (SpecificRecord event : ordered) {
            evolve(state, event, ladder);
        }
        finish(state, ladder);
        return state;
    }

    /**
     * The fold of any collection of a person's events, in any order, with duplicates (same
     * eventId: the first one in fold order counts) and retractions: the reference semantics.
     */
    public static PersonState foldAll(String personId, List<? extends SpecificRecord> events, Ladder ladder) {
        List<SpecificRecord> distinct = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<SpecificRecord> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(CareerEvents::header, FoldOrder.HEADERS));
        for (SpecificRecord event : sorted) {
            if (seen.add(CareerEvents.eventId(event))) {
                distinct.add(event);
            }
        }
        Set<String> retracted = effectiveRetractions(distinct);
        List<SpecificRecord> kept = distinct.stream()
                .filter(e -> !retracted.contains(CareerEvents.eventId(e)))
                .toList();
        return foldOrdered(personId, kept, ladder);
    }

    /**
     * The events of an ordered list (fold order, retracted events left out) that the fold ignores, by the
     * departure rule: eventId → why. Depends only on the events, as the fold does.
     */
    public static Map<String, String> ignored(List<? extends SpecificRecord> ordered) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        Instant departedAt = null;
        for (SpecificRecord event : ordered) {
            Instant at = CareerEvents.header(event).getOccurredAt();
            String reason = ignoredReason(departedAt, event, at);
            if (reason != null) {
                if (!(event instanceof EventRetracted)) {
                    out.put(CareerEvents.eventId(event), reason);
                }
            } else if (event instanceof Hired) {
                departedAt = null;
            } else if (event instanceof Departed) {
                departedAt = at;
            }
        }
        return out;
    }

    /**
     * The departure rule: while a person is departed ({@code departedAt} set), an event dated after the
     * departure changes nothing unless it is a rehire ({@code Hired}). Null when the event applies.
     * A departed person stays departed until a rehire: only {@code Departed} enters that status and only
     * {@code Hired} leaves it, so {@code departedAt} alone decides, in the fold and in {@link #ignored}.
     */
    public static String ignoredReason(Instant departedAt, SpecificRecord event, Instant at) {
        if (departedAt == null || !at.isAfter(departedAt) || event instanceof Hired) {
            return null;
        }
        return "dated after the departure of " + departedAt
                + " with no rehire (Hired) in between: a departed person's state changes only by a rehire";
    }

    /** Ids retracted by the retractions in the list, by the {@link Retractions} rule. */
    static Set<String> effectiveRetractions(List<? extends SpecificRecord> events) {
        Map<String, String> targets = new HashMap<>();
        for (SpecificRecord e : events) {
            if (e instanceof EventRetracted r) {
                targets.put(CareerEvents.eventId(r), r.getRetractedEventId());
            }
        }
        return Retractions.effective(targets);
    }

    /**
     * One more event after all those folded into {@code state} (in fold order): returns a new state,
     * leaving {@code state} untouched.
     */
    public static PersonState apply(PersonState state, SpecificRecord event, Ladder ladder) {
        PersonState next = copyForUpdate(state);
        evolve(next, event, ladder);
        finish(next, ladder);
        return next;
    }

    /**
     * A copy of a state that {@link #evolve} and {@link #finish} may change without touching the original:
     * the fields are shared, except the parts they change in place (relationship counts, the skills with
     * their evidence lists, the stage history), which are copied. Immutable values (strings, instants,
     * decimals, stage entries, next steps) are shared. Much cheaper than Avro's deep copy
     * ({@code PersonState.newBuilder(state).build()}), which re-validates and copies every value.
     */
    static PersonState copyForUpdate(PersonState state) {
        PersonState next = new PersonState();
        int fields = PersonState.getClassSchema().getFields().size();
        for (int i = 0; i < fields; i++) {
            next.put(i, state.get(i));
        }
        RelationshipCounts r = state.getRelationships();
        next.setRelationships(new RelationshipCounts(r.getVendors(), r.getClients(), r.getStakeholders()));
        List<SkillEvidence> skills = new ArrayList<>(state.getSkills().size() + 1);
        for (SkillEvidence ev : state.getSkills()) {
            skills.add(new SkillEvidence(ev.getSkill(), ev.getAssessedLevel(), ev.getCourses(), ev.getCourseHours(),
                    new ArrayList<>(ev.getEvidenceEventIds()), ev.getEvidenceCount()));
        }
        next.setSkills(skills);
        next.setStageHistory(new ArrayList<>(state.getStageHistory()));
        next.setDepartmentChanges(new ArrayList<>(state.getDepartmentChanges()));
        return next;
    }

    /** Mutates a working copy by one event. */
    private static void evolve(PersonState s, SpecificRecord event, Ladder ladder) {
        EventHeader h = CareerEvents.header(event);
        Instant at = h.getOccurredAt();
        String id = h.getEventId();
        s.setEventCount(s.getEventCount() + 1);
        s.setLastEventId(id);
        s.setLastOccurredAt(at);
        if (s.getLastRecordedAt() == null || h.getRecordedAt().isAfter(s.getLastRecordedAt())) {
            s.setLastRecordedAt(h.getRecordedAt());
        }
        Instant departedAt = s.getStatus() == EmploymentStatus.DEPARTED ? s.getDepartedAt() : null;
        if (ignoredReason(departedAt, event, at) != null) {
            return; // accepted and counted, but a departed person's state changes only by a rehire
        }
        String departmentBefore = s.getDepartment();

        if (event instanceof InterviewPassed e) {
            s.setInterviewRoundsPassed(s.getInterviewRoundsPassed() + 1);
            // a departed person stays departed until rehired (an interview at the departure's instant counts a round)
            if (s.getStatus() != EmploymentStatus.EMPLOYED && s.getStatus() != EmploymentStatus.DEPARTED) {
                s.setStatus(EmploymentStatus.CANDIDATE);
                s.setDepartedAt(null);
                ladder.stages().stream().filter(st -> st.entry().byEvent("InterviewPassed")).findFirst()
                        .ifPresent(st -> enter(s, st.id(), at, id));
            }
        } else if (event instanceof Hired e) {
            s.setStatus(EmploymentStatus.EMPLOYED);
            s.setHiredAt(at);
            s.setDepartedAt(null);
            s.setTitle(e.getTitle());
            s.setDepartment(e.getDepartment());
            s.setManagerId(e.getManagerId());
            enter(s, e.getStage(), at, id);
        } else if (event instanceof Promotion e) {
            if (s.getStatus() != EmploymentStatus.EMPLOYED && s.getStatus() != EmploymentStatus.DEPARTED) {
                s.setStatus(EmploymentStatus.EMPLOYED);
            }
            s.setTitle(e.getTitle());
            if (e.getDepartment() != null) {
                s.setDepartment(e.getDepartment());
            }
            enter(s, e.getToStage(), at, id);
        } else if (event instanceof CourseCompleted e) {
            s.setCoursesCompleted(s.getCoursesCompleted() + 1);
            for (String skill : e.getSkills()) {
                SkillEvidence ev = skill(s, skill);
                ev.setCourses(ev.getCourses() + 1);
                ev.setCourseHours(ev.getCourseHours().add(e.getHours()));
                addEvidence(ev, id);
            }
        } else if (event instanceof VendorRelationshipLogged e) {
            RelationshipCounts r = s.getRelationships();
            switch (e.getKind()) {
                case VENDOR -> r.setVendors(r.getVendors() + 1);
                case CLIENT -> r.setClients(r.getClients() + 1);
                case STAKEHOLDER -> r.setStakeholders(r.getStakeholders() + 1);
                default -> {
                    // UNKNOWN is refused by validation; a newer symbol read by an older reader counts nowhere
                }
            }
        } else if (event instanceof ProjectDelivered e) {
            s.setProgramsDelivered(s.getProgramsDelivered() + 1);
            if (e.getCrossTeam()) {
                s.setCrossTeamPrograms(s.getCrossTeamPrograms() + 1);
            }
        } else if (event instanceof SkillAssessed e) {
            SkillEvidence ev = skill(s, e.getSkill());
            ev.setAssessedLevel(e.getLevel());
            addEvidence(ev, id);
        } else if (event instanceof Transferred e) {
            s.setDepartment(e.getDepartment());
            s.setManagerId(e.getManagerId());
        } else if (event instanceof Departed) {
            s.setStatus(EmploymentStatus.DEPARTED);
            s.setDepartedAt(at);
        }
        // EventRetracted has no effect of its own: it removes another event from the fold.

        if (!java.util.Objects.equals(departmentBefore, s.getDepartment())) {
            List<DepartmentChange> changes = s.getDepartmentChanges();
            changes.add(new DepartmentChange(at, s.getDepartment()));
            if (changes.size() > MAX_DEPARTMENT_CHANGES) {
                changes.remove(0);
            }
        }
        advanceOnEvidence(s, ladder, at, id);
    }

    private static void addEvidence(SkillEvidence ev, String eventId) {
        ev.setEvidenceCount(ev.getEvidenceCount() + 1);
        List<String> ids = ev.getEvidenceEventIds();
        ids.add(eventId);
        if (ids.size() > MAX_EVIDENCE_IDS) {
            ids.remove(0);
        }
    }

    private static void advanceOnEvidence(PersonState s, Ladder ladder, Instant at, String eventId) {
        for (int i = 0; i < MAX_EVIDENCE_STEPS && s.getStatus() == EmploymentStatus.EMPLOYED; i++) {
            var current = ladder.stage(s.getStage());
            var next = ladder.next(s.getStage());
            if (current.isEmpty() || next.isEmpty() || !next.get().entry().evidence()) {
                return;
            }
            List<Requirement> reqs = current.get().requirementsForNext();
            boolean met = !reqs.isEmpty() && reqs.stream().allMatch(r -> r.isMet(s));
            if (!met) {
                return;
            }
            enter(s, next.get().id(), at, eventId);
        }
    }

    private static void enter(PersonState s, String stage, Instant at, String eventId) {
        List<StageEntry> history = s.getStageHistory();
        if (!history.isEmpty() && history.get(history.size() - 1).getStage().equals(stage)) {
            return;
        }
        history.add(new StageEntry(stage, at, eventId, s.getDepartment()));
        if (history.size() > MAX_STAGE_HISTORY) {
            history.remove(0);
            s.setStageHistoryOmitted(s.getStageHistoryOmitted() + 1);
        }
        s.setStage(stage);
        s.setStageSince(at);
    }

    private static SkillEvidence skill(PersonState s, String skillId) {
        List<SkillEvidence> skills = s.getSkills();
        for (SkillEvidence ev : skills) {
            if (ev.getSkill().equals(skillId)) {
                return ev;
            }
        }
        SkillEvidence ev = new SkillEvidence(skillId, null, 0, BigDecimal.ZERO.setScale(2), new ArrayList<>(), 0);
        // keep sorted by skill id so equal histories give equal states
        int i = 0;
        while (i < skills.size() && skills.get(i).getSkill().compareTo(skillId) < 0) {
            i++;
        }
        skills.add(i, ev);
        return ev;
    }

    /** Derived fields: next stage and next steps. */
    private static void finish(PersonState s, Ladder ladder) {
        List<NextStep> steps = new ArrayList<>();
        String nextStage = null;
        if (s.getStatus() != EmploymentStatus.DEPARTED) {
            var current = ladder.stage(s.getStage());
            var next = ladder.next(s.getStage());
            if (current.isPresent() && next.isPresent()) {
                nextStage = next.get().id();
                for (Requirement r : current.get().requirementsForNext()) {
                    if (r.isExplicit() || !r.isMet(s)) {
                        steps.add(new NextStep(r.id(), r.nextStepText(s, nextStage), r.have(s), r.need()));
                    }
                }
            }
        }
        s.setNextStage(nextStage);
        s.setNextSteps(steps);
        s.setLadderId(ladder.id());
        s.setLadderVersion(ladder.version());
    }
}
