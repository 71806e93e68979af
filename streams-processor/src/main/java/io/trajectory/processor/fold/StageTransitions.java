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
        // a state keeps its latest stage entries only (PersonFold.MAX_STAGE_HISTORY): compare by sequence number
        java.util.Map<Integer, StageTransition> oldBySequence = new java.util.HashMap<>();
        old.forEach(t -> oldBySequence.put(t.getSequence(), t));
        int oldFirst = old.isEmpty() ? 1 : old.get(0).getSequence();
        int oldLast = old.isEmpty() ? 0 : old.get(old.size() - 1).getSequence();
        int nowFirst = now.isEmpty() ? 1 : now.get(0).getSequence();
        int nowLast = now.isEmpty() ? 0 : now.get(now.size() - 1).getSequence();
        List<StageTransition> out = new ArrayList<>();
        for (StageTransition t : now) {
            StageTransition was = oldBySequence.get(t.getSequence());
            if (t.getSequence() > oldLast) {
                out.add(t);
            } else if (was == null && t.getSequence() < oldFirst) {
                // the earlier state had left this entry out (a later history was longer): its published content is
                // unknown here, so it is re-stated
                t.setKind(TransitionKind.CORRECTED);
                out.add(t);
            } else if (was != null && !sameContent(was, t,
                    (t.getSequence() == nowFirst && nowFirst > 1) || (t.getSequence() == oldFirst && oldFirst > 1))) {
                t.setKind(TransitionKind.CORRECTED);
                out.add(t);
            }
        }
        for (StageTransition gone : old) {
            if (gone.getSequence() > nowLast) {
                gone.setKind(TransitionKind.RETRACTED);
                out.add(gone);
            }
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
            int sequence = s.getStageHistoryOmitted() + i + 1;
            out.add(StageTransition.newBuilder()
                    .setTransitionId(id(s.getPersonId(), sequence))
                    .setPersonId(s.getPersonId())
                    .setSequence(sequence)
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
    private static boolean sameContent(StageTransition a, StageTransition b, boolean previousUnknown) {
        // the first entry a state keeps after leaving earlier ones out has no previous entry in that state
        return a.getSequence() == b.getSequence()
                && (previousUnknown || Objects.equals(a.getFromStage(), b.getFromStage()))
                && a.getToStage().equals(b.getToStage())
                && a.getEnteredAt().equals(b.getEnteredAt())
                && (previousUnknown || Objects.equals(a.getPreviousStageEnteredAt(), b.getPreviousStageEnteredAt()))
                && a.getCauseEventId().equals(b.getCauseEventId())
                && Objects.equals(a.getDepartment(), b.getDepartment())
                && a.getLadderVersion().equals(b.getLadderVersion());
    }
}
