package io.trajectory.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./trajectory test} (the README's test command) installs what the tests need before running
 * them, so a machine with only Java and Maven passes. Run in its dry-run mode: it says what it would
 * install and run, and does neither.
 */
class TestCommandTest {

    @TempDir
    Path tmp;

    private record Run(int exitCode, String output) {
    }

    private static Run launcher(Map<String, String> env, String... args) throws IOException, InterruptedException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("bash",
                LauncherIT.repoRoot().resolve("trajectory").toString(), "test"));
        command.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("TRAJECTORY_TEST_DRY_RUN", "1");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void shouldInstallTheBrowserAndItsDriverFromDebianPackagesWhenMissing() throws Exception {
        Run run = launcher(Map.of("TRAJECTORY_CHROMIUM", tmp.resolve("no-chromium").toString(),
                "TRAJECTORY_CHROMEDRIVER", tmp.resolve("no-chromedriver").toString()));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output())
                .contains("needs Chromium and ChromeDriver")
                .containsPattern("would run: (sudo )?apt-get install -y -qq --no-install-recommends chromium chromium-driver")
                .contains("would run: mvn -B verify");
    }

    @Test
    void shouldRunEveryTestWithoutInstallingWhenTheBrowserIsThere() throws Exception {
        String present = Path.of("/bin/sh").toString(); // any executable stands for them here
        Run run = launcher(Map.of("TRAJECTORY_CHROMIUM", present, "TRAJECTORY_CHROMEDRIVER", present), "-pl", "app");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).doesNotContain("apt-get").contains("would run: mvn -B verify -pl app");
    }

    @Test
    void shouldNameTheTestCommandWhenDashboardItLacksTheBrowser() {
        // DashboardIT fails (never skips) with one line when the browser is missing; that line names the command
        Path sh = Path.of("/bin/sh");
        assertThat(DashboardIT.browserMissing(tmp.resolve("chromium"), sh)).hasValueSatisfying(message -> assertThat(message)
                .contains("./trajectory test", tmp.resolve("chromium").toString()).doesNotContain("\n"));
        assertThat(DashboardIT.browserMissing(sh, tmp.resolve("chromedriver"))).isPresent();
        assertThat(DashboardIT.browserMissing(sh, sh)).isEmpty();
    }
}
