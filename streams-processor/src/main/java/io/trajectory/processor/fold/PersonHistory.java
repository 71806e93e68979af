package io.trajectory.processor.fold;

import io.trajectory.ladder.Ladder;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.LedgerEntry;
import io.trajectory.state.PersonLedger;
import io.trajectory.state.PersonState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * A person's state at a point in bitemporal time, from their ledger: a pure function, like the fold.
 *
 * <ul>
 *   <li>{@code knownAt} (recording time): only events recorded by then count, retractions
 *       included: "what did we believe at that time". A back-dated correction recorded later is
 *       invisible before its recording time and visible after.</li>
 *   <li>{@code asOf} (event time): only events that happened by then are folded. A known
 *       retraction removes its event whatever the retraction's own event time: a retracted event
 *       was recorded in error, so it never happened at any time.</li>
 * </ul>
 * Both absent gives the current state: the ledger's own, or, when the ledger was folded under
 * another ladder (id or version) than the one given, the ledger re-folded under it.
 */
public final class PersonHistory {

    /** A point in bitemporal time; an absent coordinate means "now / everything". */
    public record PointInTime(Optional<Instant> asOf, Optional<Instant> knownAt) {

        public static final PointInTime LATEST = new PointInTime(Optional.empty(), Optional.empty());

        public PointInTime {
            asOf = asOf == null ? Optional.empty() : asOf;
            knownAt = knownAt == null ? Optional.empty() : knownAt;
        }

        public boolean isLatest() {
            return asOf.isEmpty() && knownAt.isEmpty();
        }
    }

    /**
     * A person seen at a point in time.
     *
     * @param state       the folded state
     * @param folded      the events folded into it, in fold order
     * @param retractedBy eventId of every retracted event → eventId of the retraction that removed it
     * @param ignored     eventId of every folded event that changed nothing (dated after a departure,
     *                    before any rehire: {@link PersonFold#ignoredReason}) → why
     */
    public record View(PersonState state, List<SpecificRecord> folded, Map<String, String> retractedBy,
            Map<String, String> ignored) {
    }

    private PersonHistory() {
    }

    /** The person as seen at {@code at}; empty when no event of theirs is known and happened by then. */
    public static Optional<View> view(PersonLedger ledger, PointInTime at, Ladder ladder) {
        List<LedgerEntry> known = new ArrayList<>();
        for (LedgerEntry e : ledger.getEvents()) {
            if (at.knownAt().map(k -> !e.getRecordedAt().isAfter(k)).orElse(true)) {
                known.add(e);
            }
        }
        Map<String, String> targets = Ledger.retractionTargets(known);
        Set<String> retracted = Retractions.effective(targets);
        Map<String, String> retractedBy = new HashMap<>();
        targets.forEach((retraction, target) -> {
            if (retracted.contains(target)) {
                retractedBy.put(target, retraction);
            }
        });

        List<SpecificRecord> folded = new ArrayList<>();
        for (LedgerEntry e : known) {
            boolean happened = at.asOf().map(a -> !e.getOccurredAt().isAfter(a)).orElse(true);
            if (happened && !retracted.contains(e.getEventId())) {
                folded.add(Codecs.events().decode(Ledger.bytes(e.getPayload())));
            }
        }
        if (folded.isEmpty()) {
            return Optional.empty();
        }
        boolean cached = at.isLatest() && PersonFold.foldedUnder(ledger.getState(), ladder);
        PersonState state = cached ? ledger.getState() : PersonFold.foldOrdered(ledger.getPersonId(), folded, ladder);
        return Optional.of(new View(state, List.copyOf(folded), Map.copyOf(retractedBy),
                java.util.Collections.unmodifiableMap(PersonFold.ignored(folded))));
    }
}
