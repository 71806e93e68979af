package io.trajectory.producer.cli;

import static io.trajectory.producer.cli.CliRun.CONFIG;
import static io.trajectory.producer.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.events.CourseCompleted;
import io.trajectory.producer.Delivery;
import io.trajectory.producer.EventSink;
import io.trajectory.producer.Fixtures;
import io.trajectory.producer.cli.CliRun.RecordingSink;
import io.trajectory.producer.cloudevents.CloudEventJson;
import io.trajectory.schemas.CareerEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportCommandTest {

    private final RecordingSink sink = new RecordingSink();

    @TempDir
    Path dir;

    private ImportCommand command() {
        return new ImportCommand(() -> CONFIG, sink.factory());
    }

    @Test
    void shouldSendEveryLineOfAGoodJsonLinesFile() {
        CliRun result = run(command(), Fixtures.sample("events-good.jsonl").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).isEqualTo("read 10, sent 10, rejected 0, failed 0\n");
        assertThat(result.err()).isEmpty();
        assertThat(sink.ids()).containsExactly("evt-0001", "evt-0002", "evt-0003", "evt-0004", "evt-0005",
                "evt-0006", "evt-0007", "evt-0008", "evt-0009", "evt-0010");
        assertThat(sink.closed).isTrue();
    }

    @Test
    void shouldReportBadJsonLinesWithTheirLineNumberAndEveryReasonAndSendTheGoodOnes() {
        String f = Fixtures.sample("events-mixed.jsonl").toString();
        CliRun result = run(command(), Fixtures.sample("events-mixed.jsonl").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.SOME_REJECTED);
        assertThat(result.out()).isEqualTo("read 9, sent 4, rejected 5, failed 0\n");
        assertThat(result.errLines()).contains(
                f + ":4: data.level: must be from 0 to 5, not 9",
                f + ":7: data.hours: must have at most 2 decimal places, not 3.125 (values are never rounded)",
                f + ":8: warning: duplicate id mix-04 (first on line 5, same content); sent anyway, the processor counts it once");
        assertThat(result.errLines()).anySatisfy(l -> assertThat(l).startsWith(f + ":2: data.toStage: unknown stage 'SENOIR'"));
        assertThat(result.errLines()).anySatisfy(l -> assertThat(l)
                .startsWith(f + ":6: malformed JSON at line 1, column 55: Unexpected end-of-input")
                .endsWith("(start marker at line 1, column 1)"));
        assertThat(result.errLines()).anySatisfy(l -> assertThat(l).startsWith(f + ":7: data.teacher: unknown attribute"));
        assertThat(result.errLines()).anySatisfy(l -> assertThat(l).startsWith(f + ":9: type: unknown type \"trajectory.promoted\""));
        assertThat(result.errLines()).noneMatch(l -> l.startsWith(f + ":1:") || l.startsWith(f + ":3:")
                || l.startsWith(f + ":5:") || l.startsWith(f + ":10:"));
        assertThat(sink.ids()).containsExactly("mix-01", "mix-04", "mix-04", "mix-08");
    }

    @Test
    void shouldImportCsvWithTypedCellsAndReportBadRowsByLine() {
        String f = Fixtures.sample("events-mixed.csv").toString();
        CliRun result = run(command(), Fixtures.sample("events-mixed.csv").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.SOME_REJECTED);
        assertThat(result.out()).isEqualTo("read 9, sent 3, rejected 6, failed 0\n");
        assertThat(result.errLines()).contains(
                f + ":4: data.level: must be from 0 to 5, not 9",
                f + ":6: data.crossTeam: must be true or false, not \"yes\"",
                f + ":8: id: is required",
                f + ":9: data.name: must not contain control characters (U+000A LINE FEED (LF))");
        assertThat(result.errLines()).anySatisfy(l -> assertThat(l).startsWith(f + ":7: time: must be an RFC 3339 timestamp"));
        assertThat(result.errLines()).anySatisfy(l -> assertThat(l).startsWith(f + ":11: data.skills[0]: unknown skill 'juggling'"));
        assertThat(sink.ids()).containsExactly("csv-01", "csv-02", "csv-04");
        CourseCompleted course = (CourseCompleted) sink.sent.get(2);
        assertThat(course.getTitle()).isEqualTo("Agile at scale, part 1");
        assertThat(course.getSkills()).containsExactly("agile", "relationship-building");
        assertThat(course.getHours()).isEqualTo(new BigDecimal("7.50"));
    }

    @Test
    void shouldValidateWithoutSendingOnADryRun() {
        String f = Fixtures.sample("events-mixed.jsonl").toString();
        CliRun result = run(new ImportCommand(() -> CONFIG, CliRun.noSink()), "--dry-run",
                Fixtures.sample("events-mixed.jsonl").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.SOME_REJECTED);
        assertThat(result.out()).isEqualTo("read 9, sent 0, rejected 5, failed 0 (dry run: 4 valid, nothing sent)\n");
        assertThat(result.errLines()).contains(f + ":4: data.level: must be from 0 to 5, not 9",
                f + ":8: warning: duplicate id mix-04 (first on line 5, same content); the processor would count it once",
                "warning: 1 event repeats an event seen earlier in the file (same id, same content); the processor counts each once");
    }

    @Test
    void shouldStopAtTheFirstKafkaFailureAndExitWithOne() {
        String f = Fixtures.sample("events-good.jsonl").toString();
        AtomicInteger calls = new AtomicInteger();
        SinkFactory failingThird = config -> event -> calls.incrementAndGet() == 3
                ? CompletableFuture.failedFuture(new TimeoutException("Topic career-events not present in metadata after 30000 ms."))
                : CompletableFuture.completedFuture(new Delivery(CareerEvents.eventId(event), "p", "t", 0, 0));

        CliRun result = run(new ImportCommand(() -> CONFIG, failingThird), "--bootstrap-servers", "kafka.example:9092",
                Fixtures.sample("events-good.jsonl").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.KAFKA_FAILURE);
        assertThat(result.out()).isEqualTo("read 3, sent 2, rejected 0, failed 1\n");
        assertThat(result.errLines()).containsExactly(
                f + ":3: Kafka error: Topic career-events not present in metadata after 30000 ms. (bootstrap servers kafka.example:9092)",
                "import stopped at the first Kafka error: Topic career-events not present in metadata after 30000 ms."
                        + " (bootstrap servers kafka.example:9092)");
    }

    @Test
    void shouldKeepTheNumberOfSendsInFlightBounded() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        List<SpecificRecord> sent = new ArrayList<>();
        Executor later = CompletableFuture.delayedExecutor(2, TimeUnit.MILLISECONDS);
        EventSink slow = event -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            synchronized (sent) {
                sent.add(event);
            }
            return CompletableFuture.supplyAsync(() -> {
                inFlight.decrementAndGet();
                return new Delivery(CareerEvents.eventId(event), "p", "t", 0, 0);
            }, later);
        };

        CliRun result = run(new ImportCommand(() -> CONFIG, config -> slow), "--max-in-flight", "2",
                Fixtures.sample("events-good.jsonl").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).isEqualTo("read 10, sent 10, rejected 0, failed 0\n");
        assertThat(sent).hasSize(10);
        assertThat(maxInFlight.get()).isBetween(1, 2);
    }

    @Test
    void shouldPrintProgressEveryNLines() {
        CliRun result = run(command(), "--progress-every", "4", Fixtures.sample("events-good.jsonl").toString());

        assertThat(result.errLines()).containsExactly(
                "... 4 lines read: 4 sent, 0 rejected, 0 failed",
                "... 8 lines read: 8 sent, 0 rejected, 0 failed");
    }

    @Test
    void shouldRejectALineThatIsNotUtf8AndGoOn() throws IOException {
        List<String> good = Files.readAllLines(Fixtures.sample("events-good.jsonl"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write((good.get(0) + "\n").getBytes(StandardCharsets.UTF_8));
        bytes.write("{\"id\":\"caf".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xE9); // ISO-8859-1 é
        bytes.write("\"}\r\n".getBytes(StandardCharsets.UTF_8));
        bytes.write((good.get(1) + "\r\n").getBytes(StandardCharsets.UTF_8));
        Path file = Files.write(dir.resolve("latin1.ndjson"), bytes.toByteArray());

        CliRun result = run(command(), file.toString());
        String f = file.toString();

        assertThat(result.exitCode()).isEqualTo(ExitCodes.SOME_REJECTED);
        assertThat(result.errLines()).containsExactly(f + ":2: not valid UTF-8: byte 0xe9 at line 1, column 11");
        assertThat(sink.ids()).containsExactly("evt-0001", "evt-0002");
    }

    @Test
    void shouldRoundTripEventsWrittenAsJsonLines() throws IOException {
        Instant march = Instant.parse("2024-03-01T09:00:00Z");
        List<SpecificRecord> events = List.of(
                io.trajectory.producer.Events.hired("p-9").title("TPM").department("Ops").occurredAt(march).build(),
                io.trajectory.producer.Events.courseCompleted("p-9").courseId("c").title("T").skills("agile")
                        .hours("0.25").occurredAt(march).build());
        Path file = Files.write(dir.resolve("events.jsonl"),
                events.stream().map(CloudEventJson::toJson).toList(), StandardCharsets.UTF_8);

        CliRun result = run(command(), file.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(sink.sent).containsExactlyElementsOf(events);
    }

    @Test
    void shouldDetectTheFormatFromTheExtensionOrTakeItFromFormat() throws IOException {
        Path noExtension = Files.copy(Fixtures.sample("events-mixed.csv"), dir.resolve("events-export"));

        CliRun unknown = run(command(), noExtension.toString());
        CliRun given = run(command(), "--format", "CSV", "--dry-run", noExtension.toString());

        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(unknown.err()).isEqualTo("error: cannot tell the format of " + noExtension
                + " from its name; use --format jsonl or --format csv\n");
        assertThat(given.out()).startsWith("read 9, sent 0, rejected 6, failed 0");
    }

    @Test
    void shouldRefuseACsvFileWithAnUnusableHeaderBeforeSendingAnything() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.csv"),
                "id,type,subject,time,data.toStage,colour\ne1,promotion,p-1,2024-01-01T00:00:00Z,SENIOR,blue\n");

        CliRun result = run(command(), file.toString());
        String f = file.toString();

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).startsWith("error: " + f + ":1: unknown column 'colour'; missing column 'source'. Columns are");
        assertThat(result.out()).isEmpty();
        assertThat(sink.opened.get()).isZero();
    }

    @Test
    void shouldRefuseAJsonArrayFileWholeBeforeSendingAnything() throws IOException {
        Path file = Files.writeString(dir.resolve("export.json"), "[\n" + Files.readAllLines(Fixtures.sample("events-good.jsonl")).get(0)
                + "\n]\n");

        CliRun result = run(command(), file.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).isEqualTo("error: " + file + ":1: the file is a JSON array, not JSON lines (one CloudEvent"
                + " per line); convert it with jq -c '.[]' (one event per line)\n");
        assertThat(sink.ids()).isEmpty();
    }

    @Test
    void shouldSayWhenTheFileIsADirectory() throws IOException {
        Path directory = Files.createDirectories(dir.resolve("events.jsonl"));

        CliRun result = run(command(), directory.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).isEqualTo("error: " + directory + ": is a directory, not an events file\n");
    }

    @Test
    void shouldSayWhenTheFileDoesNotExist() {
        CliRun result = run(command(), dir.resolve("nope.jsonl").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).isEqualTo("error: file not found: " + dir.resolve("nope.jsonl") + "\n");
    }

    @Test
    void shouldReportAConfigProblemInOneLine() {
        CliRun result = run(new ImportCommand(() -> CONFIG.with("ladder.file", dir.resolve("missing-ladder.json").toString()),
                sink.factory()), Fixtures.sample("events-good.jsonl").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.errLines()).singleElement().satisfies(l -> assertThat(l)
                .startsWith("error: invalid ladder").contains("file not found"));
    }
    // ---- input quoted in errors is escaped ----

    /** A "binary" first line: valid UTF-8 holding a terminal escape sequence, a bidi override, a BEL, NULs. */
    private static final byte[] BINARY = ("\u001b]0;pwned\u0007\u001b[2J\u202Eevil\u0000\u0000\u0001\u0002ELF"
            + "x".repeat(200) + "\n").getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldNeverEchoRawBytesOfABinaryFileGivenAsJsonLines() throws IOException {
        // a token Jackson quotes back in its message, holding a bidi override
        byte[] token = ("ELF\u202Eevil\u200Bx" + "y".repeat(300) + "\n").getBytes(StandardCharsets.UTF_8);
        Path f = Files.write(dir.resolve("a.out.jsonl"), concat(BINARY, token));

        CliRun result = run(command(), "--dry-run", f.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.SOME_REJECTED);
        assertPrintable(result.err());
        assertThat(result.errLines()).hasSize(2).allSatisfy(l -> assertThat(l).contains(": malformed JSON"));
        assertThat(result.errLines().get(1)).contains("ELF\\u202Eevil\\u200Bxyy");
    }

    @Test
    void shouldNeverEchoRawBytesOfABinaryFileGivenAsCsv() throws IOException {
        Path f = Files.write(dir.resolve("a.out.csv"), BINARY);

        CliRun result = run(command(), "--dry-run", f.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertPrintable(result.err());
        assertThat(result.err()).contains("unknown column '\\x1B]0;pwned\\x07\\x1B[2J\\u202Eevil\\x00\\x00\\x01\\x02ELF")
                .contains("...'");
        assertThat(result.err().length()).as("a short excerpt, not the whole line").isLessThan(600);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** No control, format or separator character (other than the line ends) anywhere in the output. */
    private static void assertPrintable(String text) {
        assertThat(text.codePoints().filter(cp -> cp != '\n' && switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> true;
            default -> false;
        }).mapToObj(cp -> String.format("U+%04X", cp)).toList()).as("unescaped characters in:%n%s", text).isEmpty();
    }
    // ---- the same id twice in a file ----

    private static String assessed(String id, String subject, int level, String skill) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"hr/test\",\"type\":\"trajectory.skill-assessed\","
                + "\"subject\":\"" + subject + "\",\"time\":\"2024-03-01T09:00:00Z\",\"recordedat\":\"2024-03-01T10:00:00Z\","
                + "\"data\":{\"skill\":\"" + skill + "\",\"level\":" + level + ",\"assessorId\":\"a-1\"}}";
    }

    @Test
    void shouldRefuseAConflictingDuplicateNamingTheFieldsThatDiffer() throws IOException {
        Path f = Files.writeString(dir.resolve("conflict.jsonl"), String.join("\n",
                assessed("evt-c", "p-1", 3, "agile"), assessed("evt-c", "p-1", 4, "listening"), "") );

        CliRun result = run(command(), f.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.SOME_REJECTED);
        assertThat(result.out()).isEqualTo("read 2, sent 1, rejected 1, failed 0\n");
        assertThat(result.errLines()).containsExactly(f + ":2: id: evt-c conflicts with line 1: same id, different"
                + " data.skill, data.level; not sent (the processor would dead-letter it as conflicting-duplicate:"
                + " send a correction under a new id)");
        assertThat(sink.ids()).containsExactly("evt-c");
    }

    @Test
    void shouldStillWarnOfAnExactDuplicateAndSendIt() throws IOException {
        Path f = Files.writeString(dir.resolve("dup.jsonl"), String.join("\n",
                assessed("evt-d", "p-1", 3, "agile"), assessed("evt-d", "p-1", 3, "agile"), ""));

        CliRun result = run(command(), f.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.errLines()).contains(f + ":2: warning: duplicate id evt-d (first on line 1, same content);"
                + " sent anyway, the processor counts it once");
    }

    @Test
    void shouldRefuseTheSameIdForTwoPeople() throws IOException {
        Path f = Files.writeString(dir.resolve("two.jsonl"), String.join("\n",
                assessed("evt-s", "p-1", 3, "agile"), assessed("evt-s", "p-2", 3, "agile"), ""));

        CliRun result = run(command(), f.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.SOME_REJECTED);
        assertThat(result.errLines()).containsExactly(f + ":2: id: evt-s is already used on line 1 for another person"
                + " (p-1); an eventId must name one event: not sent");
        assertThat(sink.ids()).containsExactly("evt-s");
    }
}
