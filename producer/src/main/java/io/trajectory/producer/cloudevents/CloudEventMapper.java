package io.trajectory.producer.cloudevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trajectory.events.Departed;
import io.trajectory.events.EventHeader;
import io.trajectory.events.RelationshipKind;
import io.trajectory.ladder.Ladder;
import io.trajectory.schemas.EventType;
import io.trajectory.validation.Characters;
import io.trajectory.validation.EventValidator;
import io.trajectory.validation.Violation;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Maps CloudEvents 1.0 in structured JSON mode to Trajectory's Avro career events (SPEC §4).
 *
 * <p>Envelope: {@code specversion} "1.0", {@code id} = eventId, {@code source} = HR tool,
 * {@code type} = {@code trajectory.<event-in-kebab-case>}, {@code subject} = personId,
 * {@code time} = event time (RFC 3339), optional extension {@code recordedat} (RFC 3339, default:
 * the clock's now), optional {@code datacontenttype} (must be application/json). The {@code data}
 * attributes of each type are listed in {@link DataFields}; unknown ones are rejected so a typo is
 * never silently dropped. Other top-level attributes are CloudEvents extensions and are ignored.
 *
 * <p>Every problem of an event is reported at once: shape problems first (missing attributes, wrong
 * JSON types), then the ladder-aware rules of {@link EventValidator}. Times are kept to the
 * millisecond (the Avro {@code timestamp-millis} of the record). Thread-safe.
 */
public final class CloudEventMapper {

    public static final String CONTENT_TYPE_SINGLE = "application/cloudevents+json";
    public static final String CONTENT_TYPE_BATCH = "application/cloudevents-batch+json";
    public static final String CONTENT_TYPE_JSON = "application/json";
    public static final String SPEC_VERSION = "1.0";
    /** Extension attribute carrying the time the HR system recorded the event. */
    public static final String RECORDED_AT = "recordedat";
    public static final int MAX_BATCH_SIZE = 1000;
    /** Field name of the violations about the body as a whole. */
    public static final String BODY = "body";
    /** Field name of the violations about the content type. */
    public static final String CONTENT_TYPE = "Content-Type";

    /** RFC 3339 {@code date-time}: seconds required, fraction optional, offset required. */
    static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .appendOffset("+HH:MM", "Z")
            .toFormatter(Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    private static final Set<String> RELATIONSHIP_KINDS = Set.of("vendor", "client", "stakeholder");
    private static final BigDecimal DECIMAL_LIMIT = new BigDecimal("99999.99");

    private final EventValidator validator;
    private final Clock clock;
    private final String defaultHireStage;

    public CloudEventMapper(EventValidator validator, Clock clock) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.defaultHireStage = defaultHireStage(validator.ladder());
    }

    public EventValidator validator() {
        return validator;
    }

    /**
     * Parses an HTTP body. {@code contentType} may be application/cloudevents+json (one event),
     * application/cloudevents-batch+json (JSON array), application/json (object = one event,
     * array = batch), possibly with "; charset=utf-8". Never throws on bad input.
     */
    public BatchResult mapBody(String contentType, byte[] body) {
        Shape shape;
        try {
            shape = shapeOf(contentType);
        } catch (IllegalArgumentException e) {
            return bodyError(false, CONTENT_TYPE, e.getMessage());
        }
        StrictJson.Parsed parsed = StrictJson.parse(body);
        if (parsed.error() != null) {
            return bodyError(shape == Shape.BATCH, BODY, parsed.error());
        }
        JsonNode root = parsed.node();
        boolean batch = switch (shape) {
            case SINGLE -> false;
            case BATCH -> true;
            case ANY -> root.isArray();
        };
        if (!batch && !root.isObject()) {
            return bodyError(false, BODY, shape == Shape.SINGLE && root.isArray()
                    ? CONTENT_TYPE_SINGLE + " carries one event (a JSON object), not an array; send a batch as "
                            + CONTENT_TYPE_BATCH
                    : "expected a CloudEvent (a JSON object)" + (shape == Shape.ANY ? " or a batch (a JSON array)" : "")
                            + ", not " + describe(root));
        }
        if (!batch) {
            return new BatchResult(false, List.of(map(root, 0)), List.of());
        }
        if (!root.isArray()) {
            return bodyError(true, BODY, CONTENT_TYPE_BATCH + " carries a JSON array of events, not " + describe(root)
                    + "; send a single event as " + CONTENT_TYPE_SINGLE);
        }
        if (root.isEmpty()) {
            return bodyError(true, BODY, "empty batch: send at least one event");
        }
        if (root.size() > MAX_BATCH_SIZE) {
            return bodyError(true, BODY, "batch of " + root.size() + " events is larger than the limit of "
                    + MAX_BATCH_SIZE + "; split it");
        }
        List<MappingResult> results = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            results.add(map(root.get(i), i));
        }
        return new BatchResult(true, refuseRepeatedIds(results), List.of());
    }

    /**
     * Idempotency is per person (the key is (personId, eventId)), so the processor cannot see one id
     * used for two people; a batch can: such a batch is refused, and so is one holding the same id
     * twice with different content (the processor would dead-letter the second). The same event twice
     * is fine: it is counted once.
     */
    private static List<MappingResult> refuseRepeatedIds(List<MappingResult> results) {
        java.util.Map<String, MappingResult> first = new java.util.HashMap<>();
        List<MappingResult> out = new ArrayList<>(results.size());
        for (MappingResult r : results) {
            MappingResult earlier = r.ok() ? first.putIfAbsent(r.eventId(), r) : null;
            String problem = null;
            if (earlier != null) {
                String subject = io.trajectory.schemas.CareerEvents.personId(earlier.event());
                if (!subject.equals(io.trajectory.schemas.CareerEvents.personId(r.event()))) {
                    problem = r.eventId() + " is also the id of event " + earlier.index() + " of this batch, for another"
                            + " person (" + subject + "); an eventId must name one event";
                } else {
                    List<String> differing = io.trajectory.validation.EventContent.differing(earlier.event(), r.event());
                    if (!differing.isEmpty()) {
                        problem = r.eventId() + " conflicts with event " + earlier.index() + " of this batch: same id,"
                                + " different " + String.join(", ", differing) + "; send a correction under a new id";
                    }
                }
            }
            out.add(problem == null ? r : new MappingResult(r.index(), r.eventId(), null, List.of(new Violation("id", problem))));
        }
        return out;
    }

    /**
     * Parses and maps one CloudEvent given as JSON bytes (a JSON-lines line, a CLI argument).
     * Malformed JSON or UTF-8, or JSON that is not an object, become a violation named {@code body}.
     * Never throws on bad input.
     */
    public MappingResult mapJson(byte[] json, int index) {
        StrictJson.Parsed parsed = StrictJson.parse(json);
        if (parsed.error() != null) {
            return new MappingResult(index, null, null, List.of(new Violation(BODY, parsed.error())));
        }
        if (!parsed.node().isObject()) {
            return new MappingResult(index, null, null, List.of(new Violation(BODY,
                    "expected one CloudEvent (a JSON object), not " + describe(parsed.node()))));
        }
        return map(parsed.node(), index);
    }

    /** Maps one CloudEvent JSON object (structured mode). Never throws on bad input. */
    public MappingResult map(JsonNode cloudEvent, int index) {
        if (cloudEvent == null || !cloudEvent.isObject()) {
            return new MappingResult(index, null, null, List.of(new Violation("event",
                    "must be a CloudEvent (a JSON object), not " + describe(cloudEvent))));
        }
        JsonNode idNode = cloudEvent.get("id");
        String eventId = idNode != null && idNode.isTextual() ? idNode.asText() : null;
        try {
            return mapObject(cloudEvent, index, eventId);
        } catch (RuntimeException e) {
            // A bug here must not turn bad input into a 500: report it as a violation.
            return new MappingResult(index, eventId, null, List.of(new Violation("event",
                    "cannot be mapped: " + e.getClass().getSimpleName() + ": " + e.getMessage())));
        }
    }

    private MappingResult mapObject(JsonNode ce, int index, String eventId) {
        List<Violation> shapeErrors = new ArrayList<>();

        JsonNode specversion = attr(ce, "specversion");
        if (specversion == null) {
            shapeErrors.add(new Violation("specversion", "is required and must be \"" + SPEC_VERSION + "\""));
        } else if (!specversion.isTextual() || !specversion.asText().equals(SPEC_VERSION)) {
            shapeErrors.add(new Violation("specversion", "must be \"" + SPEC_VERSION + "\" (CloudEvents 1.0), not "
                    + describe(specversion)));
        }
        String id = requiredString(ce, "id", shapeErrors);
        String source = requiredString(ce, "source", shapeErrors);
        String typeName = requiredString(ce, "type", shapeErrors);
        EventType type = null;
        if (typeName != null) {
            type = EventType.fromCloudEventType(typeName).orElse(null);
            if (type == null) {
                shapeErrors.add(new Violation("type", "unknown type \"" + Characters.excerpt(typeName) + "\"; valid types: "
                        + String.join(", ", EventType.cloudEventTypes())));
            }
        }
        String subject = requiredString(ce, "subject", shapeErrors);
        Instant occurredAt = timestamp(ce, "time", true, shapeErrors);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant recordedAt = attr(ce, RECORDED_AT) == null ? now : timestamp(ce, RECORDED_AT, false, shapeErrors);
        if (recordedAt != null && recordedAt.isAfter(now.plus(EventValidator.MAX_FUTURE_SKEW))) {
            // the validator measures event time against recordedAt; this keeps recordedAt itself honest
            shapeErrors.add(new Violation(RECORDED_AT, "is more than " + EventValidator.MAX_FUTURE_SKEW.toHours()
                    + " h in the future (" + recordedAt + ", received " + now + ")"));
        }

        JsonNode contentType = attr(ce, "datacontenttype");
        if (contentType != null && (!contentType.isTextual() || !mediaType(contentType.asText()).equals(CONTENT_TYPE_JSON))) {
            shapeErrors.add(new Violation("datacontenttype", "must be " + CONTENT_TYPE_JSON + " when present, not "
                    + describe(contentType)));
        }
        if (ce.has("data_base64")) {
            shapeErrors.add(new Violation("data_base64", "binary data is not supported; send data as a JSON object"));
        }
        JsonNode data = attr(ce, "data");
        if (data != null && !data.isObject()) {
            shapeErrors.add(new Violation("data", "must be a JSON object, not " + describe(data)));
        }

        EventHeader header = new EventHeader();
        header.put(0, id);
        header.put(1, subject);
        header.put(2, occurredAt);
        header.put(3, recordedAt);
        header.put(4, source);

        SpecificRecord record = null;
        if (type != null) {
            ObjectNode dataObject = data != null && data.isObject() ? (ObjectNode) data : null;
            record = buildRecord(type, header, dataObject, data == null || data.isObject(), shapeErrors);
            // identifiers in NFC before anything is keyed or compared on them (the validator refuses other forms)
            record = EventValidator.normalized(record);
        }

        // Ladder-aware rules on the built record. Without a known type, a Departed (no required data)
        // carries the envelope so that its rules still run.
        SpecificRecord forValidation = record != null ? record : EventValidator.normalized(newDeparted(header));
        List<Violation> all = new ArrayList<>(shapeErrors);
        for (Violation v : validator.validate(forValidation)) {
            Violation renamed = v.field().equals("recordedAt") ? new Violation(RECORDED_AT, v.message()) : v;
            if (record == null && renamed.field().startsWith("data")) {
                continue;
            }
            if (!covered(shapeErrors, renamed.field())) {
                all.add(renamed);
            }
        }
        return new MappingResult(index, eventId, all.isEmpty() ? record : null, all);
    }

    private SpecificRecord buildRecord(EventType type, EventHeader header, ObjectNode data, boolean reportMissing,
            List<Violation> out) {
        SpecificRecord record = newRecord(type);
        Schema schema = record.getSchema();
        record.put(schema.getField("header").pos(), header);
        for (DataFields.Field field : DataFields.of(type)) {
            String path = "data." + field.name();
            JsonNode value = data == null ? null : data.get(field.name());
            Object converted = null;
            if (value == null || value.isNull()) {
                if (field.required() && reportMissing) {
                    out.add(new Violation(path, "is required (" + field.kind().description() + ": "
                            + field.description() + ")"));
                }
            } else {
                converted = convert(field, value, path, out);
            }
            if (converted == null && type == EventType.HIRED && field.name().equals("stage")
                    && (value == null || value.isNull())) {
                converted = defaultHireStage;
            }
            if (converted != null) {
                record.put(schema.getField(field.name()).pos(), converted);
            }
        }
        if (data != null) {
            for (Iterator<String> names = data.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (DataFields.field(type, name).isEmpty()) {
                    out.add(new Violation("data." + name, "unknown attribute for " + type.cloudEventType()
                            + "; its attributes are " + DataFields.names(type)));
                }
            }
        }
        return record;
    }

    /** The Avro value of one data attribute, or null (with a violation) when it has the wrong shape. */
    private static Object convert(DataFields.Field field, JsonNode value, String path, List<Violation> out) {
        switch (field.kind()) {
            case TEXT -> {
                if (!value.isTextual()) {
                    out.add(new Violation(path, "must be a string, not " + describe(value)));
                    return null;
                }
                if (value.asText().isBlank()) {
                    out.add(new Violation(path, field.required() ? "must not be empty"
                            : "must not be empty; leave the attribute out instead"));
                    return null;
                }
                return value.asText();
            }
            case INT -> {
                if (!value.isNumber()) {
                    out.add(new Violation(path, "must be a whole number, not " + describe(value)));
                    return null;
                }
                BigDecimal number = value.decimalValue();
                if (number.signum() != 0 && number.stripTrailingZeros().scale() > 0) {
                    out.add(new Violation(path, "must be a whole number, not " + describe(value)));
                    return null;
                }
                try {
                    return number.intValueExact();
                } catch (ArithmeticException e) {
                    out.add(new Violation(path, "is out of range: " + describe(value)));
                    return null;
                }
            }
            case DECIMAL2 -> {
                if (!value.isNumber()) {
                    out.add(new Violation(path, "must be a number, not " + describe(value)));
                    return null;
                }
                BigDecimal number = value.decimalValue();
                if (number.abs().compareTo(DECIMAL_LIMIT) > 0) {
                    out.add(new Violation(path, "is out of range: " + describe(value)));
                    return null;
                }
                // check the scale before setScale: 1e-999999999 must not make setScale compute 10^999999997
                BigDecimal exact = number.stripTrailingZeros();
                if (exact.scale() > 2) {
                    out.add(new Violation(path, "must have at most 2 decimal places, not " + describe(value)
                            + " (values are never rounded)"));
                    return null;
                }
                return exact.setScale(2, RoundingMode.UNNECESSARY);
            }
            case BOOLEAN -> {
                if (!value.isBoolean()) {
                    out.add(new Violation(path, "must be true or false, not " + describe(value)));
                    return null;
                }
                return value.booleanValue();
            }
            case TEXT_ARRAY -> {
                if (!value.isArray()) {
                    out.add(new Violation(path, "must be an array of strings, not " + describe(value)));
                    return null;
                }
                List<String> items = new ArrayList<>(value.size());
                for (int i = 0; i < value.size(); i++) {
                    JsonNode item = value.get(i);
                    if (item.isTextual()) {
                        items.add(item.asText());
                    } else {
                        out.add(new Violation(path + "[" + i + "]", "must be a string, not " + describe(item)));
                        items.add(null);
                    }
                }
                return items;
            }
            case RELATIONSHIP_KIND -> {
                String kind = value.isTextual() ? value.asText().strip().toLowerCase(Locale.ROOT) : null;
                if (kind == null || !RELATIONSHIP_KINDS.contains(kind)) {
                    out.add(new Violation(path, "must be one of vendor, client, stakeholder, not " + describe(value)));
                    return null;
                }
                return RelationshipKind.valueOf(kind.toUpperCase(Locale.ROOT));
            }
            default -> throw new IllegalStateException("unhandled kind " + field.kind());
        }
    }

    private static String requiredString(JsonNode ce, String name, List<Violation> out) {
        JsonNode node = attr(ce, name);
        if (node == null) {
            out.add(new Violation(name, "is required"));
            return null;
        }
        if (!node.isTextual()) {
            out.add(new Violation(name, "must be a string, not " + describe(node)));
            return null;
        }
        if (node.asText().isBlank()) {
            out.add(new Violation(name, "must not be empty"));
            return null;
        }
        return node.asText();
    }

    private static Instant timestamp(JsonNode ce, String name, boolean required, List<Violation> out) {
        JsonNode node = attr(ce, name);
        if (node == null) {
            if (required) {
                out.add(new Violation(name, "is required (an RFC 3339 timestamp, e.g. 2024-03-01T09:00:00Z)"));
            }
            return null;
        }
        if (node.isTextual()) {
            Instant parsed = parseTime(node.asText());
            if (parsed != null) {
                return parsed;
            }
        }
        out.add(new Violation(name, "must be an RFC 3339 timestamp with a UTC offset, e.g. 2024-03-01T09:00:00Z, not "
                + describe(node)));
        return null;
    }

    /** An RFC 3339 date-time, truncated to the millisecond; null when it is not one. */
    public static Instant parseTime(String text) {
        try {
            return OffsetDateTime.parse(text.strip().toUpperCase(Locale.ROOT), RFC_3339).toInstant()
                    .truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

    /** The attribute's value, or null when it is absent or JSON null. */
    private static JsonNode attr(JsonNode ce, String name) {
        JsonNode node = ce.get(name);
        return node == null || node.isNull() ? null : node;
    }

    /** True when a violation on {@code field} is already explained by one of {@code violations}. */
    private static boolean covered(List<Violation> violations, String field) {
        for (Violation v : violations) {
            String f = v.field();
            if (field.equals(f) || field.startsWith(f + ".") || field.startsWith(f + "[")) {
                return true;
            }
        }
        return false;
    }

    /** A JSON value for a message: {@code 42}, {@code "abc"}, {@code an object}. */
    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isTextual()) {
            // quoted input is escaped: no control, bidi or zero-width character reaches a terminal or a log
            return "\"" + Characters.excerpt(node.asText()) + "\"";
        }
        String text = node.isBigDecimal() ? node.decimalValue().toString() : node.toString();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }

    private enum Shape { SINGLE, BATCH, ANY }

    private static Shape shapeOf(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw new IllegalArgumentException("is required: " + CONTENT_TYPE_SINGLE + " (one event), "
                    + CONTENT_TYPE_BATCH + " (a JSON array of events) or " + CONTENT_TYPE_JSON);
        }
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            int eq = parameter.indexOf('=');
            if (eq > 0 && parameter.substring(0, eq).strip().equalsIgnoreCase("charset")) {
                String charset = parameter.substring(eq + 1).strip().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    throw new IllegalArgumentException("charset " + charset + " is not supported: send UTF-8");
                }
            }
        }
        return switch (mediaType(contentType)) {
            case CONTENT_TYPE_SINGLE -> Shape.SINGLE;
            case CONTENT_TYPE_BATCH -> Shape.BATCH;
            case CONTENT_TYPE_JSON -> Shape.ANY;
            default -> throw new IllegalArgumentException("unsupported media type " + mediaType(contentType)
                    + "; use " + CONTENT_TYPE_SINGLE + " (one event), " + CONTENT_TYPE_BATCH
                    + " (a JSON array of events) or " + CONTENT_TYPE_JSON);
        };
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static BatchResult bodyError(boolean batch, String field, String message) {
        return new BatchResult(batch, List.of(), List.of(new Violation(field, message)));
    }

    private static SpecificRecord newRecord(EventType type) {
        try {
            return type.avroClass().getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate " + type.avroClass().getName(), e);
        }
    }

    private static Departed newDeparted(EventHeader header) {
        Departed departed = new Departed();
        departed.put(0, header);
        return departed;
    }

    /** JUNIOR when the ladder lets Hired enter it, else the first stage Hired can enter. */
    static String defaultHireStage(Ladder ladder) {
        return ladder.stage("JUNIOR").filter(s -> s.entry().byEvent("Hired")).map(Ladder.Stage::id)
                .or(() -> ladder.stages().stream().filter(s -> s.entry().byEvent("Hired")).map(Ladder.Stage::id).findFirst())
                .orElse("JUNIOR");
    }
}
