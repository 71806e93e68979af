package io.trajectory.api.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DurationSummaryTest {

    @Test
    void shouldGiveNearestRankQuantilesExactlyForSmallGroups() {
        DurationSummary s = new DurationSummary(100);
        for (double v : new double[] {40, 10, 30, 20}) {
            s.add(v);
        }

        assertThat(s.exact()).isTrue();
        assertThat(s.quantile(50)).as("2 of 4 at or below 20").hasValue(20.0);
        assertThat(s.quantile(75)).hasValue(30.0);
        assertThat(s.quantile(90)).as("ceil(3.6) = 4th").hasValue(40.0);
        assertThat(s.quantile(100)).hasValue(40.0);
        assertThat(s.count()).isEqualTo(4);
    }

    @Test
    void shouldComputeTheNearestRankIndexInWholeNumbers() {
        assertThat(DurationSummary.nearestRankIndex(50, 10)).isEqualTo(4);
        assertThat(DurationSummary.nearestRankIndex(90, 10)).isEqualTo(8);
        assertThat(DurationSummary.nearestRankIndex(75, 1)).isZero();
        assertThat(DurationSummary.nearestRankIndex(90, 11)).isEqualTo(9);
    }

    @Test
    void shouldHaveNoQuantileWithoutValues() {
        assertThat(new DurationSummary(10).quantile(50)).isEmpty();
        assertThatThrownBy(() -> new DurationSummary(10).quantile(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldSwitchToASketchAboveTheExactLimitAndStayWithinItsRankError() {
        Random random = new Random(1);
        DurationSummary left = new DurationSummary(1000);
        DurationSummary right = new DurationSummary(1000);
        double[] all = new double[50_000];
        for (int i = 0; i < all.length; i++) {
            all[i] = Math.round(-Math.log(1 - random.nextDouble()) * 400) / 4.0;
            (i % 3 == 0 ? left : right).add(all[i]);
        }
        left.merge(right);
        Arrays.sort(all);

        assertThat(left.exact()).isFalse();
        assertThat(left.count()).isEqualTo(all.length);
        for (int p : new int[] {50, 75, 90}) {
            double estimate = left.quantile(p).orElseThrow();
            assertThat(rankError(all, estimate, p / 100.0)).isLessThanOrEqualTo(DurationSummary.rankErrorBound());
        }
        assertThat(DurationSummary.rankErrorBound()).isBetween(0.01, 0.02);
    }

    @Test
    void shouldStayExactWhenMergedPartsTogetherAreSmallEnough() {
        DurationSummary a = new DurationSummary(5);
        DurationSummary b = new DurationSummary(5);
        a.add(1);
        a.add(2);
        b.add(3);
        a.merge(b);

        assertThat(a.exact()).isTrue();
        assertThat(a.quantile(50)).hasValue(2.0);
        b.add(4);
        b.add(5);
        b.add(6);
        a.merge(b);
        assertThat(a.exact()).as("7 values > 5").isFalse();
        assertThat(a.count()).isEqualTo(7);
    }

    /** How far q is from the range of normalized ranks the value holds in the sorted data (0 if inside). */
    static double rankError(double[] sorted, double value, double q) {
        int below = lowerBound(sorted, value);
        int atOrBelow = upperBound(sorted, value);
        double low = (double) below / sorted.length;
        double high = (double) atOrBelow / sorted.length;
        return q < low ? low - q : q > high ? q - high : 0.0;
    }

    private static int lowerBound(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
