package io.trajectory.api.analytics;

import java.util.Arrays;
import java.util.OptionalDouble;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.kll.KllSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * A mergeable summary of durations (in days) for quantiles: the values themselves while there are
 * at most {@code exactMax} of them, an Apache DataSketches KLL sketch ({@code k = }{@value #KLL_K})
 * once there are more. Each partition summarizes its part of a group; the parts merge.
 *
 * <p>Quantiles are nearest-rank: the q-quantile is the smallest value v with at least q·n values
 * at or below it ({@code sorted[ceil(q·n) - 1]}). The KLL sketch answers the same question
 * ({@link QuantileSearchCriteria#INCLUSIVE}) with a normalized rank error of at most
 * {@link #rankErrorBound()} (99 % confidence): the value it returns has a true rank within that
 * distance of q.
 */
public final class DurationSummary {

    /** KLL accuracy parameter: about 1.33 % normalized rank error. */
    public static final int KLL_K = 200;

    private final int exactMax;
    private double[] values = new double[8];
    private int size;
    private KllDoublesSketch sketch;
    private long n;

    public DurationSummary(int exactMax) {
        this.exactMax = exactMax;
    }

    /** The single-sided normalized rank error of the sketch's quantiles (99 % confidence). */
    public static double rankErrorBound() {
        return KllSketch.getNormalizedRankError(KLL_K, false);
    }

    public void add(double days) {
        n++;
        if (sketch != null) {
            sketch.update(days);
            return;
        }
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = days;
        if (size > exactMax) {
            toSketch();
        }
    }

    /** Adds everything another summary holds. */
    public void merge(DurationSummary other) {
        if (other.sketch == null) {
            for (int i = 0; i < other.size; i++) {
                add(other.values[i]);
            }
            return;
        }
        if (sketch == null) {
            toSketch();
        }
        sketch.merge(other.sketch);
        n += other.n;
    }

    private void toSketch() {
        sketch = KllDoublesSketch.newHeapInstance(KLL_K);
        for (int i = 0; i < size; i++) {
            sketch.update(values[i]);
        }
        values = null;
        size = 0;
    }

    public long count() {
        return n;
    }

    /** True while the summary holds every value: its quantiles are exact. */
    public boolean exact() {
        return sketch == null;
    }

    /** The nearest-rank quantile at {@code percent} (1-100); empty when there are no values. */
    public OptionalDouble quantile(int percent) {
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException("percent must be from 1 to 100");
        }
        if (n == 0) {
            return OptionalDouble.empty();
        }
        if (sketch != null) {
            return OptionalDouble.of(sketch.getQuantile(percent / 100.0, QuantileSearchCriteria.INCLUSIVE));
        }
        double[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        return OptionalDouble.of(sorted[nearestRankIndex(percent, size)]);
    }

    /** {@code ceil(percent·n/100) - 1}, in whole numbers. */
    static int nearestRankIndex(int percent, long n) {
        return (int) ((percent * n + 99) / 100 - 1);
    }
}
