package io.trajectory.producer.cli;

import static io.trajectory.producer.cli.CliRun.CONFIG;
import static io.trajectory.producer.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.events.CourseCompleted;
import io.trajectory.events.Promotion;
import io.trajectory.events.SkillAssessed;
import io.trajectory.producer.Events;
import io.trajectory.producer.cli.CliRun.RecordingSink;
import io.trajectory.producer.cloudevents.CloudEventJson;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class EmitCommandTest {

    private static final Instant MARCH = Instant.parse("2024-03-01T09:00:00Z");

    private final RecordingSink sink = new RecordingSink();

    @TempDir
    Path dir;

    private EmitCommand command() {
        return new EmitCommand(() -> CONFIG, sink.factory());
    }

    @Test
    void shouldSendAnEventDescribedByFlags() {
        CliRun result = run(command(), "--type", "promotion", "--person", "p-1", "--time", "2024-03-01T09:00:00Z",
                "--source", "hr/cli", "--id", "evt-42", "--data", "toStage=SENIOR", "--data", "title=Senior TPM");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).isEqualTo(
                "sent evt-42 (trajectory.promotion, person p-1) to career-events partition 0 offset 0\n");
        assertThat(result.err()).isEmpty();
        Promotion promotion = (Promotion) sink.sent.get(0);
        assertThat(promotion.getToStage()).isEqualTo("SENIOR");
        assertThat(promotion.getTitle()).isEqualTo("Senior TPM");
        assertThat(promotion.getHeader().getSource()).isEqualTo("hr/cli");
        assertThat(promotion.getHeader().getOccurredAt()).isEqualTo(MARCH);
    }

    @Test
    void shouldReadDataValuesByTheAttributesKind() {
        CliRun course = run(command(), "--type", "trajectory.course-completed", "--person", "p-1", "--time", "2024-03-01T09:00:00Z",
                "--data", "courseId=2024", "--data", "title=Scrum", "--data", "skills=agile,relationship-building",
                "--data", "hours=12.5");
        CliRun skill = run(command(), "--type", "skill-assessed", "--person", "p-1", "--time", "2024-03-01T09:00:00Z",
                "--data", "skill=agile", "--data", "level=4", "--data", "assessorId=p-7");
        CliRun jsonArray = run(command(), "--type", "course-completed", "--person", "p-1", "--time", "2024-03-01T09:00:00Z",
                "--data", "courseId=c", "--data", "title=T", "--data", "skills=[\"agile\"]", "--data", "hours=1");

        assertThat(course.exitCode()).as(course.err()).isEqualTo(ExitCodes.OK);
        assertThat(skill.exitCode()).as(skill.err()).isEqualTo(ExitCodes.OK);
        assertThat(jsonArray.exitCode()).as(jsonArray.err()).isEqualTo(ExitCodes.OK);
        CourseCompleted c = (CourseCompleted) sink.sent.get(0);
        assertThat(c.getCourseId()).isEqualTo("2024");
        assertThat(c.getSkills()).containsExactly("agile", "relationship-building");
        assertThat(c.getHours()).isEqualTo(new BigDecimal("12.50"));
        assertThat(((SkillAssessed) sink.sent.get(1)).getLevel()).isEqualTo(4);
        assertThat(((CourseCompleted) sink.sent.get(2)).getSkills()).containsExactly("agile");
    }

    @Test
    void shouldPrintEveryViolationWithTheFlagToFixAndExitWithTwo() {
        CliRun result = run(command(), "--type", "skill-assessed", "--time", "2024-13-01T09:00:00Z", "--id", "evt-1",
                "--data", "skill=agile", "--data", "level=9", "--data", "assesor=p-7");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).first().isEqualTo("invalid event evt-1:");
        assertThat(result.errLines()).contains(
                "  subject: is required [--person]",
                "  data.level: must be from 0 to 5, not 9 [--data level=...]");
        assertThat(result.errLines()).anySatisfy(l -> assertThat(l).startsWith("  time: must be an RFC 3339").endsWith("[--time]"));
        assertThat(result.errLines()).anySatisfy(l -> assertThat(l).startsWith("  data.assessorId: is required"));
        assertThat(result.errLines()).anySatisfy(l -> assertThat(l).startsWith("  data.assesor: unknown attribute"));
        assertThat(sink.opened.get()).isZero();
    }

    @Test
    void shouldSendACloudEventGivenAsJsonOrInAFile() throws IOException {
        Promotion event = Events.promotion("p-7").eventId("evt-7").toStage("BEYOND").title("Director").occurredAt(MARCH)
                .recordedAt(MARCH).source("hr/workday").build();
        Path file = Files.writeString(dir.resolve("event.json"), CloudEventJson.toPrettyJson(event));

        CliRun fromJson = run(command(), "--json", CloudEventJson.toJson(event));
        CliRun fromFile = run(command(), "--file", file.toString());

        assertThat(fromJson.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(fromFile.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(sink.sent).containsExactly(event, event);
    }

    @Test
    void shouldReportMalformedJsonInOneLine() {
        CliRun result = run(command(), "--json", "{\"id\": \"x\",");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.errLines()).hasSize(2);
        assertThat(result.errLines().get(1)).startsWith("  body: malformed JSON at line 1, column");
    }

    @Test
    void shouldRefuseToMixJsonAndFlags() {
        CliRun result = run(command(), "--json", "{}", "--person", "p-1");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).startsWith("error: --json/--file give the whole event");
    }

    @Test
    void shouldPrintTheCloudEventAndSendNothingOnADryRun() {
        CliRun result = run(new EmitCommand(() -> CONFIG, CliRun.noSink()), "--print", "--dry-run",
                "--type", "departed", "--person", "p-1", "--id", "evt-9", "--time", "2024-03-01T09:00:00Z");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).contains("\"type\" : \"trajectory.departed\"").contains("\"subject\" : \"p-1\"")
                .endsWith("valid: evt-9 (trajectory.departed, person p-1); not sent (--dry-run)\n");
    }

    @Test
    void shouldExitWithOneAndOneLineWhenKafkaRefusesTheEvent() {
        SinkFactory refusing = config -> event -> CompletableFuture.failedFuture(
                new NotEnoughReplicasException("Messages are rejected since there are fewer in-sync replicas than required."));

        CliRun result = run(new EmitCommand(() -> CONFIG, refusing), "--bootstrap-servers", "kafka.example:9092",
                "--type", "departed", "--person", "p-1", "--time", "2024-03-01T09:00:00Z");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.KAFKA_FAILURE);
        assertThat(result.err()).isEqualTo("Kafka error: Messages are rejected since there are fewer in-sync replicas "
                + "than required. (bootstrap servers kafka.example:9092)\n");
    }

    @Test
    @Timeout(30)
    void shouldExitWithOneWhenNoBrokerAnswers() {
        // a real KafkaProducer against a closed port: metadata never arrives within max.block.ms
        EmitCommand real = new EmitCommand(() -> CONFIG.with("kafka.max.block.ms", "1000"));

        CliRun result = run(real, "--bootstrap-servers", "127.0.0.1:1",
                "--type", "departed", "--person", "p-1", "--time", "2024-03-01T09:00:00Z");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.KAFKA_FAILURE);
        assertThat(result.errLines()).singleElement().satisfies(l -> assertThat(l)
                .startsWith("Kafka error: ").contains("1000 ms").endsWith("(bootstrap servers 127.0.0.1:1)"));
    }

    @Test
    void shouldExplainItselfWithHelp() {
        CliRun emit = run(command(), "--help");
        CliRun importHelp = run(new ImportCommand(() -> CONFIG, CliRun.noSink()), "--help");

        assertThat(emit.exitCode()).isZero();
        assertThat(emit.out()).startsWith("Usage: emit").contains("--data=NAME=VALUE").contains("Exit codes:");
        assertThat(emit.out().lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
        assertThat(importHelp.exitCode()).isZero();
        assertThat(importHelp.out()).startsWith("Usage: import").contains("--dry-run").contains("Exit codes:");
    }

    @Test
    void shouldLeaveUsageErrorsToPicocli() {
        CliRun result = run(command(), "--timeout", "soon");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).contains("Invalid value for option '--timeout'").contains("Usage: emit");
    }

    @Test
    void shouldEscapeAnInvalidIdAndDepartmentQuotedInItsErrors() {
        CliRun result = run(command(), "--type", "transferred", "--person", "p-1", "--time", "2024-03-01T09:00:00Z",
                "--id", "evt\u202E-1", "--data", "department=Pay\u202Ements");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).doesNotContain("\u202E")
                .contains("invalid event evt\\u202E-1:")
                .contains("data.department: must not contain format character U+202E (RIGHT-TO-LEFT OVERRIDE)");
        assertThat(sink.sent).isEmpty();
    }
}
