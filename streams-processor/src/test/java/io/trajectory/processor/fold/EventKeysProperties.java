package io.trajectory.processor.fold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.trajectory.events.EventHeader;
import io.trajectory.topics.EventKeys;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The byte order of {@link EventKeys} (unsigned, as RocksDB sorts) is {@link FoldOrder} within a person,
 * and a person's keys form one range that holds no other person's.
 */
class EventKeysProperties {

    /** Characters that tell orders apart: ASCII, Latin-1, a BMP character above the surrogates, a supplementary one. */
    private static final String[] PIECES = {"a", "b", "z", "0", "-", "é", "\uE000", "\uFFFD", "😀", "𝄞", "ab", ""};

    private static Gen<String> ids() {
        return integers().between(0, PIECES.length - 1).zip(integers().between(0, PIECES.length - 1),
                integers().between(0, PIECES.length - 1), (a, b, c) -> PIECES[a] + PIECES[b] + PIECES[c]);
    }

    /** Few distinct times, negative ones included, so that ties (decided by the next part) are common. */
    private static Gen<Instant> times() {
        return integers().between(-2, 2).zip(longs().between(0, 3), (s, ms) -> Instant.ofEpochMilli(s * 1_000_000_000_000L + ms));
    }

    private static Gen<EventHeader> headers() {
        return ids().zip(times(), times(), (id, occurred, recorded) -> new EventHeader(id.isEmpty() ? "x" : id, "p",
                occurred, recorded, "test"));
    }

    private static byte[] key(String personId, EventHeader h) {
        return EventKeys.key(personId, h.getOccurredAt(), h.getRecordedAt(), h.getEventId());
    }

    @Test
    void keysOfOnePersonSortAsTheFoldOrdersTheirEvents() {
        qt().withExamples(20_000).forAll(headers(), headers()).checkAssert((a, b) ->
                assertThat(Integer.signum(Arrays.compareUnsigned(key("p-1", a), key("p-1", b))))
                        .as("%s vs %s", a, b)
                        .isEqualTo(Integer.signum(FoldOrder.HEADERS.compare(a, b))));
    }

    @Test
    void aKeyGivesBackWhatItWasMadeOf() {
        qt().withExamples(5_000).forAll(ids(), headers()).checkAssert((person, h) -> {
            String personId = "p" + person;
            byte[] key = key(personId, h);
            assertThat(EventKeys.personId(key)).isEqualTo(personId);
            assertThat(EventKeys.occurredAt(key)).isEqualTo(h.getOccurredAt());
            assertThat(EventKeys.recordedAt(key)).isEqualTo(h.getRecordedAt());
            assertThat(EventKeys.eventId(key)).isEqualTo(h.getEventId());
        });
    }

    @Test
    void aPersonsKeysLieInTheirRangeAndNoOneElsesDo() {
        qt().withExamples(20_000).forAll(ids(), ids(), headers()).checkAssert((p, q, h) -> {
            String personId = "p" + p;
            String other = "p" + q;
            byte[] key = key(other, h);
            boolean inRange = Arrays.compareUnsigned(EventKeys.first(personId), key) <= 0
                    && Arrays.compareUnsigned(key, EventKeys.last(personId)) <= 0;
            assertThat(inRange).as("key of %s in the range of %s", other, personId).isEqualTo(other.equals(personId));
        });
    }

    @Test
    void codePointOrderDiffersFromStringOrderWhereItMust() {
        // U+E000 is above every surrogate as a char, below every supplementary character as a code point
        assertThat("\uE000".compareTo("😀")).isPositive();
        assertThat(EventKeys.compareIds("\uE000", "😀")).isNegative();
        assertThat(EventKeys.compareIds("ab", "abc")).isNegative();
        assertThat(EventKeys.compareIds("abc", "abc")).isZero();
    }
}
