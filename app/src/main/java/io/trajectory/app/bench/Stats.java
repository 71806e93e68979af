package io.trajectory.app.bench;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/** The benchmark's arithmetic: percentiles from HdrHistograms, ratios, and how figures are printed. */
final class Stats {

    private Stats() {
    }

    /** The value at {@code percentile} (0-100) of a histogram of nanoseconds, in milliseconds; NaN when empty. */
    static double millisAt(Histogram nanos, double percentile) {
        if (nanos.getTotalCount() == 0) {
            return Double.NaN;
        }
        return nanos.getValueAtPercentile(percentile) / 1e6;
    }

    /** {@code value / limit}; NaN when the limit is not positive or either is not a number. */
    static double ratio(double value, double limit) {
        if (!(limit > 0) || Double.isNaN(value)) {
            return Double.NaN;
        }
        return value / limit;
    }

    /** A rate such as {@code 1,234,567/s}. */
    static String rate(double perSecond) {
        return Double.isNaN(perSecond) ? "n/a" : String.format(Locale.ROOT, "%,.0f/s", perSecond);
    }

    /** A ratio such as {@code 0.13×}; three decimals below 0.1 ({@code 0.007×}), so small ratios still compare. */
    static String ratio(double r) {
        if (Double.isNaN(r)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, Math.abs(r) < 0.095 ? "%.3f×" : "%.2f×", r);
    }

    static String millis(double ms) {
        if (Double.isNaN(ms)) {
            return "n/a";
        }
        return ms < 10 ? String.format(Locale.ROOT, "%.2f ms", ms) : String.format(Locale.ROOT, "%.0f ms", ms);
    }

    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f s", s);
    }

    /** Bytes in B, KB, MB or GB (powers of 1024). */
    static String bytes(double b) {
        if (Double.isNaN(b)) {
            return "n/a";
        }
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        int u = 0;
        double v = b;
        while (Math.abs(v) >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? String.format(Locale.ROOT, "%.0f B", v) : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String decimal(double v, int digits) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}
