package io.trajectory.processor.analytics;

import io.trajectory.ladder.Ladder;
import io.trajectory.state.DepartmentChange;
import io.trajectory.state.EmploymentStatus;
import io.trajectory.state.PersonSpells;
import io.trajectory.state.PersonState;
import io.trajectory.state.Spell;
import io.trajectory.state.SpellOutcome;
import io.trajectory.state.StageEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A person's spells: the periods they spent in one stage, a pure function of their state (stage
 * history, status, departure) and the department changes of their accepted events.
 *
 * <ul>
 *   <li>Each entry of the stage history starts a spell, which ends where the next one starts:
 *       {@link SpellOutcome#PROMOTED} when the next stage is a later one of the ladder (its
 *       {@code next} chain reaches it), {@link SpellOutcome#MOVED} otherwise.</li>
 *   <li>A departed person's spell running at the departure ends there, {@link SpellOutcome#DEPARTED};
 *       stage entries recorded after the departure are left out (they happened to someone who had left).</li>
 *   <li>The last spell of anyone else is {@link SpellOutcome#ONGOING} (no exit).</li>
 *   <li>A spell keeps the department at its entry and the department changes from its entry
 *       (inclusive) to its exit (exclusive) that change it, so the department at any time within it
 *       is known.</li>
 * </ul>
 * A rehire into the stage someone left from is not visible in a state (it keeps the latest hire
 * only), so such a person's gap is not seen.
 */
public final class Spells {

    private Spells() {
    }

    /** The spells of a person from their state alone: its stage history and the fold's department changes. */
    public static PersonSpells of(PersonState state, Ladder ladder) {
        return of(state, state.getDepartmentChanges(), ladder);
    }

    /**
     * @param state   the person's current state
     * @param changes the department set by each accepted, unretracted event, in fold order (the state's own, or
     *                any list that agrees with it within the spells)
     * @param ladder  the ladder the state was folded on
     */
    public static PersonSpells of(PersonState state, List<DepartmentChange> changes, Ladder ladder) {
        List<StageEntry> history = state.getStageHistory();
        Instant end = state.getStatus() == EmploymentStatus.DEPARTED ? state.getDepartedAt() : null;
        int kept = 0;
        while (kept < history.size() && (end == null || !history.get(kept).getEnteredAt().isAfter(end))) {
            kept++;
        }
        List<Spell> spells = new ArrayList<>(kept);
        for (int i = 0; i < kept; i++) {
            StageEntry entry = history.get(i);
            Spell.Builder spell = Spell.newBuilder()
                    .setSequence(state.getStageHistoryOmitted() + i + 1)
                    .setStage(entry.getStage())
                    .setEnteredAt(entry.getEnteredAt())
                    .setDepartment(entry.getDepartment())
                    .setToStage(null)
                    .setExitAt(null);
            Instant exit = null;
            if (i + 1 < kept) {
                StageEntry next = history.get(i + 1);
                exit = next.getEnteredAt();
                spell.setExitAt(exit).setToStage(next.getStage())
                        .setOutcome(isLater(ladder, entry.getStage(), next.getStage()) ? SpellOutcome.PROMOTED : SpellOutcome.MOVED);
            } else if (end != null) {
                exit = end;
                spell.setExitAt(exit).setOutcome(SpellOutcome.DEPARTED);
            } else {
                spell.setOutcome(SpellOutcome.ONGOING);
            }
            List<DepartmentChange> within = new ArrayList<>();
            String current = entry.getDepartment();
            for (DepartmentChange c : changes) {
                boolean inSpell = !c.getAt().isBefore(entry.getEnteredAt()) && (exit == null || c.getAt().isBefore(exit));
                if (inSpell && !Objects.equals(current, c.getDepartment())) {
                    within.add(DepartmentChange.newBuilder(c).build());
                    current = c.getDepartment();
                }
            }
            spell.setDepartmentChanges(within);
            spells.add(spell.build());
        }
        return PersonSpells.newBuilder()
                .setPersonId(state.getPersonId())
                .setHiredAt(state.getHiredAt())
                .setDepartedAt(end)
                .setSpells(spells)
                .build();
    }

    /** Whether {@code to} is a later stage than {@code from}: the ladder's {@code next} chain from {@code from} reaches it. */
    public static boolean isLater(Ladder ladder, String from, String to) {
        String current = from;
        for (int steps = 0; steps < ladder.stages().size(); steps++) {
            Optional<Ladder.Stage> next = ladder.next(current);
            if (next.isEmpty()) {
                return false;
            }
            if (next.get().id().equals(to)) {
                return true;
            }
            current = next.get().id();
        }
        return false;
    }

    /** The department of the spell at time {@code t} (within the spell): the last change at or before t, else the one at entry. */
    public static String departmentAt(Spell spell, Instant t) {
        String department = spell.getDepartment();
        for (DepartmentChange c : spell.getDepartmentChanges()) {
            if (!c.getAt().isAfter(t)) {
                department = c.getDepartment();
            }
        }
        return department;
    }

    /** The department at the end of the spell: that of its last change, else the one at entry. */
    public static String departmentAtExit(Spell spell) {
        List<DepartmentChange> changes = spell.getDepartmentChanges();
        return changes.isEmpty() ? spell.getDepartment() : changes.get(changes.size() - 1).getDepartment();
    }

    /** Whether the spell covers time t: entered by t and not yet ended ([enteredAt, exitAt)). */
    public static boolean covers(Spell spell, Instant t) {
        return !spell.getEnteredAt().isAfter(t) && (spell.getExitAt() == null || t.isBefore(spell.getExitAt()));
    }

    /** Whether the spell began on or after the person's hire (an employee's spell, not a candidate's). */
    public static boolean afterHire(PersonSpells person, Spell spell) {
        return person.getHiredAt() != null && !spell.getEnteredAt().isBefore(person.getHiredAt());
    }
}
