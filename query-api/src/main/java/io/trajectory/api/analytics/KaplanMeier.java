package io.trajectory.api.analytics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The Kaplan–Meier (product-limit) estimate of the time to an event when some observations are
 * censored: people who left, moved elsewhere or are still waiting count as "not yet" up to the
 * time they were last seen, instead of being dropped.
 *
 * <p>At each distinct time t at which d events happen among the n observations still at risk
 * (time ≥ t; an observation censored at t is still at risk at t), the survival S is multiplied by
 * (n − d) / n. The q-quantile of the time to the event is the smallest event time with
 * S ≤ 1 − q; it is absent ("not reached") when S stays above that.
 */
public final class KaplanMeier {

    /** One observed spell: how long it was observed, and whether it ended in the event. */
    public record Observation(long millis, boolean event) {
    }

    /** One step of the curve: survival from this time on. */
    public record Point(double days, double survival) {
    }

    /**
     * @param n       observations
     * @param events  observations that ended in the event
     * @param curve   (0, 1) then one point per distinct event time
     * @param lastObservedDays the longest observation (the curve is known up to there)
     */
    public record Estimate(long n, long events, List<Point> curve, double lastObservedDays) {

        /** The smallest time at which the survival is at most 1 − percent/100; empty if never. */
        public OptionalDouble quantile(int percent) {
            double threshold = 1.0 - percent / 100.0;
            for (Point p : curve) {
                if (p.survival() <= threshold) {
                    return OptionalDouble.of(p.days());
                }
            }
            return OptionalDouble.empty();
        }
    }

    static final double MILLIS_PER_DAY = 86_400_000.0;

    private KaplanMeier() {
    }

    public static Estimate estimate(List<Observation> observations) {
        Observation[] sorted = observations.toArray(Observation[]::new);
        Arrays.sort(sorted, (a, b) -> Long.compare(a.millis(), b.millis()));
        List<Point> curve = new ArrayList<>();
        curve.add(new Point(0.0, 1.0));
        long atRisk = sorted.length;
        long events = 0;
        double survival = 1.0;
        int i = 0;
        while (i < sorted.length) {
            long t = sorted[i].millis();
            long died = 0;
            long leaving = 0;
            while (i < sorted.length && sorted[i].millis() == t) {
                if (sorted[i].event()) {
                    died++;
                }
                leaving++;
                i++;
            }
            if (died > 0) {
                survival = survival * ((double) (atRisk - died) / atRisk);
                curve.add(new Point(t / MILLIS_PER_DAY, survival));
                events += died;
            }
            atRisk -= leaving;
        }
        double last = sorted.length == 0 ? 0.0 : sorted[sorted.length - 1].millis() / MILLIS_PER_DAY;
        return new Estimate(sorted.length, events, List.copyOf(curve), last);
    }
}
