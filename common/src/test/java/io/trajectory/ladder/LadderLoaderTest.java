package io.trajectory.ladder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.assertj.core.api.ListAssert;
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

    private static Path sample(String name) {
        try {
            return Path.of(Objects.requireNonNull(LadderLoaderTest.class.getResource("/ladders/" + name), name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LadderException failure(Path file) {
        LadderException e = catchThrowableOfType(LadderException.class, () -> LadderLoader.load(file));
        assertThat(e).as("loading %s should fail", file).isNotNull();
        assertThat(e.getMessage()).contains(file.toString());
        assertThat(e.source()).isEqualTo(file.toString());
        return e;
    }

    private List<LadderProblem> problemsOf(String json) throws IOException {
        return failure(write(json)).problems();
    }

    private static List<LadderProblem> problemsOf(Path file) {
        return failure(file).problems();
    }

    /** The one problem at this path, whatever else was found. */
    private static LadderProblem at(List<LadderProblem> problems, String path) {
        List<LadderProblem> here = problems.stream().filter(p -> p.path().equals(path)).toList();
        assertThat(here).as("problems at %s among %s", path, problems).hasSize(1);
        return here.get(0);
    }

    private static void assertAt(LadderProblem problem, int line, int column) {
        assertThat(problem.line()).as("line of %s", problem).isEqualTo(line);
        assertThat(problem.column()).as("column of %s", problem).isEqualTo(column);
    }

    private static ListAssert<String> messages(List<LadderProblem> problems) {
        return assertThat(problems.stream().map(LadderProblem::message).toList());
    }

    // The default ladder and valid files

    @Test
    void shouldLoadTheDefaultLadderWithTheFiveTpmStagesInOrder() {
        Ladder ladder = LadderLoader.defaultLadder();

        assertThat(ladder.id()).isEqualTo("tpm-default");
        assertThat(ladder.stageIds()).containsExactly("CANDIDATE", "JUNIOR", "ADVANCING", "SENIOR", "BEYOND");
        assertThat(ladder.firstStage().id()).isEqualTo("CANDIDATE");
        assertThat(ladder.next("CANDIDATE")).map(Ladder.Stage::id).contains("JUNIOR");
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
    void shouldOfferTheDefaultLadderFileItWasLoadedFrom() {
        String json = LadderLoader.defaultLadderJson();

        assertThat(json).contains("\"id\": \"tpm-default\"");
        assertThat(LadderLoader.parse(json, "copy.json")).isEqualTo(LadderLoader.defaultLadder());
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
    void shouldFollowTheNextStageAStageNames() {
        Ladder ladder = LadderLoader.load(sample("valid-with-next.json"));

        assertThat(ladder.stageIds()).containsExactly("CANDIDATE", "ENGINEER", "SPECIALIST", "LEAD");
        assertThat(ladder.next("CANDIDATE")).map(Ladder.Stage::id).contains("ENGINEER");
        assertThat(ladder.next("ENGINEER")).map(Ladder.Stage::id).contains("LEAD");
        assertThat(ladder.next("SPECIALIST")).map(Ladder.Stage::id).contains("LEAD");
        assertThat(ladder.next("LEAD")).isEmpty();
        assertThat(ladder.next("NOBODY")).isEmpty();
    }

    @Test
    void shouldReadAVersionWrittenAsANumber() throws IOException {
        assertThat(LadderLoader.load(write(VALID.replace("\"version\": \"2\"", "\"version\": 2"))).version())
                .isEqualTo("2");
    }

    // Files that cannot be read

    @Test
    void shouldReportAMissingFileInOneLine() {
        Path missing = dir.resolve("nope.json");

        assertThatThrownBy(() -> LadderLoader.load(missing))
                .isInstanceOf(LadderException.class)
                .hasMessage("invalid ladder " + missing + ": file not found");
    }

    @Test
    void shouldReportADirectoryInsteadOfAFile() {
        assertThat(failure(dir).lines()).containsExactly(dir + ": is a directory, not a ladder file");
    }

    @Test
    void shouldReportMalformedJsonWhereItBreaks() {
        LadderProblem problem = problemsOf(sample("malformed.json")).get(0);

        assertThat(problemsOf(sample("malformed.json"))).hasSize(1);
        assertThat(problem.message()).startsWith("malformed JSON: ").contains("was expecting comma");
        assertAt(problem, 4, 3);
    }

    @Test
    void shouldReportAnEmptyFile() throws IOException {
        assertThat(problemsOf("  \n")).singleElement().satisfies(p -> assertThat(p.message()).startsWith("the file is empty"));
    }

    @Test
    void shouldReportContentAfterTheLadder() throws IOException {
        LadderProblem problem = problemsOf(VALID + "\n{}").get(0);

        assertThat(problem.message()).contains("unexpected content after the ladder");
        assertAt(problem, 18, 1);
    }

    // Problems of shape: unknown, missing and mistyped properties

    @Test
    void shouldReportAnUnknownPropertyWithItsLineAndColumn() throws IOException {
        String json = VALID.replace("\"name\": \"Mini ladder\",", "\"name\": \"Mini ladder\",\n  \"colour\": \"blue\",");

        LadderProblem problem = at(problemsOf(json), "colour");

        assertThat(problem.message()).isEqualTo("unknown property \"colour\" in the ladder: remove it "
                + "(properties of the ladder: id, version, name, description, skills, stages)");
        assertAt(problem, 5, 3);
    }

    @Test
    void shouldLocateAnUnknownPropertyDeepInsideTheLadder() throws IOException {
        String json = VALID.replace("\"level\": 3}", "\"level\": 3,\n    \"weight\": 2}");

        LadderProblem problem = at(problemsOf(json), "stages[1].requirementsForNext[0].weight");

        assertThat(problem.message()).startsWith("unknown property \"weight\" in a requirement: remove it");
        assertAt(problem, 14, 5);
    }

    @Test
    void shouldSuggestTheNameOfAMisspelledProperty() throws IOException {
        String json = VALID.replace("\"entry\": {\"events\": [\"Promotion\"], \"evidence\": false}}",
                "\"entry\": {\"events\": [\"Promotion\"], \"evidence\": false}, \"nxet\": \"A\"}");

        assertThat(at(problemsOf(json), "stages[2].nxet").message())
                .startsWith("unknown property \"nxet\" in a stage: did you mean \"next\"?");
    }

    @Test
    void shouldReportEveryProblemOfShapeAtOnceWithTheOtherProblems() {
        List<LadderProblem> problems = problemsOf(sample("structure.json"));

        assertThat(problems).extracting(LadderProblem::path).containsExactly(
                "colour",
                "skills[0].name",
                "skills[0].nmae",
                "stages[0].entry.events",
                "stages[0].entry.evidence",
                "stages[0].requirementsForNext[0].kind",
                "stages[0].requirementsForNext[0].count",
                "stages[1].id");
        assertAt(at(problems, "skills[0].name"), 6, 5);
        assertThat(at(problems, "skills[0].name").message())
                .isEqualTo("missing required property \"name\" in a skill; add it: \"name\": a text in quotes");
        assertThat(at(problems, "skills[0].nmae").message()).contains("did you mean \"name\"?");
        assertAt(at(problems, "stages[0].entry.events"), 9, 60);
        assertThat(at(problems, "stages[0].entry.events").message())
                .isEqualTo("expected a list of texts in quotes, found the text \"Hired\"; put it in a list: [\"Hired\"]");
        assertAt(at(problems, "stages[0].entry.evidence"), 9, 81);
        assertThat(at(problems, "stages[0].entry.evidence").message())
                .isEqualTo("expected true or false, found the text \"no\"");
        assertAt(at(problems, "stages[0].requirementsForNext[0].kind"), 10, 54);
        assertThat(at(problems, "stages[0].requirementsForNext[0].kind").message())
                .startsWith("unknown requirement kind 'karma'; use one of: interview-rounds, hired, promotion");
        assertAt(at(problems, "stages[0].requirementsForNext[0].count"), 10, 72);
        assertThat(at(problems, "stages[0].requirementsForNext[0].count").message())
                .isEqualTo("expected a whole number, found the text \"2\"; remove the quotes");
        assertAt(at(problems, "stages[1].id"), 11, 6);
    }

    @Test
    void shouldReportAMissingRequiredField() throws IOException {
        LadderProblem problem = problemsOf(VALID.replace("\"version\": \"2\",", "")).get(0);

        assertThat(problem.path()).isEqualTo("version");
        assertThat(problem.message()).startsWith("missing required property \"version\" in the ladder");
        assertAt(problem, 1, 1);
    }

    @Test
    void shouldReportAStageWithoutEntry() throws IOException {
        String json = VALID.replace(", \"entry\": {\"events\": [\"Promotion\"], \"evidence\": false}", "");

        assertThat(problemsOf(json)).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("stages[2].entry");
            assertThat(p.message()).startsWith("missing required property \"entry\" in a stage");
            assertAt(p, 14, 5);
        });
    }

    @Test
    void shouldReportARequiredFieldSetToNullOnce() throws IOException {
        String json = VALID.replace("\"entry\": {\"events\": [\"Hired\"], \"evidence\": true}", "\"entry\": null")
                .replace("\"kind\": \"interview-rounds\"", "\"kind\": null")
                .replace("{\"id\": \"vendors\"", "{\"id\": null");

        List<LadderProblem> problems = problemsOf(json);

        assertThat(problems).extracting(LadderProblem::path).containsExactly(
                "skills[1].id", "stages[0].requirementsForNext[0].kind", "stages[1].entry");
        assertThat(at(problems, "stages[1].entry").message()).isEqualTo("must not be null; give it an object {...}");
    }

    @Test
    void shouldReportAPropertyGivenTwice() throws IOException {
        LadderProblem problem = problemsOf(VALID.replace("\"version\": \"2\",", "\"version\": \"2\", \"id\": \"other\",")).get(0);

        assertThat(problem.path()).isEqualTo("id");
        assertThat(problem.message()).startsWith("\"id\" appears twice in the ladder; keep one");
        assertAt(problem, 3, 19);
    }

    // Problems of meaning

    @Test
    void shouldReportDuplicateStageSkillAndRequirementIds() {
        List<LadderProblem> problems = problemsOf(sample("duplicates.json"));

        assertThat(problems).hasSize(3);
        LadderProblem skill = at(problems, "skills[1].id");
        assertThat(skill.message()).isEqualTo("duplicate skill id 'agile': skills[0] already has it; give each skill its own id");
        assertAt(skill, 6, 6);
        LadderProblem requirement = at(problems, "stages[0].requirementsForNext[1].id");
        assertThat(requirement.message()).isEqualTo("duplicate requirement id 'agile' in stage 'JUNIOR': "
                + "requirementsForNext[0] already has it; give each requirement of a stage its own id");
        assertAt(requirement, 12, 9);
        LadderProblem stage = at(problems, "stages[1].id");
        assertThat(stage.message()).isEqualTo("duplicate stage id 'JUNIOR': stages[0] already has it; give each stage its own id");
        assertAt(stage, 14, 6);
    }

    @Test
    void shouldReportAnUnknownNextStageWithTheStagesThereAre() {
        LadderProblem problem = problemsOf(sample("unknown-stage.json")).get(0);

        assertThat(problem.path()).isEqualTo("stages[0].next");
        assertThat(problem.message()).isEqualTo("unknown stage 'SENOIR'; \"next\" must name a stage of this ladder "
                + "(JUNIOR, MIDDLE, SENIOR); did you mean 'SENIOR'?");
        assertAt(problem, 6, 91);
    }

    @Test
    void shouldReportACycleWithTheStagesInIt() {
        List<LadderProblem> problems = problemsOf(sample("cycle.json"));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("stages[3].next");
            assertThat(p.message()).isEqualTo("the next stages form a cycle: B -> C -> D -> B; nobody on it can reach "
                    + "the top of the ladder. Point \"next\" of stage 'D' at a stage after it, or remove it");
            assertAt(p, 10, 6);
        });
    }

    @Test
    void shouldReportAStageThatNamesItselfAsNext() throws IOException {
        String json = VALID.replace("{\"id\": \"B\", \"name\": \"Second\",", "{\"id\": \"B\", \"name\": \"Second\", \"next\": \"B\",");

        assertThat(at(problemsOf(json), "stages[1].next").message())
                .startsWith("stage 'B' names itself as its next stage");
    }

    @Test
    void shouldReportAStageNothingCanEnter() {
        LadderProblem problem = at(problemsOf(sample("unreachable.json")), "stages[2].entry");

        assertThat(problem.message()).isEqualTo("unreachable stage 'SENIOR': no event enters it (entry.events is empty) "
                + "and entry.evidence is false; add \"Promotion\" to entry.events, or set entry.evidence to true");
        assertAt(problem, 10, 40);
    }

    @Test
    void shouldReportAStageEvidenceCannotReach() {
        LadderProblem problem = at(problemsOf(sample("unreachable.json")), "stages[1].entry");

        assertThat(problem.message()).isEqualTo("unreachable stage 'MIDDLE': no event enters it (entry.events is empty) "
                + "and evidence never moves anyone into it: requirement 'promotion' of stage 'JUNIOR' is met only by a "
                + "Promotion event; add \"Promotion\" to entry.events, or change the requirements of 'JUNIOR'");
        assertAt(problem, 8, 40);
    }

    @Test
    void shouldReportAStageEnteredByEvidenceThatNoStageLeadsTo() throws IOException {
        String json = VALID.replace("\"entry\": {\"events\": [\"Hired\"], \"evidence\": true}",
                        "\"entry\": {\"events\": [], \"evidence\": true}")
                .replace("{\"id\": \"A\", \"name\": \"First\",", "{\"id\": \"A\", \"name\": \"First\", \"next\": \"C\",");

        assertThat(at(problemsOf(json), "stages[1].entry").message()).isEqualTo("unreachable stage 'B': no event "
                + "enters it (entry.events is empty) and no stage's \"next\" leads to it; add \"Promotion\" to "
                + "entry.events, or set \"next\": \"B\" on the stage before it");
    }

    @Test
    void shouldReportAnEventThatCannotEnterAStage() throws IOException {
        LadderProblem problem = at(problemsOf(VALID.replace("[\"Promotion\"]", "[\"Promtion\"]")), "stages[2].entry.events[0]");

        assertThat(problem.message()).isEqualTo("'Promtion' cannot move a person into a stage; use one of "
                + "InterviewPassed, Hired, Promotion; did you mean 'Promotion'?");
        assertAt(problem, 14, 55);
    }

    @Test
    void shouldReportBadCountsLevelsSkillsAndRelationships() {
        List<LadderProblem> problems = problemsOf(sample("bad-requirements.json"));

        assertThat(problems).hasSize(6);
        String r = "stages[0].requirementsForNext";
        assertThat(at(problems, r + "[0].count").message()).isEqualTo("count must be at least 1, got 0; leave it out to ask for 1");
        assertAt(at(problems, r + "[0].count"), 8, 57);
        assertThat(at(problems, r + "[1].level").message()).isEqualTo("level must be from 0 to 5, got 9");
        assertAt(at(problems, r + "[1].level"), 9, 71);
        assertThat(at(problems, r + "[2]").message())
                .isEqualTo("a skill-level requirement needs \"level\": the assessed level to reach, 0 to 5");
        assertAt(at(problems, r + "[2]"), 10, 8);
        assertThat(at(problems, r + "[2].skill").message())
                .isEqualTo("unknown skill 'juggling'; use the id of a skill in \"skills\", or add it there");
        assertAt(at(problems, r + "[2].skill"), 10, 56);
        assertThat(at(problems, r + "[3].level").message())
                .isEqualTo("only a skill-level requirement has a level; remove \"level\", or use \"count\" for how many");
        assertAt(at(problems, r + "[3].level"), 11, 69);
        assertThat(at(problems, r + "[4].relationship").message()).isEqualTo("'supplier' is not a kind of "
                + "relationship; use one of vendor, client, stakeholder, or leave it out to count all three");
        assertAt(at(problems, r + "[4].relationship"), 12, 53);
    }

    @Test
    void shouldSuggestAKnownSkillForAMisspelledOne() throws IOException {
        String json = VALID.replace("\"skill\": \"agile\"", "\"skill\": \"agil\"");

        assertThat(at(problemsOf(json), "stages[1].requirementsForNext[0].skill").message())
                .endsWith("; did you mean 'agile'?");
    }

    @Test
    void shouldReportRequirementsOnTheLastStage() throws IOException {
        String json = VALID.replace("\"entry\": {\"events\": [\"Promotion\"], \"evidence\": false}}",
                "\"entry\": {\"events\": [\"Promotion\"], \"evidence\": false},"
                        + " \"requirementsForNext\": [{\"id\": \"x\", \"kind\": \"courses\"}]}");

        assertThat(at(problemsOf(json), "stages[2].requirementsForNext").message()).isEqualTo("stage 'C' is the last "
                + "stage and has no next stage, so these requirements lead nowhere; remove them, or name the stage "
                + "after it with \"next\"");
    }

    @Test
    void shouldReportALadderWithoutStages() {
        Ladder empty = new Ladder("empty", "1", null, null, List.of(), List.of());

        assertThat(LadderLoader.check(empty)).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("stages");
            assertThat(p.message()).startsWith("a ladder needs at least one stage");
            assertThat(p.isLocated()).isFalse();
        });
    }

    // All at once, rendered

    @Test
    void shouldReportEveryProblemAtOnceInFileOrder() throws IOException {
        String json = VALID.replace("{\"id\": \"vendors\"", "{\"id\": \"agile\"")
                .replace("{\"id\": \"C\"", "{\"id\": \"B\"")
                .replace("\"level\": 3", "\"level\": 9");

        List<LadderProblem> problems = problemsOf(json);

        assertThat(problems).extracting(LadderProblem::path).containsExactly(
                "skills[1].id", "stages[1].requirementsForNext[0].level", "stages[2].id");
        assertThat(problems).extracting(LadderProblem::line).isSorted();
    }

    @Test
    void shouldRenderEachProblemAsFileLineColumnPathMessage() throws IOException {
        Path file = write(VALID.replace("{\"id\": \"C\"", "{\"id\": \"B\"").replace("\"level\": 3", "\"level\": 9"));

        LadderException e = failure(file);

        assertThat(e.lines()).containsExactly(
                file + ":13:93: stages[1].requirementsForNext[0].level: level must be from 0 to 5, got 9",
                file + ":14:6: stages[2].id: duplicate stage id 'B': stages[1] already has it; give each stage its own id");
        assertThat(e.getMessage()).isEqualTo("invalid ladder " + file + ", 2 problems:\n" + String.join("\n", e.lines()));
    }

    @Test
    void shouldRenderAProblemWithoutAPlaceInTheFile() {
        assertThat(LadderProblem.at("stages", "a ladder needs at least one stage").render("x.json"))
                .isEqualTo("x.json: stages: a ladder needs at least one stage");
        assertThat(LadderProblem.at("", "file not found").render("x.json")).isEqualTo("x.json: file not found");
    }

    @Test
    void shouldNotReportTheSameValueTwice() throws IOException {
        // "kind": "karma" is dropped as a problem of shape; its absence is not a second problem
        List<LadderProblem> problems = problemsOf(VALID.replace("\"kind\": \"interview-rounds\"", "\"kind\": \"karma\""));

        messages(problems).singleElement().asString().startsWith("unknown requirement kind 'karma'");
    }
}
