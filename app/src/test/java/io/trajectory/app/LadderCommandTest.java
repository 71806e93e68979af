package io.trajectory.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.ladder.LadderLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./trajectory ladder validate|show}, run in-process. */
class LadderCommandTest {

    @TempDir
    Path dir;

    /** Two problems: a cycle (line 7) and an unknown skill (line 5). */
    private static final String INVALID = """
            {"id": "loop", "version": "1",
             "skills": [{"id": "agile", "name": "Agile"}],
             "stages": [
               {"id": "A", "name": "First", "entry": {"events": ["Hired"], "evidence": false},
                "requirementsForNext": [{"id": "agile", "kind": "courses", "skill": "agil"}]},
               {"id": "B", "name": "Second", "entry": {"events": ["Promotion"], "evidence": false},
                "next": "A"}
             ]}
            """;

    private static CliRun trajectory(String... args) {
        return CliRun.of(args);
    }

    private Path write(String name, String json) throws IOException {
        return Files.writeString(dir.resolve(name), json);
    }

    @Test
    void shouldSummarizeAValidLadderAndExitZero() throws IOException {
        Path file = write("tpm.json", LadderLoader.defaultLadderJson());

        CliRun run = trajectory("ladder", "validate", file.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(file + ": valid ladder tpm-default version 1: 5 stages, 16 skills\n");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void shouldPrintEveryProblemOnItsOwnLineAndExitTwo() throws IOException {
        Path file = write("loop.json", INVALID);

        CliRun run = trajectory("ladder", "validate", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).containsExactly(
                file + ":5:64: stages[0].requirementsForNext[0].skill: unknown skill 'agil'; use the id of a "
                        + "skill in \"skills\", or add it there; did you mean 'agile'?",
                file + ":7:5: stages[1].next: the next stages form a cycle: A -> B -> A; nobody on it can reach the "
                        + "top of the ladder. Point \"next\" of stage 'B' at a stage after it, or remove it");
    }

    @Test
    void shouldSayInOneLineThatTheFileIsMissing() {
        Path missing = dir.resolve("nope.json");

        CliRun run = trajectory("ladder", "validate", missing.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(missing + ": file not found");
    }

    @Test
    void shouldReportMalformedJsonWithoutAStackTrace() throws IOException {
        Path file = write("broken.json", "{\"id\": \"x\",\n  \"version\": }");

        CliRun run = trajectory("ladder", "validate", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().startsWith(file + ":2:14: malformed JSON: ");
        assertThat(run.err()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void shouldShowTheDefaultLadderToStartFrom() {
        CliRun run = trajectory("ladder", "show", "--default");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(LadderLoader.defaultLadderJson());
    }

    @Test
    void shouldShowTheLadderFileInUse() throws IOException {
        String own = LadderLoader.defaultLadderJson().replace("\"id\": \"tpm-default\"", "\"id\": \"acme\"");
        Path file = write("acme.json", own);

        CliRun run = trajectory("ladder", "show", "--set", "ladder.file=" + file);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(own);
    }

    @Test
    void shouldRefuseToShowAnInvalidLadderFile() throws IOException {
        Path file = write("loop.json", INVALID);

        CliRun run = trajectory("ladder", "show", "--set", "ladder.file=" + file);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).hasSize(2).allSatisfy(l -> assertThat(l).startsWith(file + ":"));
    }

    @Test
    void shouldReportAnInvalidLadderAtStartWithTheSameLocatedLines() throws IOException {
        Path file = write("loop.json", INVALID);
        List<String> located = trajectory("ladder", "validate", file.toString()).errLines();

        // fails on the ladder before anything starts; the bogus cluster keeps a regression off shared ports
        CliRun run = trajectory("run", "--bootstrap-servers", "127.0.0.1:9", "--data-dir", dir.resolve("data").toString(),
                "--http-port", "0", "--set", "ready.timeout.seconds=2", "--set", "ladder.file=" + file);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly(
                "error: invalid ladder " + file + ", 2 problems:", located.get(0), located.get(1));
    }
}
