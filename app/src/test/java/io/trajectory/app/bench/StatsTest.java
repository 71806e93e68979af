package io.trajectory.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The report's arithmetic: percentiles, ratios, rates and how they are printed. */
class StatsTest {

    @Test
    void shouldReadPercentilesInMillisecondsFromAHistogramOfNanoseconds() {
        Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        for (int ms = 1; ms <= 1000; ms++) {
            h.recordValue(TimeUnit.MILLISECONDS.toNanos(ms));
        }

        assertThat(Stats.millisAt(h, 50)).isCloseTo(500, within(1.0));
        assertThat(Stats.millisAt(h, 99)).isCloseTo(990, within(1.0));
        assertThat(Stats.millisAt(h, 99.9)).isCloseTo(999, within(1.0));
        assertThat(Stats.millisAt(h, 100)).isCloseTo(1000, within(1.0));
    }

    @Test
    void shouldHaveNoPercentileForAnEmptyHistogram() {
        assertThat(Stats.millisAt(new Histogram(3), 99)).isNaN();
        assertThat(Stats.millis(Double.NaN)).isEqualTo("n/a");
    }

    @Test
    void shouldDivideByTheLimitAndRefuseANonPositiveLimit() {
        assertThat(Stats.ratio(130_000, 1_000_000)).isCloseTo(0.13, within(1e-12));
        assertThat(Stats.ratio(1, 0)).isNaN();
        assertThat(Stats.ratio(Double.NaN, 1)).isNaN();
        assertThat(Stats.ratio(Stats.ratio(130_000, 1_000_000))).isEqualTo("0.13×");
        assertThat(Stats.ratio(Double.NaN)).isEqualTo("n/a");
    }

    @Test
    void shouldTurnACountAndATimeIntoARate() {
        Rate rate = new Rate(1_000_000, TimeUnit.SECONDS.toNanos(4));

        assertThat(rate.perSecond()).isEqualTo(250_000.0);
        assertThat(rate.seconds()).isEqualTo(4.0);
        assertThat(Stats.rate(rate.perSecond())).isEqualTo("250,000/s");
    }

    @Test
    void shouldPrintBytesInPowersOf1024() {
        assertThat(Stats.bytes(512)).isEqualTo("512 B");
        assertThat(Stats.bytes(2048)).isEqualTo("2.0 KB");
        assertThat(Stats.bytes(3.5 * 1024 * 1024)).isEqualTo("3.5 MB");
    }

    @Test
    void shouldRoundTripALoadGeneratorResult() {
        Histogram h = new Histogram(LoadGenerator.HIGHEST_NANOS, 3);
        h.recordValue(TimeUnit.MICROSECONDS.toNanos(800));
        h.recordValue(TimeUnit.MILLISECONDS.toNanos(4));

        LoadRun.Result result = LoadRun.parse(LoadGenerator.RESULT_PREFIX + "requests=2 errors=1 non2xx=0 seconds=0.5 histogram="
                + LoadGenerator.encode(h));

        assertThat(result.throughput()).isEqualTo(4.0);
        assertThat(result.errors()).isEqualTo(1);
        assertThat(result.millisAt(100)).isCloseTo(4.0, within(0.01));
        assertThat(result.millisAt(50)).isCloseTo(0.8, within(0.01));
    }

    @Test
    void shouldPrintSmallRatiosWithThreeDecimals() {
        assertThat(Stats.ratio(0.0067)).isEqualTo("0.007×");
        assertThat(Stats.ratio(0.21)).isEqualTo("0.21×");
    }

    @Test
    void shouldReadBusyAndTotalTicksFromProcStat() {
        long[] ticks = CpuMeter.parseStat("cpu  100 5 50 800 20 3 2 10 0 0");

        assertThat(ticks[1]).isEqualTo(990);
        assertThat(ticks[0]).isEqualTo(990 - 800 - 20);
    }

    @Test
    void shouldSortThreadsIntoKinds() {
        assertThat(CpuMeter.kindOf("trajectory-1f0c-StreamThread-1")).isEqualTo(CpuMeter.STREAM_THREADS);
        assertThat(CpuMeter.kindOf("kafka-producer-network-thread | trajectory-1f0c-StreamThread-1-producer"))
                .isEqualTo(CpuMeter.STREAMS_IO);
        assertThat(CpuMeter.kindOf("data-plane-kafka-request-handler-3")).isEqualTo(CpuMeter.OTHER_THREADS);
    }
}
