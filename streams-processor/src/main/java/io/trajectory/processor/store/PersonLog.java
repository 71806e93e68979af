package io.trajectory.processor.store;

import io.trajectory.events.EventHeader;
import io.trajectory.events.EventRetracted;
import io.trajectory.ladder.Ladder;
import io.trajectory.processor.fold.Ledger;
import io.trajectory.processor.fold.PersonFold;
import io.trajectory.schemas.CareerEvents;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.LedgerEntry;
import io.trajectory.state.PersonLedger;
import io.trajectory.state.PersonState;
import io.trajectory.topics.EventKeys;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * A person's history kept as one store entry per event, so that the cost of accepting an event does not
 * depend on how long the history is:
 * <ul>
 *   <li>{@code person-events}: every accepted event under its {@link EventKeys} key, so a key range is a
 *       person's history in fold order ({@link StoredEvent}: the bytes received, and whether a retraction
 *       removes it);</li>
 *   <li>{@code person-event-ids}: eventId → where it is stored, and the retraction naming it, if any
 *       ({@link EventIdEntry}): deduplication and pending retractions in one point read;</li>
 *   <li>{@code person-heads}: the folded state and the key of the last stored event ({@link PersonHead});</li>
 *   <li>{@code person-snapshots}: the state after an event, every {@link #SNAPSHOT_EVERY} events.</li>
 * </ul>
 * An event whose key sorts after the person's last one, that no retraction names and that retracts
 * nothing already here (the usual case) folds onto the head's state: it writes its entry, its id and
 * the head, whatever the history's length. A late event, a retraction of an event already here, an
 * earlier-recorded copy of an event (which replaces it) re-fold from the nearest snapshot before the
 * first event they change, and rewrite the snapshots after it; a state folded under another ladder
 * re-folds from the start. The result is the state {@link PersonFold#foldAll} gives for the same events,
 * as {@link Ledger} computes it from a ledger held whole.
 */
public final class PersonLog {

    /** Events stored between two snapshots of a person's state: a re-fold folds at most this many plus those after it. */
    public static final int SNAPSHOT_EVERY = 64;

    /** What accepting one event did. */
    public sealed interface Outcome {
        record Duplicate(String eventId) implements Outcome {
        }

        record Conflict(String eventId, String detail) implements Outcome {
        }

        /** The event is stored: the state before (null for a new person), after, and whether it was re-folded. */
        record Accepted(PersonState before, PersonState after, boolean refolded) implements Outcome {
        }
    }

    private final Table.Sorted<StoredEvent> events;
    private final Table<String, EventIdEntry> ids;
    private final Table<String, PersonHead> heads;
    private final Table.Sorted<PersonState> snapshots;
    private final Ladder ladder;
    private final int snapshotEvery;

    public PersonLog(Table.Sorted<StoredEvent> events, Table<String, EventIdEntry> ids, Table<String, PersonHead> heads,
            Table.Sorted<PersonState> snapshots, Ladder ladder) {
        this(events, ids, heads, snapshots, ladder, SNAPSHOT_EVERY);
    }

    /** @param snapshotEvery events between two snapshots (tests use few, to exercise them on short histories) */
    public PersonLog(Table.Sorted<StoredEvent> events, Table<String, EventIdEntry> ids, Table<String, PersonHead> heads,
            Table.Sorted<PersonState> snapshots, Ladder ladder, int snapshotEvery) {
        if (snapshotEvery < 1) {
            throw new IllegalArgumentException("snapshotEvery must be at least 1");
        }
        this.snapshotEvery = snapshotEvery;
        this.events = events;
        this.ids = ids;
        this.heads = heads;
        this.snapshots = snapshots;
        this.ladder = ladder;
    }

    /** Accepts one validated event; {@code payload} is its bytes as received. */
    public Outcome accept(SpecificRecord event, byte[] payload) {
        EventHeader h = CareerEvents.header(event);
        String personId = h.getPersonId();
        String eventId = h.getEventId();
        PersonHead head = heads.get(personId);
        PersonState before = head == null ? null : head.state();
        String idKey = EventIdEntry.indexKey(personId, eventId);
        EventIdEntry seen = ids.get(idKey);
        byte[] key = EventKeys.key(personId, h.getOccurredAt(), h.getRecordedAt(), eventId);
        byte[] changedFrom = null; // the first key whose fold changes other than by appending this event

        if (seen != null && seen.key() != null) {
            StoredEvent existing = events.get(seen.key());
            if (!Ledger.sameContent(existing.payload(), event)) {
                return new Outcome.Conflict(eventId, Ledger.conflictDetail(existing.payload(), event));
            }
            if (!h.getRecordedAt().isBefore(EventKeys.recordedAt(seen.key()))) {
                return new Outcome.Duplicate(eventId);
            }
            // an earlier-recorded copy of an event held: the copy first in fold order counts (PersonFold.foldAll)
            events.delete(seen.key());
            changedFrom = min(seen.key(), key);
        }
        String retracts = event instanceof EventRetracted r ? r.getRetractedEventId() : null;
        String retractedBy = seen == null ? null : seen.retractedBy();
        // a retraction naming a retraction has no effect: a retraction is never left out of the fold
        StoredEvent stored = new StoredEvent(retracts, retracts == null ? retractedBy : null, payload);
        events.put(key, stored);
        ids.put(idKey, new EventIdEntry(key, retractedBy));
        if (retracts != null) {
            String targetKey = EventIdEntry.indexKey(personId, retracts);
            EventIdEntry target = ids.get(targetKey);
            if (target == null) {
                ids.put(targetKey, new EventIdEntry(null, eventId)); // pending: the target has not arrived
            } else if (target.retractedBy() == null) {
                ids.put(targetKey, new EventIdEntry(target.key(), eventId));
                if (target.key() != null) {
                    StoredEvent t = events.get(target.key());
                    if (t.retracts() == null) {
                        events.put(target.key(), t.withRetractedBy(eventId));
                        changedFrom = min(changedFrom, target.key());
                    }
                }
            }
        }

        byte[] last = head == null ? null : head.lastKey();
        boolean inOrder = last == null || Arrays.compareUnsigned(key, last) > 0;
        byte[] newLast = inOrder ? key : last;
        boolean sameLadder = head == null || PersonFold.foldedUnder(head.state(), ladder);
        if (!inOrder) {
            changedFrom = min(changedFrom, key); // this event itself folds before the end
        }
        if (!sameLadder || changedFrom != null) {
            // a state folded under another ladder is folded again from the start, snapshots included
            Folded f = refold(personId, sameLadder ? changedFrom : null);
            heads.put(personId, new PersonHead(f.state(), newLast, f.sinceSnapshot()));
            return new Outcome.Accepted(before, f.state(), true);
        }
        PersonState start = before == null ? PersonFold.foldOrdered(personId, List.of(), ladder) : before;
        PersonState after = stored.retracted() ? start : PersonFold.apply(start, event, ladder);
        int since = (head == null ? 0 : head.sinceSnapshot()) + 1;
        if (since >= snapshotEvery) {
            snapshots.put(key, after);
            since = 0;
        }
        heads.put(personId, new PersonHead(after, newLast, since));
        return new Outcome.Accepted(before, after, false);
    }

    private record Folded(PersonState state, int sinceSnapshot) {
    }

    /**
     * Folds the person's events after the nearest snapshot before {@code from} (all of them when {@code from} is
     * null), rewriting every snapshot after it and adding one wherever {@link #SNAPSHOT_EVERY} events passed
     * without one.
     */
    private Folded refold(String personId, byte[] from) {
        byte[] lowest = EventKeys.first(personId);
        byte[] highest = EventKeys.last(personId);
        PersonState state = PersonFold.foldOrdered(personId, List.of(), ladder);
        byte[] start = null;
        if (from != null) {
            try (Table.Range<PersonState> r = snapshots.reverseRange(lowest, from)) {
                while (r.hasNext()) {
                    Map.Entry<byte[], PersonState> s = r.next();
                    if (Arrays.compareUnsigned(s.getKey(), from) < 0) {
                        start = s.getKey();
                        state = s.getValue();
                        break;
                    }
                }
            }
        }
        List<byte[]> later = new ArrayList<>();
        try (Table.Range<PersonState> r = snapshots.range(start == null ? lowest : start, highest)) {
            while (r.hasNext()) {
                byte[] k = r.next().getKey();
                if (start == null || Arrays.compareUnsigned(k, start) > 0) {
                    later.add(k);
                }
            }
        }
        int next = 0;
        int since = 0;
        try (Table.Range<StoredEvent> r = events.range(start == null ? lowest : start, highest)) {
            while (r.hasNext()) {
                Map.Entry<byte[], StoredEvent> e = r.next();
                if (start != null && Arrays.compareUnsigned(e.getKey(), start) <= 0) {
                    continue;
                }
                // snapshots at keys before this event (an event since replaced) hold the state before it
                while (next < later.size() && Arrays.compareUnsigned(later.get(next), e.getKey()) < 0) {
                    snapshots.put(later.get(next++), state);
                    since = 0;
                }
                if (!e.getValue().retracted()) {
                    state = PersonFold.apply(state, Codecs.events().decode(e.getValue().payload()), ladder);
                }
                since++;
                if (next < later.size() && Arrays.equals(later.get(next), e.getKey())) {
                    snapshots.put(later.get(next++), state);
                    since = 0;
                } else if (since >= snapshotEvery) {
                    snapshots.put(e.getKey(), state);
                    since = 0;
                }
            }
        }
        while (next < later.size()) {
            snapshots.put(later.get(next++), state);
        }
        return new Folded(state, since);
    }

    /** The person's head, or null if none of their events is stored. */
    public PersonHead head(String personId) {
        return heads.get(personId);
    }

    /** The person's whole history as a ledger (every stored event in fold order, and the state), or null. */
    public PersonLedger ledger(String personId) {
        PersonHead head = heads.get(personId);
        if (head == null) {
            return null;
        }
        List<LedgerEntry> entries = new ArrayList<>();
        try (Table.Range<StoredEvent> r = events.range(EventKeys.first(personId), EventKeys.last(personId))) {
            while (r.hasNext()) {
                Map.Entry<byte[], StoredEvent> e = r.next();
                entries.add(e.getValue().toLedgerEntry(e.getKey()));
            }
        }
        return new PersonLedger(personId, entries, head.state());
    }

    private static byte[] min(byte[] a, byte[] b) {
        if (a == null) {
            return b;
        }
        return Arrays.compareUnsigned(a, b) <= 0 ? a : b;
    }
}
