package io.trajectory.api;

import io.trajectory.state.EmploymentStatus;
import io.trajectory.state.PersonState;
import io.trajectory.state.StageEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A person's stage transitions with the time spent in each stage: a stage lasts until the next
 * transition, or until the person left, or (the current stage) until {@code until} (asOf, or now).
 */
final class Timeline {

    private Timeline() {
    }

    static List<Map<String, Object>> of(PersonState s, Instant until) {
        List<StageEntry> history = s.getStageHistory();
        List<Map<String, Object>> out = new ArrayList<>(history.size());
        for (int i = 0; i < history.size(); i++) {
            StageEntry entry = history.get(i);
            boolean last = i == history.size() - 1;
            Instant left = last ? null : history.get(i + 1).getEnteredAt();
            Instant end = left;
            if (last) {
                end = s.getStatus() == EmploymentStatus.DEPARTED && s.getDepartedAt() != null ? s.getDepartedAt() : until;
            }
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("sequence", i + 1);
            t.put("fromStage", i == 0 ? null : history.get(i - 1).getStage());
            t.put("stage", entry.getStage());
            t.put("enteredAt", entry.getEnteredAt().toString());
            t.put("leftAt", left == null ? null : left.toString());
            t.put("current", last && s.getStatus() != EmploymentStatus.DEPARTED);
            t.put("daysInStage", end.isBefore(entry.getEnteredAt()) ? 0 : Duration.between(entry.getEnteredAt(), end).toDays());
            t.put("causeEventId", entry.getCauseEventId());
            out.add(t);
        }
        return out;
    }
}
