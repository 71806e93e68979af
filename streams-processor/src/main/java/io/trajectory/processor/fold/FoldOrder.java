package io.trajectory.processor.fold;

import io.trajectory.events.EventHeader;
import io.trajectory.state.LedgerEntry;
import java.util.Comparator;

/**
 * The order in which a person's events are folded: event time ({@code occurredAt}), then recording
 * time ({@code recordedAt}), then {@code eventId} in Unicode code point order (the order of its UTF-8
 * bytes, so that a store keyed by {@link io.trajectory.topics.EventKeys} holds a person's events in
 * this order). Event ids are unique per person, so this is a total order: any arrival order of the
 * same events folds identically.
 */
public final class FoldOrder {

    public static final Comparator<LedgerEntry> ENTRIES = Comparator
            .comparing(LedgerEntry::getOccurredAt)
            .thenComparing(LedgerEntry::getRecordedAt)
            .thenComparing(LedgerEntry::getEventId, io.trajectory.topics.EventKeys::compareIds);

    public static final Comparator<EventHeader> HEADERS = Comparator
            .comparing(EventHeader::getOccurredAt)
            .thenComparing(EventHeader::getRecordedAt)
            .thenComparing(EventHeader::getEventId, io.trajectory.topics.EventKeys::compareIds);

    private FoldOrder() {
    }
}
