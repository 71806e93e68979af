package io.trajectory.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/**
 * Runs a law over generated values with QuickTheories, inside an ordinary JUnit test.
 *
 * <p>QuickTheories draws {@code examples} values from the generator (after a few boundary values,
 * at random) and runs the law on each; the first failure is shrunk for up to {@code shrinkCycles}
 * further runs, and the test fails with an {@link AssertionError} that shows the smallest
 * falsifying value found, the cause, and the seed:
 *
 * <pre>
 * Property falsified after 17 example(s)
 * Smallest found falsifying value(s) :-
 * History[p-0, 2 events: ...]
 * Cause was :- ...
 * Seed was 1234567890123
 * </pre>
 *
 * <p>The seed is random on every run (QuickTheories' default). To replay a failure exactly, run
 * the law with that seed: either pass {@code qt().withFixedSeed(1234567890123L)} as the first
 * argument of {@link #check(QuickTheory, int, int, Gen, Consumer)} in the failing test, or, without
 * editing anything, set QuickTheories' system property for the run of that one test:
 * <pre>
 * mvn -B -q -pl streams-processor -am test -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtest='FoldLawsProperties#theLawThatFailed' -DQT_SEED=1234567890123
 * </pre>
 * The generators draw only from QuickTheories' source and the laws are deterministic, so the same
 * seed gives the same values, the same failure and the same shrunk value.
 *
 * <p>QuickTheories silently skips a value it has already tried (same draws); {@code check} also
 * asserts that the law ran on at least 99% of {@code examples}, so a generator that lost its
 * variety cannot pass by running the law a handful of times.
 */
public final class Laws {

    private Laws() {
    }

    /** Checks the law on {@code examples} values of the generator, random seed. */
    public static <T> void check(int examples, int shrinkCycles, Gen<T> values, Consumer<T> law) {
        check(qt(), examples, shrinkCycles, values, law);
    }

    /** Checks the law on {@code examples} values of the generator, with the given theory (a fixed seed, say). */
    public static <T> void check(QuickTheory theory, int examples, int shrinkCycles, Gen<T> values, Consumer<T> law) {
        AtomicInteger tried = new AtomicInteger();
        theory.withExamples(examples).withShrinkCycles(shrinkCycles).withUnlimitedTestingTime()
                .forAll(values)
                .checkAssert(value -> {
                    tried.incrementAndGet();
                    law.accept(value);
                });
        assertThat(tried.get()).as("values the law ran on (QuickTheories skips repeats)")
                .isGreaterThanOrEqualTo(examples - examples / 100);
    }
}
