package io.trajectory.processor;

import io.trajectory.state.LedgerEntry;
import io.trajectory.state.PersonLedger;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The decoded ledgers of one task's most recently used people, in front of the {@code person-ledger}
 * store: a hit saves the RocksDB read and the Avro decoding of the whole ledger, which are the
 * largest part of folding one event. Bounded by an estimate of the heap the decoded ledgers take
 * ({@link #weight}), least recently used first out.
 *
 * <p>Correctness rests on three rules, kept by {@link CareerEventProcessor}:
 * <ul>
 *   <li>it is written only after the store was written with the same value, so it never holds
 *       anything the store does not;</li>
 *   <li>it is cleared in {@code init} and {@code close}: Kafka Streams calls {@code init} again when it
 *       revives a task (after an exactly-once abort, a task closed dirty has its state wiped and
 *       restored from the changelog to the last commit), and a cache that outlived that would hold
 *       uncommitted, aborted ledgers;</li>
 *   <li>cached ledgers are never mutated: {@code Ledger.accept} and {@code PersonFold.apply} build new
 *       values and leave their input untouched.</li>
 * </ul>
 * Only the stream thread of the task touches it (one processor instance per task), so it is not
 * synchronized.
 */
final class LedgerCache {

    /** Estimated heap of a decoded ledger beside its entries: the state (skills, history, next steps) and objects. */
    static final int LEDGER_OVERHEAD_BYTES = 3_072;
    /** Estimated heap of one decoded entry beside its payload: eventId, instants, buffer and object headers. */
    static final int ENTRY_OVERHEAD_BYTES = 320;

    private final long maxBytes;
    private final LinkedHashMap<String, Cached> entries = new LinkedHashMap<>(1024, 0.75f, true);
    private long bytes;
    private long hits;
    private long misses;

    private record Cached(PersonLedger ledger, long weight) {
    }

    /** @param maxBytes the estimated heap the cache may hold; 0 disables it */
    LedgerCache(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("the ledger cache size must not be negative: " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** The cached ledger of a person, or null when it is not cached (ask the store). */
    PersonLedger get(String personId) {
        Cached c = entries.get(personId);
        if (c == null) {
            misses++;
            return null;
        }
        hits++;
        return c.ledger();
    }

    /** Caches the ledger just written to the store for this person (evicting the least recently used if needed). */
    void put(String personId, PersonLedger ledger) {
        if (maxBytes == 0) {
            return;
        }
        long weight = weight(ledger);
        Cached old = entries.put(personId, new Cached(ledger, weight));
        bytes += weight - (old == null ? 0 : old.weight());
        if (weight > maxBytes) {
            remove(personId);
            return;
        }
        Iterator<Map.Entry<String, Cached>> eldest = entries.entrySet().iterator();
        while (bytes > maxBytes && eldest.hasNext()) {
            Map.Entry<String, Cached> e = eldest.next();
            bytes -= e.getValue().weight();
            eldest.remove();
        }
    }

    /** Forgets a person (e.g. when their ledger is being replaced by a value not yet in the store). */
    void remove(String personId) {
        Cached old = entries.remove(personId);
        if (old != null) {
            bytes -= old.weight();
        }
    }

    /** Forgets everything: the store is the truth again. */
    void clear() {
        entries.clear();
        bytes = 0;
    }

    int size() {
        return entries.size();
    }

    long bytes() {
        return bytes;
    }

    long hits() {
        return hits;
    }

    long misses() {
        return misses;
    }

    /** An estimate of the heap a decoded ledger takes: its payload bytes plus a fixed overhead per entry and per ledger. */
    static long weight(PersonLedger ledger) {
        long w = LEDGER_OVERHEAD_BYTES;
        for (LedgerEntry e : ledger.getEvents()) {
            w += ENTRY_OVERHEAD_BYTES + e.getPayload().remaining();
        }
        return w;
    }
}
