package io.trajectory.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The counting behind CrashSafetyIT's "lost" and "duplicated": it must see every kind of difference. */
class ExactlyOnceCheckTest {

    private static List<ByteBuffer> records(String... values) {
        return Arrays.stream(values).map(v -> ByteBuffer.wrap(v.getBytes(StandardCharsets.UTF_8))).toList();
    }

    @Test
    void shouldCountNothingWhenEveryKeyHasExactlyTheExpectedRecordsInOrder() {
        ExactlyOnceCheck.Tally tally = new ExactlyOnceCheck.Tally();
        tally.compare(Map.of("p-1", records("a", "b"), "p-2", records("c")),
                Map.of("p-1", records("a", "b"), "p-2", records("c")));
        assertThat(tally.lost).isZero();
        assertThat(tally.duplicated).isZero();
        assertThat(tally.outOfOrder).isZero();
        assertThat(tally.example).isNull();
    }

    @Test
    void shouldCountAMissingRecordAsLostAndASecondCopyAsDuplicated() {
        ExactlyOnceCheck.Tally tally = new ExactlyOnceCheck.Tally();
        tally.compare(Map.of("p-1", records("a", "b", "c"), "p-2", records("d")),
                Map.of("p-1", records("a", "c"), "p-2", records("d", "d")));
        assertThat(tally.lost).isEqualTo(1);
        assertThat(tally.duplicated).isEqualTo(1);
        assertThat(tally.outOfOrder).isZero();
        assertThat(tally.example).isEqualTo("p-1");
    }

    @Test
    void shouldCountAKeyNeverExpectedAsDuplicatedAndAKeyNeverPublishedAsLost() {
        ExactlyOnceCheck.Tally tally = new ExactlyOnceCheck.Tally();
        tally.compare(Map.of("p-1/1", records("a", "b")), Map.of("p-9/1", records("x")));
        assertThat(tally.lost).isEqualTo(2);
        assertThat(tally.duplicated).isEqualTo(1);
    }

    @Test
    void shouldNoticeTheSameRecordsInAnotherOrder() {
        ExactlyOnceCheck.Tally tally = new ExactlyOnceCheck.Tally();
        tally.compare(Map.of("p-1/1", records("recorded", "corrected")), Map.of("p-1/1", records("corrected", "recorded")));
        assertThat(tally.lost).isZero();
        assertThat(tally.duplicated).isZero();
        assertThat(tally.outOfOrder).isEqualTo(1);
    }
}
