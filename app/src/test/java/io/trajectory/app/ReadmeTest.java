package io.trajectory.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.config.ConfigKey;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README is the newcomer's contract: its two commands, its CI claim and its settings stay true. */
class ReadmeTest {

    private static String readme() throws IOException {
        return Files.readString(LauncherIT.repoRoot().resolve("README.md"));
    }

    @Test
    void shouldGiveExactlyTheTwoQuickstartCommands() throws IOException {
        Matcher quickstart = Pattern.compile("## Quickstart.*?```sh\\n(.*?)```", Pattern.DOTALL).matcher(readme());

        assertThat(quickstart.find()).as("a Quickstart section with a sh block").isTrue();
        assertThat(quickstart.group(1).strip().lines().toList()).containsExactly("./trajectory demo", "./trajectory test");
    }

    @Test
    void shouldRunTheReadmeTestCommandInCi() throws IOException {
        List<String> ci = Files.readAllLines(LauncherIT.repoRoot().resolve(".ci/run"));

        assertThat(ci).contains("./trajectory test");
        assertThat(String.join("\n", ci)).doesNotContain("-DskipTests", "-Dmaven.test.failure.ignore", "|| true");
    }

    @Test
    void shouldNameOnlyTestsThatExistInTheSecuritySection() throws IOException {
        Matcher section = Pattern.compile("\n## Security\n(.*?)\n## ", Pattern.DOTALL).matcher(readme());
        assertThat(section.find()).as("a Security section").isTrue();
        Matcher named = Pattern.compile("`([A-Z][A-Za-z]+(?:Test|IT))`").matcher(section.group(1));
        List<String> tests = new java.util.ArrayList<>();
        while (named.find()) {
            tests.add(named.group(1));
        }
        assertThat(tests).as("the tests the Security section says hold each guarantee").hasSizeGreaterThan(10);
        try (java.util.stream.Stream<java.nio.file.Path> files = Files.walk(LauncherIT.repoRoot())) {
            java.util.Set<String> existing = files.filter(f -> f.toString().contains("/src/test/java/"))
                    .map(f -> f.getFileName().toString().replace(".java", "")).collect(java.util.stream.Collectors.toSet());
            assertThat(existing).as("test classes of the repository").containsAll(tests);
        }
    }

    @Test
    void shouldDocumentEverySetting() throws IOException {
        String readme = readme();

        for (ConfigKey key : ConfigKey.values()) {
            assertThat(readme).as("README documents %s", key.key()).contains("`" + key.key() + "`");
        }
    }
}
