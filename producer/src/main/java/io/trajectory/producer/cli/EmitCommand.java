package io.trajectory.producer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trajectory.config.ConfigOptions;
import io.trajectory.config.TrajectoryConfig;
import io.trajectory.producer.CareerEventProducer;
import io.trajectory.producer.Delivery;
import io.trajectory.producer.EventSink;
import io.trajectory.producer.InvalidEventException;
import io.trajectory.producer.bulk.BulkImporter;
import io.trajectory.producer.cloudevents.CloudEventJson;
import io.trajectory.producer.cloudevents.CloudEventMapper;
import io.trajectory.producer.cloudevents.DataFields;
import io.trajectory.producer.cloudevents.MappingResult;
import io.trajectory.schemas.CareerEvents;
import io.trajectory.schemas.EventType;
import io.trajectory.validation.Characters;
import io.trajectory.validation.Violation;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code emit}: validates one career event and sends it to Kafka. The event comes from flags
 * ({@code --type promotion --person p-1 --data toStage=SENIOR ...}) or from CloudEvent JSON
 * ({@code --json '{...}'} or {@code --file event.json}); both go through the same
 * {@link CloudEventMapper} as the HTTP ingest endpoint.
 */
@Command(name = "emit", sortOptions = false,
        description = {
            "Validate one career event and send it to Kafka.",
            "The event comes from flags (--type, --person, --time, --data NAME=VALUE...)",
            "or from a CloudEvent in structured JSON (--json or --file)."},
        footer = {
            "",
            "Examples:",
            "  emit --type promotion --person p-1001 --time 2024-03-01T09:00:00Z \\",
            "       --source hr/cli --data toStage=SENIOR --data 'title=Senior TPM'",
            "  emit --type course-completed --person p-1001 --data courseId=c-9 \\",
            "       --data title=Scrum --data skills=agile,relationship-building \\",
            "       --data hours=12.5",
            "  emit --file event.json",
            "",
            "Exit codes: 0 sent (or valid with --dry-run), 2 invalid input,",
            "1 Kafka failure."})
public final class EmitCommand implements Callable<Integer> {

    static final String DEFAULT_SOURCE = "trajectory-cli";

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Option(names = "--type", paramLabel = "TYPE",
            description = "Event type: ${COMPLETION-CANDIDATES}, with or without the 'trajectory.' prefix.",
            completionCandidates = TypeNames.class)
    String type;

    @Option(names = "--person", paramLabel = "ID", description = "Person id (CloudEvents subject).")
    String person;

    @Option(names = "--time", paramLabel = "RFC3339",
            description = "When it happened, e.g. 2024-03-01T09:00:00Z (default: now).")
    String time;

    @Option(names = "--source", paramLabel = "SOURCE",
            description = "HR tool that emits the event (default: " + DEFAULT_SOURCE + ").")
    String source;

    @Option(names = "--id", paramLabel = "ID", description = "Event id, the idempotency key (default: a random UUID).")
    String id;

    @Option(names = "--recorded-at", paramLabel = "RFC3339",
            description = "When the HR system recorded it (default: now).")
    String recordedAt;

    @Option(names = "--data", paramLabel = "NAME=VALUE",
            description = "A data attribute, repeatable. Values are read by the attribute's kind "
                    + "(numbers, true/false, lists as a;b or JSON arrays); unknown attributes are read as JSON "
                    + "when they look like a JSON number, boolean or array, else as text.")
    List<String> data = new ArrayList<>();

    @Option(names = "--json", paramLabel = "JSON", description = "The event as a CloudEvent JSON object.")
    String json;

    @Option(names = "--file", paramLabel = "FILE", description = "A file holding a CloudEvent JSON object ('-' for stdin).")
    Path file;

    @Option(names = "--print", description = "Print the event as CloudEvent JSON before sending it.")
    boolean print;

    @Option(names = "--dry-run", description = "Validate only; send nothing.")
    boolean dryRun;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long to wait for Kafka's acknowledgement (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    private final Function<ConfigOptions, TrajectoryConfig> config;
    private final SinkFactory sinks;

    /** Config from --config/TRAJECTORY_CONFIG, the environment and the flags; sends to Kafka. */
    public EmitCommand() {
        this.config = ConfigOptions::load;
        this.sinks = SinkFactory.kafka();
    }

    public EmitCommand(Supplier<TrajectoryConfig> config) {
        this(config, SinkFactory.kafka());
    }

    public EmitCommand(Supplier<TrajectoryConfig> config, SinkFactory sinks) {
        this.config = CliSupport.over(config);
        this.sinks = Objects.requireNonNull(sinks, "sinks");
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String bootstrap = null;
        try {
            TrajectoryConfig cfg = config.apply(options);
            bootstrap = CareerEventProducer.bootstrapServers(cfg);
            CloudEventMapper mapper = CliSupport.mapper(cfg);
            boolean fromJson = json != null || file != null;
            MappingResult result;
            if (fromJson) {
                checkJsonMode();
                byte[] bytes = json != null ? json.getBytes(StandardCharsets.UTF_8)
                        : file.toString().equals("-") ? System.in.readAllBytes() : Files.readAllBytes(file);
                result = mapper.mapJson(bytes, 0);
            } else {
                result = mapper.map(fromFlags(), 0);
            }
            if (!result.ok()) {
                printViolations(err, result.eventId(), result.violations(), !fromJson);
                return ExitCodes.INVALID_INPUT;
            }
            SpecificRecord event = result.event();
            if (print) {
                out.println(CloudEventJson.toPrettyJson(event));
            }
            String what = describe(event);
            if (dryRun) {
                out.println("valid: " + what + "; not sent (--dry-run)");
                return ExitCodes.OK;
            }
            try (EventSink sink = sinks.open(cfg)) {
                Delivery delivery = sink.send(event).get(timeoutSeconds, TimeUnit.SECONDS);
                out.println("sent " + what + " to " + delivery.topic() + " partition " + delivery.partition()
                        + " offset " + delivery.offset());
                out.flush();
                return ExitCodes.OK;
            } catch (ExecutionException e) {
                Throwable cause = BulkImporter.unwrap(e);
                if (cause instanceof InvalidEventException invalid) {
                    printViolations(err, invalid.eventId(), invalid.violations(), false);
                    return ExitCodes.INVALID_INPUT;
                }
                err.println(CliSupport.kafkaError(cause, bootstrap));
                return ExitCodes.KAFKA_FAILURE;
            } catch (TimeoutException e) {
                err.println("Kafka error: no acknowledgement within " + timeoutSeconds + " s (bootstrap servers "
                        + bootstrap + ")");
                return ExitCodes.KAFKA_FAILURE;
            }
        } catch (Exception e) {
            return CliSupport.fail(e, err, bootstrap);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private void checkJsonMode() {
        if (json != null && file != null) {
            throw new IllegalArgumentException("use either --json or --file, not both");
        }
        if (type != null || person != null || time != null || source != null || id != null || recordedAt != null
                || !data.isEmpty()) {
            throw new IllegalArgumentException("--json/--file give the whole event: do not combine them with "
                    + "--type, --person, --time, --source, --id, --recorded-at or --data");
        }
    }

    /** The CloudEvent the flags describe. */
    ObjectNode fromFlags() {
        ObjectNode ce = JsonNodeFactory.instance.objectNode();
        ce.put("specversion", CloudEventMapper.SPEC_VERSION);
        ce.put("id", id != null ? id : UUID.randomUUID().toString());
        ce.put("source", source != null ? source : DEFAULT_SOURCE);
        String typeName = type == null ? null : DataFields.cloudEventType(type);
        if (typeName != null) {
            ce.put("type", typeName);
        }
        if (person != null) {
            ce.put("subject", person);
        }
        ce.put("time", time != null ? time : Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        if (recordedAt != null) {
            ce.put(CloudEventMapper.RECORDED_AT, recordedAt);
        }
        Optional<EventType> eventType = typeName == null ? Optional.empty() : EventType.fromCloudEventType(typeName);
        ObjectNode dataNode = ce.putObject("data");
        for (String entry : data) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--data expects NAME=VALUE, got '" + entry + "'");
            }
            String name = entry.substring(0, eq).strip();
            if (name.startsWith("data.")) {
                name = name.substring("data.".length());
            }
            if (dataNode.has(name)) {
                throw new IllegalArgumentException("--data " + name + " is given more than once");
            }
            String raw = entry.substring(eq + 1);
            String field = name;
            JsonNode value = eventType.flatMap(t -> DataFields.field(t, field))
                    .map(f -> DataFields.fromText(f, raw))
                    .orElseGet(() -> DataFields.guess(raw));
            dataNode.set(name, value);
        }
        return ce;
    }

    private static final Map<String, String> FLAG_OF = Map.of(
            "id", "--id", "subject", "--person", "time", "--time", "source", "--source", "type", "--type",
            CloudEventMapper.RECORDED_AT, "--recorded-at");

    private static void printViolations(PrintWriter err, String eventId, List<Violation> violations, boolean flags) {
        // quoted input is escaped: nothing unprintable reaches the terminal
        err.println("invalid event" + (eventId == null ? "" : " " + Characters.excerpt(eventId)) + ":");
        for (Violation v : violations) {
            String hint = "";
            if (flags) {
                String flag = FLAG_OF.get(v.field());
                if (flag != null) {
                    hint = " [" + flag + "]";
                } else if (v.field().startsWith("data.")) {
                    hint = " [--data " + v.field().substring(5).replaceAll("\\[\\d+]$", "") + "=...]";
                }
            }
            err.println(Characters.printable("  " + v.field() + ": " + v.message() + hint));
        }
    }

    private static String describe(SpecificRecord event) {
        return CareerEvents.eventId(event) + " (" + EventType.of(event).cloudEventType() + ", person "
                + CareerEvents.personId(event) + ")";
    }

    /** Completion candidates of {@code --type}: the short names. */
    public static final class TypeNames extends ArrayList<String> {
        public TypeNames() {
            super(EventType.cloudEventTypes().stream().map(t -> t.substring("trajectory.".length())).toList());
        }
    }
}
