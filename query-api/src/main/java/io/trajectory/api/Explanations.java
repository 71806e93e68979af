package io.trajectory.api;

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
import io.trajectory.processor.fold.PersonHistory;
import io.trajectory.schemas.CareerEvents;
import io.trajectory.state.PersonState;
import io.trajectory.state.StageEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * {@code ?explain=true}: which events produced each part of a person's state. Every counter,
 * relationship count, skill, stage and employment fact names its eventIds, and the retracted
 * events name the retraction that removed them.
 */
final class Explanations {

    private Explanations() {
    }

    static Map<String, Object> of(PersonHistory.View view) {
        PersonState s = view.state();
        Map<String, List<String>> counters = new LinkedHashMap<>();
        counters.put("interviewRoundsPassed", new ArrayList<>());
        counters.put("programsDelivered", new ArrayList<>());
        counters.put("crossTeamPrograms", new ArrayList<>());
        counters.put("coursesCompleted", new ArrayList<>());
        Map<String, List<String>> relationships = new LinkedHashMap<>();
        relationships.put("vendors", new ArrayList<>());
        relationships.put("clients", new ArrayList<>());
        relationships.put("stakeholders", new ArrayList<>());
        Map<String, List<String>> skills = new TreeMap<>();
        List<String> employment = new ArrayList<>();
        List<String> retractions = new ArrayList<>();

        for (SpecificRecord e : view.folded()) {
            String id = CareerEvents.eventId(e);
            if (view.ignored().containsKey(id)) {
                continue; // changed nothing: listed under "ignored" with the reason
            }
            if (e instanceof InterviewPassed) {
                counters.get("interviewRoundsPassed").add(id);
            } else if (e instanceof ProjectDelivered p) {
                counters.get("programsDelivered").add(id);
                if (p.getCrossTeam()) {
                    counters.get("crossTeamPrograms").add(id);
                }
            } else if (e instanceof CourseCompleted c) {
                counters.get("coursesCompleted").add(id);
                c.getSkills().forEach(skill -> skills.computeIfAbsent(skill, k -> new ArrayList<>()).add(id));
            } else if (e instanceof SkillAssessed a) {
                skills.computeIfAbsent(a.getSkill(), k -> new ArrayList<>()).add(id);
            } else if (e instanceof VendorRelationshipLogged v) {
                String kind = switch (v.getKind()) {
                    case VENDOR -> "vendors";
                    case CLIENT -> "clients";
                    case STAKEHOLDER -> "stakeholders";
                    default -> null;
                };
                if (kind != null) {
                    relationships.get(kind).add(id);
                }
            } else if (e instanceof Hired || e instanceof Promotion || e instanceof Transferred || e instanceof Departed) {
                employment.add(id);
            } else if (e instanceof EventRetracted) {
                retractions.add(id);
            }
        }

        Map<String, Object> stage = new LinkedHashMap<>();
        stage.put("stage", s.getStage());
        List<StageEntry> history = s.getStageHistory();
        stage.put("causeEventId", history.isEmpty() ? null : history.get(history.size() - 1).getCauseEventId());
        List<Map<String, Object>> stages = new ArrayList<>();
        for (StageEntry entry : history) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("stage", entry.getStage());
            one.put("enteredAt", entry.getEnteredAt().toString());
            one.put("causeEventId", entry.getCauseEventId());
            stages.add(one);
        }
        stage.put("history", stages);

        List<Map<String, Object>> retracted = new ArrayList<>();
        new TreeMap<>(view.retractedBy()).forEach((eventId, by) -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("eventId", eventId);
            r.put("retractedBy", by);
            retracted.add(r);
        });

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("stage", stage);
        out.put("employment", employment);
        out.put("counters", counters);
        out.put("relationships", relationships);
        out.put("skills", skills);
        out.put("retractions", retractions);
        out.put("retracted", retracted);
        List<Map<String, Object>> ignored = new ArrayList<>();
        view.ignored().forEach((eventId, reason) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("eventId", eventId);
            one.put("reason", reason);
            ignored.add(one);
        });
        out.put("ignored", ignored);
        out.put("foldedEvents", view.folded().stream().map(CareerEvents::eventId).toList());
        return out;
    }
}
