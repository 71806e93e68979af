package io.trajectory.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.app.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./trajectory bench --quick} for real, in this JVM: an embedded broker on free ports, every
 * phase (limit, fold, peer, reprocessing, rebuild, HTTP load from a separate JVM, freshness) and the
 * report. Asserts that the benchmark works and our fold is right, never how fast anything is.
 */
@Tag("integration")
@Timeout(180)
class BenchIT {

    @TempDir
    Path temp;

    private static CliRun bench(String... args) {
        return CliRun.of(args);
    }

    @Test
    void shouldMeasureEveryFigureAndFindNoWrongStateInOurFold() {
        Path dataDir = temp.resolve("bench-data");

        CliRun run = bench("bench", "--quick", "--no-output", "--data-dir", dataDir.toString(),
                "--set", "broker.port=0", "--set", "broker.controller.port=0", "--set", "http.port=0");

        assertThat(run.exitCode()).as(run.err()).isZero();
        String report = run.out();
        for (String section : BenchReport.SECTIONS) {
            assertThat(report).as("section %s", section).contains(section);
        }
        assertThat(report).contains("| wrong states after the fold | 0 of 2,000 (0.0 %) |");
        assertThat(report).contains("Wrong states after the rebuild: 0 of 2,000");
        assertThat(report).containsPattern("wrong states 0 of 2,000 \\(0\\.0 %\\)"); // reprocessing
        assertThat(report).containsPattern("\\| analytics: promotion velocity / stage distribution p50, p99 \\| "
                + "[\\d,.]+ ms, [\\d,.]+ ms / [\\d,.]+ ms, [\\d,.]+ ms \\|");
        for (String endpoint : new String[] {"promotion-velocity", "stage-distribution"}) {
            // answered, every time (a 4xx/5xx would count in the last column)
            assertThat(report).containsPattern("\\| `/api/v1/analytics/" + endpoint + "[^`]*` \\| [\\d,.]+/s \\| [\\d,.]+ ms"
                    + " \\| [\\d,.]+ ms \\| [\\d,.]+ ms \\| 0 \\|");
        }
        for (String figure : new String[] {"raw produce \\(tuned producer\\)", "raw consume \\(plain consumer\\): \\*\\*the limit\\*\\*",
            "fold, exactly_once_v2 \\(Trajectory\\)", "peer: DSL `aggregate`, same guarantee",
            "GET /api/v1/people/\\{id\\}, closed loop"}) {
            assertThat(positiveRate(report, figure)).as(figure).isPositive();
        }
        assertThat(report).containsPattern("\\| rebuild a fresh instance from the changelogs \\| \\d+\\.\\d s \\|");
        assertThat(report).containsPattern("\\| GET person p50 / p99 / p99\\.9 at half that rate \\| [\\d,.]+ ms / [\\d,.]+ ms / [\\d,.]+ ms \\|");
        assertThat(report).containsPattern("\\| freshness p50 / p99 \\(POST accepted → visible in GET\\) \\| [\\d,.]+ ms / [\\d,.]+ ms \\|");
        assertThat(report).containsPattern("\\| state per person on disk \\| [\\d.]+ (B|KB) \\|");
        assertThat(report).contains("| 0 / 0 |"); // the HTTP load saw no errors
        assertThat(dataDir).as("the run's data is deleted without --keep").doesNotExist();
    }

    private static double positiveRate(String report, String figure) {
        Matcher m = Pattern.compile("\\| " + figure + " \\| ([\\d,]+)/s \\|").matcher(report);
        assertThat(m.find()).as("a rate for %s in:%n%s", figure, report).isTrue();
        return Double.parseDouble(m.group(1).replace(",", ""));
    }

    @Test
    void shouldRefuseBadOptionsWithOneLine() {
        CliRun run = bench("bench", "--store", "postgres", "--no-output");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).doesNotContain("\n").contains("must be rocksdb").doesNotContain("Exception");
    }

    @Test
    void shouldRefuseAWorkloadWithMorePeopleThanEvents() {
        CliRun run = bench("bench", "--events", "10", "--people", "100", "--no-output", "--data-dir",
                temp.resolve("unused").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith("error: ").doesNotContain("\n").contains("at least one distinct event per person");
        assertThat(Files.exists(temp.resolve("unused"))).isFalse();
    }
}
