package io.trajectory.processor.fold;

import io.trajectory.events.EventHeader;
import io.trajectory.events.EventRetracted;
import io.trajectory.ladder.Ladder;
import io.trajectory.schemas.CareerEvents;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.LedgerEntry;
import io.trajectory.state.PersonLedger;
import io.trajectory.state.PersonState;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * A person's ledger: every accepted event (deduplicated by eventId, kept in {@link FoldOrder}) and
 * the state folded from them. Accepting an event is a pure function from the old ledger to an
 * {@link Outcome}.
 *
 * <p>An event that lands after every other one (the common case) is applied incrementally. A late
 * event, one that is retracted by a retraction already here, or a retraction of an event already
 * here, triggers a re-fold of the person's whole ledger, so the state is always the fold of the
 * events in event-time order, whatever order they arrived in.
 *
 * <p>An event re-sent with the same content but another recording time is the same event. Of its
 * copies, the one first in fold order (the earliest recorded) counts, as in
 * {@link PersonFold#foldAll}: a copy recorded earlier than the one held replaces it and the person is
 * re-folded; any other copy is a {@link Outcome.Duplicate}.
 */
public final class Ledger {

    /** What accepting one event did. */
    public sealed interface Outcome {
        /** The same eventId with the same content, recorded no earlier, was accepted before: nothing changes. */
        record Duplicate(String eventId) implements Outcome {
        }

        /** The same eventId was accepted before with different content: refused, to the dead-letter topic. */
        record Conflict(String eventId, String detail) implements Outcome {
        }

        /**
         * The event is new, or an earlier-recorded copy of one accepted before (which it replaces): the new
         * ledger, and whether the fold was redone from the start.
         */
        record Accepted(PersonLedger ledger, boolean refolded) implements Outcome {
        }
    }

    private Ledger() {
    }

    public static PersonLedger empty(String personId, Ladder ladder) {
        return new PersonLedger(personId, new ArrayList<>(), PersonFold.initial(personId, ladder));
    }

    /**
     * Accepts one validated event of this person.
     *
     * @param ledger  the person's ledger, or null if none yet
     * @param event   the decoded, validated event
     * @param payload the event's bytes as received (single-object encoding), kept in the ledger
     */
    public static Outcome accept(PersonLedger ledger, SpecificRecord event, byte[] payload, Ladder ladder) {
        EventHeader header = CareerEvents.header(event);
        String personId = header.getPersonId();
        PersonLedger current = ledger == null ? empty(personId, ladder) : ledger;

        List<LedgerEntry> entries = current.getEvents();
        int replacing = -1;
        for (int i = 0; i < entries.size(); i++) {
            LedgerEntry existing = entries.get(i);
            if (existing.getEventId().equals(header.getEventId())) {
                if (!sameContent(existing, event)) {
                    return new Outcome.Conflict(header.getEventId(), conflictDetail(bytes(existing.getPayload()), event));
                }
                if (!header.getRecordedAt().isBefore(existing.getRecordedAt())) {
                    return new Outcome.Duplicate(header.getEventId());
                }
                // The same event recorded earlier than the copy we hold: as in PersonFold.foldAll, the copy
                // first in fold order counts, whichever arrived first. Swap it in and fold again.
                replacing = i;
                break;
            }
        }
        if (replacing >= 0) {
            entries = new ArrayList<>(entries);
            entries.remove(replacing);
        }

        String retracts = event instanceof EventRetracted r ? r.getRetractedEventId() : null;
        LedgerEntry entry = new LedgerEntry(header.getEventId(), header.getOccurredAt(), header.getRecordedAt(),
                retracts, ByteBuffer.wrap(payload));
        int position = insertionPoint(entries, entry);
        List<LedgerEntry> updated = new ArrayList<>(entries.size() + 1);
        updated.addAll(entries);
        updated.add(position, entry);

        boolean last = position == entries.size() && replacing < 0;
        boolean retractionInvolved = retracts != null || isRetracted(entries, header.getEventId());
        // a state folded under another ladder version is re-folded under this one, never mixed
        boolean sameLadder = PersonFold.foldedUnder(current.getState(), ladder);
        PersonState state;
        boolean refolded;
        if (last && !retractionInvolved && sameLadder) {
            state = PersonFold.apply(current.getState(), event, ladder);
            refolded = false;
        } else {
            state = refold(personId, updated, ladder);
            refolded = true;
        }
        return new Outcome.Accepted(new PersonLedger(personId, updated, state), refolded);
    }

    /** The fold of a ledger's entries from scratch. */
    public static PersonState refold(String personId, List<LedgerEntry> entries, Ladder ladder) {
        Set<String> retracted = retractedIds(entries);
        List<SpecificRecord> kept = new ArrayList<>(entries.size());
        for (LedgerEntry e : entries) {
            if (!retracted.contains(e.getEventId())) {
                kept.add(Codecs.events().decode(bytes(e.getPayload())));
            }
        }
        return PersonFold.foldOrdered(personId, kept, ladder);
    }

    /** The eventIds the retractions among these entries remove from the fold (the {@link Retractions} rule). */
    public static Set<String> retractedIds(List<LedgerEntry> entries) {
        return Retractions.effective(retractionTargets(entries));
    }

    /** For every retraction among these entries: its eventId → the eventId it retracts. */
    static Map<String, String> retractionTargets(List<LedgerEntry> entries) {
        Map<String, String> targets = new HashMap<>();
        for (LedgerEntry e : entries) {
            if (e.getRetracts() != null) {
                targets.put(e.getEventId(), e.getRetracts());
            }
        }
        return targets;
    }

    private static boolean isRetracted(List<LedgerEntry> entries, String eventId) {
        for (LedgerEntry e : entries) {
            if (eventId.equals(e.getRetracts())) {
                return true;
            }
        }
        return false;
    }

    private static int insertionPoint(List<LedgerEntry> entries, LedgerEntry entry) {
        int i = Collections.binarySearch(entries, entry, FoldOrder.ENTRIES);
        return i >= 0 ? i : -i - 1;
    }

    /** Why an event is refused whose eventId was accepted before with other content (stored as {@code storedPayload}). */
    public static String conflictDetail(byte[] storedPayload, SpecificRecord event) {
        List<String> differing = io.trajectory.validation.EventContent.differing(Codecs.events().decode(storedPayload), event);
        return "eventId " + CareerEvents.eventId(event) + " was already accepted with different content"
                + (differing.isEmpty() ? "" : " (" + String.join(", ", differing) + " differs)")
                + "; send a correction as a new event (or retract the old one)";
    }

    private static boolean sameContent(LedgerEntry existing, SpecificRecord incoming) {
        return sameContent(bytes(existing.getPayload()), incoming);
    }

    /** Same event re-sent: equal content, ignoring when it was (re-)recorded. */
    public static boolean sameContent(byte[] storedPayload, SpecificRecord incoming) {
        SpecificRecord stored = Codecs.events().decode(storedPayload);
        if (stored.getClass() != incoming.getClass()) {
            return false;
        }
        SpecificRecord a = copyWithoutRecordedAt(stored);
        SpecificRecord b = copyWithoutRecordedAt(incoming);
        return a.equals(b);
    }

    private static SpecificRecord copyWithoutRecordedAt(SpecificRecord event) {
        SpecificRecord copy = Codecs.events().decode(Codecs.events().encode(event));
        CareerEvents.header(copy).setRecordedAt(java.time.Instant.EPOCH);
        return copy;
    }

    /** An entry's event exactly as accepted (single-object encoding). */
    public static byte[] payload(LedgerEntry entry) {
        return bytes(entry.getPayload());
    }

    static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
