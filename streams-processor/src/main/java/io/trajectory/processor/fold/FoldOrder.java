package io.trajectory.processor.fold;

import io.trajectory.events.EventHeader;
import io.trajectory.state.LedgerEntry;
import java.util.Comparator;

/**
 * The order in which a person's events are folded: event time ({@code occurredAt}), then recording
 * time ({@code recordedAt}), then {@code eventId} (plain string order). Event ids are unique per
 * person, so this is a total order: any arrival order of the same events folds identically.
 */
public final class FoldOrder {

    public static final Comparator<LedgerEntry> ENTRIES = Comparator
            .comparing(LedgerEntry::getOccurredAt)
            .thenComparing(LedgerEntry::getRecordedAt)
            .thenComparing(LedgerEntry::getEventId);

    public static final Comparator<EventHeader> HEADERS = Comparator
            .comparing(EventHeader::getOccurredAt)
            .thenComparing(EventHeader::getRecordedAt)
            .thenComparing(EventHeader::getEventId);

    private FoldOrder() {
    }
}
