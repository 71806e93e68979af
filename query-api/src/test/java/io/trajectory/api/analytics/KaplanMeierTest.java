package io.trajectory.api.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.trajectory.api.analytics.KaplanMeier.Observation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KaplanMeierTest {

    private static final long DAY = 86_400_000L;

    private static Observation event(long days) {
        return new Observation(days * DAY, true);
    }

    private static Observation censored(long days) {
        return new Observation(days * DAY, false);
    }

    @Test
    void shouldEqualTheEmpiricalDistributionWhenNobodyIsCensored() {
        KaplanMeier.Estimate e = KaplanMeier.estimate(List.of(event(10), event(20), event(30), event(40)));

        assertThat(e.curve()).extracting(KaplanMeier.Point::days).containsExactly(0.0, 10.0, 20.0, 30.0, 40.0);
        assertThat(e.curve()).extracting(KaplanMeier.Point::survival).containsExactly(1.0, 0.75, 0.5, 0.25, 0.0);
        assertThat(e.quantile(50)).hasValue(20.0);
        assertThat(e.quantile(75)).hasValue(30.0);
        assertThat(e.events()).isEqualTo(4);
    }

    @Test
    void shouldKeepTheCensoredAtRiskUntilTheyAreLastSeen() {
        // textbook: 6 spells, events at 6, 6, 6, 10, 13 less censored at 7, 9
        KaplanMeier.Estimate e = KaplanMeier.estimate(List.of(event(6), event(6), event(6), censored(7), censored(9),
                event(10), event(13)));

        // at 6: 7 at risk, 3 promoted → 4/7; at 10: 2 at risk (7 and 9 censored) → 4/7 · 1/2; at 13: 1 at risk → 0
        assertThat(e.curve()).extracting(KaplanMeier.Point::days).containsExactly(0.0, 6.0, 10.0, 13.0);
        assertThat(e.curve().get(1).survival()).isCloseTo(4.0 / 7, within(1e-15));
        assertThat(e.curve().get(2).survival()).isCloseTo(2.0 / 7, within(1e-15));
        assertThat(e.curve().get(3).survival()).isEqualTo(0.0);
        assertThat(e.quantile(50)).as("first time S <= 0.5").hasValue(10.0);
        assertThat(e.quantile(75)).as("first time S <= 0.25").hasValue(13.0);
        assertThat(e.n()).isEqualTo(7);
        assertThat(e.lastObservedDays()).isEqualTo(13.0);
    }

    @Test
    void shouldCountACensoringAtAnEventTimeAsStillAtRisk() {
        KaplanMeier.Estimate e = KaplanMeier.estimate(List.of(event(5), censored(5), event(8)));

        // at 5: 3 at risk, 1 event → 2/3; at 8: 1 at risk → 0
        assertThat(e.curve()).extracting(KaplanMeier.Point::survival).containsExactly(1.0, 2.0 / 3, 0.0);
    }

    @Test
    void shouldSayTheMedianIsNotReachedWhileMostAreStillWaiting() {
        KaplanMeier.Estimate e = KaplanMeier.estimate(List.of(event(100), censored(50), censored(300), censored(400)));

        assertThat(e.quantile(50)).isEmpty();
        assertThat(e.curve()).hasSize(2);
    }

    @Test
    void shouldDifferFromTheNaiveMedianWhenTheSlowOnesHaveNotBeenPromotedYet() {
        List<Observation> all = new ArrayList<>();
        List<Double> promotedOnly = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            all.add(event(30L * i));
            promotedOnly.add(30.0 * i);
        }
        for (int i = 0; i < 10; i++) {
            all.add(censored(400));
        }
        KaplanMeier.Estimate e = KaplanMeier.estimate(all);
        DurationSummary naive = new DurationSummary(1000);
        promotedOnly.forEach(naive::add);

        assertThat(naive.quantile(50)).hasValue(150.0);
        assertThat(e.quantile(50)).as("half were never promoted within 400 days").hasValue(300.0);
    }

    @Test
    void shouldHandleNoObservations() {
        KaplanMeier.Estimate e = KaplanMeier.estimate(List.of());

        assertThat(e.n()).isZero();
        assertThat(e.quantile(50)).isEmpty();
        assertThat(e.curve()).hasSize(1);
    }
}
