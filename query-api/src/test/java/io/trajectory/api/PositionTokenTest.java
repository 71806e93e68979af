package io.trajectory.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PositionTokenTest {

    @Test
    void shouldRoundTripThroughItsOpaqueUrlSafeForm() {
        PositionToken token = new PositionToken(Map.of(0, 17L, 5, 123_456_789_012L));
        String encoded = token.encode();

        assertThat(encoded).matches("[A-Za-z0-9_-]+");
        assertThat(PositionToken.decode(encoded)).isEqualTo(token);
        assertThat(PositionToken.decode(encoded).offset(5)).contains(123_456_789_012L);
        assertThat(PositionToken.decode(encoded).offset(1)).isEmpty();
    }

    @Test
    void shouldMergeByTakingTheHigherOffsetOfEachPartition() {
        PositionToken merged = new PositionToken(Map.of(0, 5L, 1, 9L)).merge(new PositionToken(Map.of(1, 3L, 2, 4L)));

        assertThat(merged.offsets()).containsExactlyInAnyOrderEntriesOf(Map.of(0, 5L, 1, 9L, 2, 4L));
    }

    @Test
    void shouldRefuseAnythingThatIsNotAToken() {
        for (String bad : new String[] {"", "!!!", "abc", b64("t1:"), b64("t1:0=x"), b64("t1:0=1,0=2"), b64("t1:-1=4"),
                b64("t1:0=-4"), b64("t2:0=1"), b64("t1:0=1,"), "x".repeat(20_000)}) {
            assertThatThrownBy(() -> PositionToken.decode(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a position token");
        }
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
    }
}
