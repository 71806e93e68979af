package io.trajectory.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpellingTest {

    private static final List<String> STAGES = List.of("CANDIDATE", "JUNIOR", "ADVANCING", "SENIOR", "BEYOND");

    @Test
    void shouldSuggestTheNameATypoWasMeantToBe() {
        assertThat(Spelling.closest("SENOIR", STAGES)).contains("SENIOR");
        assertThat(Spelling.closest("junior", STAGES)).contains("JUNIOR");
        assertThat(Spelling.closest("BEYOD", STAGES)).contains("BEYOND");
    }

    @Test
    void shouldNotSuggestANameThatIsTooFarOff() {
        assertThat(Spelling.closest("MANAGER", STAGES)).isEmpty();
        assertThat(Spelling.closest("Q", List.of("A", "B"))).isEmpty();
        assertThat(Spelling.didYouMean("MANAGER", STAGES)).isEmpty();
    }

    @Test
    void shouldCountASwapOfNeighboursAsOneEdit() {
        assertThat(Spelling.edits("nmae", "name")).isEqualTo(1);
        assertThat(Spelling.edits("kitten", "sitting")).isEqualTo(3);
    }
}
