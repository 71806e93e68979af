package io.trajectory.processor.fold;

import io.trajectory.state.PersonState;
import io.trajectory.state.StageEntry;
import io.trajectory.state.StageTransition;
import io.trajectory.state.TransitionKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The stage transitions a change of state publishes: a pure function of the state before and
 * after one accepted event.
 *
 * <p>Transition n of a person (their n-th stage history entry) has the id {@code personId/n}. The
 * in-order case publishes one {@code RECORDED} transition when the stage changes. A late or
 * retracted event can rewrite earlier history: every transition whose content changed is
 * published again as {@code CORRECTED} (same id, superseding the earlier record), a transition
 * that no longer exists as {@code RETRACTED}, and a new one as {@code RECORDED}. An unchanged
 * history publishes nothing, so a duplicate event publishes nothing.
 */
public final class StageTransitions {

    private StageTransitions() {
    }

    /**
     * @param before     the state before the event (null for a person not seen before)
     * @param after      the state after it
     * @param recordedAt the recording time of the event being processed (stamped on each record)
     */
    public static List<StageTransition> changes(PersonState before, PersonState after, Instant recordedAt) {
        List<StageTransition> old = before == null ? List.of() : all(before, recordedAt);
        List<StageTransition> now = all(after, recordedAt);
        List<StageTransition> out = new ArrayList<>();
        for (int i = 0; i < now.size(); i++) {
            StageTransition t = now.get(i);
            if (i >= old.size()) {
                out.add(t);
            } else if (!sameContent(old.get(i), t)) {
                t.setKind(TransitionKind.CORRECTED);
                out.add(t);
            }
        }
        for (int i = now.size(); i < old.size(); i++) {
            StageTransition gone = old.get(i);
            gone.setKind(TransitionKind.RETRACTED);
            out.add(gone);
        }
        return out;
    }

    /** Every transition of a person's stage history, as {@code RECORDED}. */
    public static List<StageTransition> all(PersonState s, Instant recordedAt) {
        List<StageEntry> history = s.getStageHistory();
        List<StageTransition> out = new ArrayList<>(history.size());
        for (int i = 0; i < history.size(); i++) {
            StageEntry entry = history.get(i);
            StageEntry previous = i == 0 ? null : history.get(i - 1);
            out.add(StageTransition.newBuilder()
                    .setTransitionId(id(s.getPersonId(), i + 1))
                    .setPersonId(s.getPersonId())
                    .setSequence(i + 1)
                    .setKind(TransitionKind.RECORDED)
                    .setFromStage(previous == null ? null : previous.getStage())
                    .setToStage(entry.getStage())
                    .setEnteredAt(entry.getEnteredAt())
                    .setPreviousStageEnteredAt(previous == null ? null : previous.getEnteredAt())
                    .setMillisInPreviousStage(previous == null ? null
                            : Duration.between(previous.getEnteredAt(), entry.getEnteredAt()).toMillis())
                    .setCauseEventId(entry.getCauseEventId())
                    .setDepartment(entry.getDepartment())
                    .setHiredAt(s.getHiredAt())
                    .setLadderId(s.getLadderId())
                    .setLadderVersion(s.getLadderVersion())
                    .setRecordedAt(recordedAt)
                    .build());
        }
        return out;
    }

    public static String id(String personId, int sequence) {
        return personId + "/" + sequence;
    }

    /**
     * Equal apart from kind and recordedAt (when and why a record was published) and hiredAt
     * (context as known at publication: a candidate's transitions are not corrected by their hire).
     */
    private static boolean sameContent(StageTransition a, StageTransition b) {
        return a.getSequence() == b.getSequence()
                && Objects.equals(a.getFromStage(), b.getFromStage())
                && a.getToStage().equals(b.getToStage())
                && a.getEnteredAt().equals(b.getEnteredAt())
                && Objects.equals(a.getPreviousStageEnteredAt(), b.getPreviousStageEnteredAt())
                && a.getCauseEventId().equals(b.getCauseEventId())
                && Objects.equals(a.getDepartment(), b.getDepartment())
                && a.getLadderVersion().equals(b.getLadderVersion());
    }
}
