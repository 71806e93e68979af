package io.trajectory.api.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trajectory.api.ApiProblem;
import io.trajectory.api.NotReadyException;
import io.trajectory.api.PositionToken;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Which position tokens are refused at once, against end offsets from a fake broker. */
class PositionCheckTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicInteger lookups = new AtomicInteger();
    private final AtomicReference<Map<Integer, Long>> ends = new AtomicReference<>(Map.of(0, 10L, 1, 0L, 2, 5L));
    private final PositionCheck check = new PositionCheck("career-events", Optional.of(timeout -> {
        lookups.incrementAndGet();
        return ends.get();
    }), now::get);

    private static PositionToken token(int partition, long offset) {
        return new PositionToken(Map.of(partition, offset));
    }

    private static String refusal(Runnable r) {
        try {
            r.run();
        } catch (ApiProblem p) {
            assertThat(p.status()).isEqualTo(400);
            assertThat(p.type()).isEqualTo("urn:trajectory:problem:invalid-query");
            @SuppressWarnings("unchecked")
            Map<String, Object> error = ((List<Map<String, Object>>) p.extensions().get("errors")).get(0);
            assertThat(error.get("field")).isEqualTo("after");
            return (String) error.get("message");
        }
        throw new AssertionError("not refused");
    }

    @Test
    void shouldAcceptAPositionBelowTheEndOfEveryPartitionItNames() {
        check.check(new PositionToken(Map.of(0, 9L, 2, 0L)));
        check.check(token(0, 0));

        assertThat(lookups.get()).as("within its freshness, one lookup serves").isEqualTo(1);
    }

    @Test
    void shouldRefuseAPartitionTheTopicDoesNotHave() {
        assertThat(refusal(() -> check.check(token(3, 0))))
                .contains("names partition 3, but career-events has 3 partitions (0 to 2)");
        assertThat(refusal(() -> check.check(token(Integer.MAX_VALUE, 0)))).contains("names partition 2147483647");
    }

    @Test
    void shouldRefuseAnOffsetAtOrPastTheEndOfItsPartition() {
        assertThat(refusal(() -> check.check(token(0, 10)))).contains("offset 10 is past the end of partition 0 of career-events")
                .contains("its next offset is 10");
        assertThat(refusal(() -> check.check(token(1, 0)))).as("an empty partition has no position yet")
                .contains("past the end of partition 1");
        assertThat(refusal(() -> check.check(new PositionToken(Map.of(0, 1L, 2, Long.MAX_VALUE)))))
                .contains("partition 2");
    }

    @Test
    void shouldLookAgainBeforeRefusingATokenOfAWriteAfterTheLastLookup() {
        check.check(token(0, 9));
        ends.set(Map.of(0, 12L, 1, 0L, 2, 5L)); // two more records written and acknowledged
        now.addAndGet(1_000);

        check.check(token(0, 11));

        assertThat(lookups.get()).isEqualTo(2);
    }

    @Test
    void shouldShareOneLookupAmongForgedTokensThatCameBeforeIt() {
        for (int i = 0; i < 10; i++) {
            refusal(() -> check.check(token(0, 1_000_000)));
        }
        assertThat(lookups.get()).isEqualTo(1);

        now.addAndGet(1);
        refusal(() -> check.check(token(0, 1_000_000)));
        assertThat(lookups.get()).as("a token that came after the last lookup gets a new one").isEqualTo(2);
    }

    @Test
    void shouldLookAgainOnceTheEndOffsetsAreNoLongerFresh() {
        check.check(token(0, 1));
        now.addAndGet(PositionCheck.FRESH_FOR.toNanos() + 1);
        ends.set(Map.of(0, 10L)); // the topic was recreated with one partition

        assertThat(refusal(() -> check.check(token(2, 1)))).contains("has 1 partitions");
        assertThat(lookups.get()).isEqualTo(2);
    }

    @Test
    void shouldAnswerNotReadyWhenTheBrokerCannotSayWhereTheLogEnds() {
        PositionCheck unreachable = new PositionCheck("career-events", Optional.of(timeout -> {
            throw new TimeoutException("no answer");
        }), now::get);

        assertThatThrownBy(() -> unreachable.check(token(0, 1))).isInstanceOf(NotReadyException.class)
                .hasMessageContaining("cannot check the position token against career-events now (TimeoutException)");
    }

    @Test
    void shouldCheckNothingWithoutALogEnd() {
        new PositionCheck("career-events", Optional.empty(), now::get).check(
                new io.trajectory.api.ReadContext(io.trajectory.api.ReadContext.Hop.CLIENT, Optional.of(token(99, 99)),
                        Optional.empty()));
    }
}
