package io.trajectory.processor.analytics;

import io.trajectory.events.Hired;
import io.trajectory.events.Promotion;
import io.trajectory.events.Transferred;
import io.trajectory.processor.fold.Ledger;
import io.trajectory.processor.fold.PersonFold;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.DepartmentChange;
import io.trajectory.state.LedgerEntry;
import io.trajectory.state.PersonLedger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;

/**
 * The reference the fold's own department history ({@code PersonState.departmentChanges}) is checked
 * against: the department history of a person recomputed from their whole ledger. Every accepted, unretracted
 * event that sets the department ({@code Hired}, {@code Transferred}, a {@code Promotion} naming
 * one), in fold order, as the fold applies them; a change to the department already held is left
 * out, and so is one dated after a departure with no rehire in between (the fold ignores it). The person's state keeps only the current department and the one at each stage entry, so
 * a transfer within a stage is only visible here.
 *
 * <p>Only the events of those three types are decoded: the type is read from the schema
 * fingerprint in each payload's header.
 */
public final class DepartmentChanges {

    private static final Set<String> SETTERS = Set.of(Hired.getClassSchema().getFullName(),
            Transferred.getClassSchema().getFullName(), Promotion.getClassSchema().getFullName());
    private static final Set<Long> SETTER_FINGERPRINTS = Codecs.events().knownWriterSchemas().entrySet().stream()
            .filter(e -> SETTERS.contains(e.getValue().getFullName()))
            .map(java.util.Map.Entry::getKey)
            .collect(Collectors.toUnmodifiableSet());

    private static final Set<Long> DEPARTED_FINGERPRINTS = Codecs.events().knownWriterSchemas().entrySet().stream()
            .filter(e -> e.getValue().getFullName().equals(io.trajectory.events.Departed.getClassSchema().getFullName()))
            .map(java.util.Map.Entry::getKey)
            .collect(Collectors.toUnmodifiableSet());

    private DepartmentChanges() {
    }

    public static List<DepartmentChange> of(PersonLedger ledger) {
        List<LedgerEntry> entries = ledger.getEvents();
        Set<String> retracted = Ledger.retractedIds(entries);
        List<DepartmentChange> out = new ArrayList<>();
        String current = null;
        // the fold's departure rule (PersonFold.ignoredReason): after a departure only a rehire changes anything
        java.time.Instant departedAt = null;
        for (LedgerEntry entry : entries) {
            if (entry.getRetracts() != null || retracted.contains(entry.getEventId())) {
                continue;
            }
            long fingerprint = fingerprint(entry.getPayload());
            if (DEPARTED_FINGERPRINTS.contains(fingerprint)) {
                // a departure while departed is itself ignored (not decoded: only a setter is)
                if (departedAt == null || !entry.getOccurredAt().isAfter(departedAt)) {
                    departedAt = entry.getOccurredAt();
                }
                continue;
            }
            if (!SETTER_FINGERPRINTS.contains(fingerprint)) {
                continue;
            }
            SpecificRecord event = Codecs.events().decode(Ledger.payload(entry));
            if (PersonFold.ignoredReason(departedAt, event, entry.getOccurredAt()) != null) {
                continue;
            }
            if (event instanceof Hired) {
                departedAt = null;
            }
            String department;
            if (event instanceof Hired h) {
                department = h.getDepartment();
            } else if (event instanceof Transferred t) {
                department = t.getDepartment();
            } else if (event instanceof Promotion p && p.getDepartment() != null) {
                department = p.getDepartment();
            } else {
                continue;
            }
            if (out.isEmpty() || !Objects.equals(current, department)) {
                out.add(new DepartmentChange(entry.getOccurredAt(), department));
                current = department;
            }
        }
        return out;
    }

    private static long fingerprint(ByteBuffer payload) {
        ByteBuffer b = payload.duplicate();
        if (b.remaining() < 10) {
            return 0L;
        }
        return b.order(ByteOrder.LITTLE_ENDIAN).getLong(b.position() + 2);
    }
}
