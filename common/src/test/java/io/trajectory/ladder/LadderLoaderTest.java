package io.trajectory.ladder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LadderLoaderTest {

    @TempDir
    Path dir;

    /** A small valid ladder: three stages, two skills. */
    private static final String VALID = """
            {
              "id": "mini",
              "version": "2",
              "name": "Mini ladder",
              "skills": [
                {"id": "agile", "name": "Agile"},
                {"id": "vendors", "name": "Vendor relations", "group": "core"}
              ],
              "stages": [
                {"id": "A", "name": "First", "entry": {"events": ["InterviewPassed"], "evidence": false},
                 "requirementsForNext": [{"id": "rounds", "kind": "interview-rounds", "count": 2}]},
                {"id": "B", "name": "Second", "entry": {"events": ["Hired"], "evidence": true},
                 "requirementsForNext": [{"id": "agile-level", "kind": "skill-level", "skill": "agile", "level": 3}]},
                {"id": "C", "name": "Third", "entry": {"events": ["Promotion"], "evidence": false}}
              ]
            }
            """;

    private Path write(String json) throws IOException {
        Path f = dir.resolve("ladder.json");
        Files.writeString(f, json, StandardCharsets.UTF_8);
        return f;
    }

    private List<String> problemsOf(String json) throws IOException {
        Path f = write(json);
        LadderException e = catchThrowableOfType(LadderException.class, () -> LadderLoader.load(f));
        assertThat(e).as("loading should fail").isNotNull();
        assertThat(e.getMessage()).contains(f.toString());
        return e.problems();
    }

    @Test
    void shouldLoadTheDefaultLadderWithTheFiveTpmStagesInOrder() {
        Ladder ladder = LadderLoader.defaultLadder();

        assertThat(ladder.id()).isEqualTo("tpm-default");
        assertThat(ladder.stageIds()).containsExactly("CANDIDATE", "JUNIOR", "ADVANCING", "SENIOR", "BEYOND");
        assertThat(ladder.firstStage().id()).isEqualTo("CANDIDATE");
        assertThat(ladder.next("SENIOR")).map(Ladder.Stage::id).contains("BEYOND");
        assertThat(ladder.next("BEYOND")).isEmpty();
        assertThat(LadderLoader.check(ladder)).isEmpty();
    }

    @Test
    void shouldIncludeTheSkillsOfTheSeedArticleInTheDefaultLadder() {
        Ladder ladder = LadderLoader.defaultLadder();

        assertThat(ladder.skillIds()).contains("agile", "stakeholder-relations", "relationship-building",
                "management-etiquette", "customer-retention", "cross-functional-work", "business-conversation",
                "technical-knowledge", "process-optimization");
        assertThat(ladder.skillIds()).doesNotHaveDuplicates();
    }

    @Test
    void shouldLetOnlyInterviewsEnterTheCandidateStageOfTheDefaultLadder() {
        Ladder ladder = LadderLoader.defaultLadder();

        assertThat(ladder.stage("CANDIDATE").orElseThrow().entry().byEvent("Promotion")).isFalse();
        assertThat(ladder.stage("JUNIOR").orElseThrow().entry().byEvent("Hired")).isTrue();
        assertThat(ladder.stage("SENIOR").orElseThrow().entry().byEvent("Promotion")).isTrue();
    }

    @Test
    void shouldFallBackToTheDefaultLadderWithoutAFile() {
        assertThat(LadderLoader.loadOrDefault(Optional.empty())).isSameAs(LadderLoader.defaultLadder());
    }

    @Test
    void shouldLoadAValidLadderFile() throws IOException {
        Ladder ladder = LadderLoader.loadOrDefault(Optional.of(write(VALID)));

        assertThat(ladder.id()).isEqualTo("mini");
        assertThat(ladder.version()).isEqualTo("2");
        assertThat(ladder.stageIds()).containsExactly("A", "B", "C");
        assertThat(ladder.skillIds()).containsExactly("agile", "vendors");
        assertThat(ladder.stage("C").orElseThrow().requirementsForNext()).isEmpty();
        Requirement agile = ladder.stage("B").orElseThrow().requirementsForNext().get(0);
        assertThat(agile.kind()).isEqualTo(Requirement.Kind.SKILL_LEVEL);
        assertThat(agile.level()).isEqualTo(3);
    }

    @Test
    void shouldReportAMissingFile() {
        Path missing = dir.resolve("nope.json");

        assertThatThrownBy(() -> LadderLoader.load(missing))
                .isInstanceOf(LadderException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("file not found");
    }

    @Test
    void shouldReportADuplicateStageId() throws IOException {
        String json = VALID.replace("{\"id\": \"C\"", "{\"id\": \"B\"");

        assertThat(problemsOf(json)).anySatisfy(p -> assertThat(p)
                .contains("stages[2]").contains("duplicate stage id 'B'"));
    }

    @Test
    void shouldReportADuplicateSkillId() throws IOException {
        String json = VALID.replace("{\"id\": \"vendors\"", "{\"id\": \"agile\"");

        assertThat(problemsOf(json)).anySatisfy(p -> assertThat(p)
                .contains("skills[1]").contains("duplicate skill id 'agile'"));
    }

    @Test
    void shouldReportAnUnknownSkillInARequirement() throws IOException {
        String json = VALID.replace("\"skill\": \"agile\"", "\"skill\": \"juggling\"");

        assertThat(problemsOf(json)).anySatisfy(p -> assertThat(p)
                .contains("stages[1]").contains("agile-level").contains("unknown skill 'juggling'"));
    }

    @Test
    void shouldReportAStageNothingCanEnter() throws IOException {
        String json = VALID.replace("\"entry\": {\"events\": [\"Promotion\"], \"evidence\": false}",
                "\"entry\": {\"events\": [], \"evidence\": false}");

        assertThat(problemsOf(json)).anySatisfy(p -> assertThat(p)
                .contains("stages[2] (C)").contains("unreachable stage"));
    }

    @Test
    void shouldReportAnEventThatCannotEnterAStage() throws IOException {
        String json = VALID.replace("[\"Promotion\"]", "[\"Departed\"]");

        assertThat(problemsOf(json)).anySatisfy(p -> assertThat(p)
                .contains("stages[2] (C).entry.events").contains("'Departed'"));
    }

    @Test
    void shouldReportASkillLevelAboveFive() throws IOException {
        String json = VALID.replace("\"level\": 3", "\"level\": 6");

        assertThat(problemsOf(json)).anySatisfy(p -> assertThat(p)
                .contains("agile-level").contains("skill-level needs a skill and a level from 0 to 5"));
    }

    @Test
    void shouldReportASkillLevelRequirementWithoutALevel() throws IOException {
        String json = VALID.replace(", \"level\": 3", "");

        assertThat(problemsOf(json)).anySatisfy(p -> assertThat(p)
                .contains("agile-level").contains("skill-level"));
    }

    @Test
    void shouldReportAnUnknownRelationshipAndACountBelowOne() throws IOException {
        String json = VALID.replace("{\"id\": \"rounds\", \"kind\": \"interview-rounds\", \"count\": 2}",
                "{\"id\": \"rels\", \"kind\": \"relationships\", \"relationship\": \"supplier\", \"count\": 0}");

        assertThat(problemsOf(json))
                .anySatisfy(p -> assertThat(p).contains("rels").contains("relationship must be one of"))
                .anySatisfy(p -> assertThat(p).contains("rels").contains("count must be at least 1"));
    }

    @Test
    void shouldReportRequirementsOnTheLastStage() throws IOException {
        String json = VALID.replace("\"entry\": {\"events\": [\"Promotion\"], \"evidence\": false}}",
                "\"entry\": {\"events\": [\"Promotion\"], \"evidence\": false},"
                        + " \"requirementsForNext\": [{\"id\": \"x\", \"kind\": \"courses\"}]}");

        assertThat(problemsOf(json)).anySatisfy(p -> assertThat(p)
                .contains("stages[2] (C)").contains("the last stage has no next stage"));
    }

    @Test
    void shouldReportEveryProblemAtOnce() throws IOException {
        String json = VALID.replace("{\"id\": \"vendors\"", "{\"id\": \"agile\"")
                .replace("{\"id\": \"C\"", "{\"id\": \"B\"")
                .replace("\"level\": 3", "\"level\": 9");

        assertThat(problemsOf(json)).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void shouldReportAnUnknownPropertyWithItsLineAndColumn() throws IOException {
        String json = VALID.replace("\"name\": \"Mini ladder\",", "\"name\": \"Mini ladder\",\n  \"colour\": \"blue\",");

        List<String> problems = problemsOf(json);

        assertThat(problems).singleElement().satisfies(p -> assertThat(p)
                .contains("\"colour\"").contains("line 5, column 3"));
    }

    @Test
    void shouldLocateAnUnknownPropertyDeepInsideTheLadder() throws IOException {
        String json = VALID.replace("\"level\": 3}", "\"level\": 3,\n    \"weight\": 2}");

        List<String> problems = problemsOf(json);

        assertThat(problems).singleElement().satisfies(p -> assertThat(p)
                .contains("\"weight\"")
                .contains("stages[1].requirementsForNext[0].weight")
                .contains("line 14, column 5"));
    }

    @Test
    void shouldReportAnUnknownRequirementKind() throws IOException {
        String json = VALID.replace("\"kind\": \"interview-rounds\"", "\"kind\": \"karma\"");

        assertThat(problemsOf(json)).singleElement().satisfies(p -> assertThat(p)
                .contains("karma").contains("line "));
    }

    @Test
    void shouldReportAMissingRequiredField() throws IOException {
        String json = VALID.replace("\"version\": \"2\",", "");

        assertThat(problemsOf(json)).singleElement().satisfies(p -> assertThat(p).contains("version"));
    }

    @Test
    void shouldReportAStageWithoutEntry() throws IOException {
        String json = VALID.replace(", \"entry\": {\"events\": [\"Promotion\"], \"evidence\": false}", "");

        assertThat(problemsOf(json)).singleElement().satisfies(p -> assertThat(p).contains("entry"));
    }

    @Test
    void shouldReportARequiredFieldSetToNullInsteadOfFailingLater() throws IOException {
        String json = VALID.replace("\"entry\": {\"events\": [\"Hired\"], \"evidence\": true}", "\"entry\": null")
                .replace("\"kind\": \"interview-rounds\"", "\"kind\": null")
                .replace("{\"id\": \"vendors\"", "{\"id\": null");

        assertThat(problemsOf(json))
                .anySatisfy(p -> assertThat(p).isEqualTo("stages[1] (B).entry: is required"))
                .anySatisfy(p -> assertThat(p).isEqualTo("stages[0] (A).requirementsForNext[0] (rounds).kind: is required"))
                .anySatisfy(p -> assertThat(p).isEqualTo("skills[1].id: is required"));
    }

    @Test
    void shouldReportContentAfterTheLadder() throws IOException {
        assertThat(problemsOf(VALID + "\n{}")).singleElement().satisfies(p -> assertThat(p).contains("line 18"));
    }

    @Test
    void shouldReportMalformedJson() throws IOException {
        assertThat(problemsOf("{\"id\": \"x\",")).singleElement().satisfies(p -> assertThat(p).contains("line "));
    }

    @Test
    void shouldReportALadderWithoutStages() {
        Ladder empty = new Ladder("empty", "1", null, null, List.of(), List.of());

        assertThat(LadderLoader.check(empty)).anySatisfy(p -> assertThat(p).contains("at least one stage"));
    }
}
