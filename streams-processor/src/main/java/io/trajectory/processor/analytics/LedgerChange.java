package io.trajectory.processor.analytics;

import io.trajectory.events.EventRetracted;
import io.trajectory.events.Hired;
import io.trajectory.events.Promotion;
import io.trajectory.events.Transferred;
import io.trajectory.state.PersonLedger;
import io.trajectory.state.PersonState;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * What one accepted event did to a person's ledger, as the fold hands it to the analytics: the
 * ledger before (null for a new person) and after, the event, and whether the state was re-folded
 * from the start (late event, retraction, earlier-recorded copy, another ladder version).
 */
public record LedgerChange(PersonLedger before, PersonLedger after, SpecificRecord event, boolean refolded) {

    public LedgerChange {
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(event, "event");
    }

    /**
     * Whether the person's spells ({@link Spells#of}) may differ after this change. They are a function
     * of the state's stage history, status, hire and departure times, of the department changes
     * (the state's department changes) and of the ladder. An event appended at the end of the fold (not re-folded, so the same
     * ladder and no retraction involved) that sets no department leaves the department changes as
     * they were; if it also left those state fields equal, the spells are the same. False only then:
     * most events (courses, projects, assessments, relationships) change no spell.
     */
    public boolean maySpellsChange() {
        if (before == null || refolded || event instanceof Hired || event instanceof Transferred
                || event instanceof Promotion || event instanceof EventRetracted) {
            return true;
        }
        PersonState a = before.getState();
        PersonState b = after.getState();
        return a.getStatus() != b.getStatus()
                || !Objects.equals(a.getHiredAt(), b.getHiredAt())
                || !Objects.equals(a.getDepartedAt(), b.getDepartedAt())
                || a.getStageHistoryOmitted() != b.getStageHistoryOmitted()
                || !a.getStageHistory().equals(b.getStageHistory())
                || !a.getDepartmentChanges().equals(b.getDepartmentChanges());
    }
}
