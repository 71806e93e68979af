package io.trajectory.producer.cloudevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.trajectory.schemas.EventType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code data} attributes of each event type (SPEC §4): name, JSON kind, whether required. The
 * names are the Avro field names of the event record. One table drives the CloudEvents mapping in
 * both directions, the CSV columns ({@code data.<name>}) and the CLI's {@code --data name=value}.
 */
public final class DataFields {

    /** What JSON value an attribute takes. */
    public enum Kind {
        /** a JSON string */
        TEXT("a string"),
        /** a JSON number without a fractional part */
        INT("a whole number"),
        /** a JSON number with at most two decimal places (mapped to an Avro decimal of scale 2) */
        DECIMAL2("a number with at most 2 decimal places"),
        /** true or false */
        BOOLEAN("true or false"),
        /** a JSON array of strings; as text (CSV, CLI) a list separated by {@code ;} or {@code ,} */
        TEXT_ARRAY("an array of strings"),
        /** one of vendor, client, stakeholder (case-insensitive) */
        RELATIONSHIP_KIND("one of vendor, client, stakeholder");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /** One attribute of {@code data}. */
    public record Field(String name, Kind kind, boolean required, String description) {
    }

    private static final Map<EventType, List<Field>> FIELDS = new EnumMap<>(EventType.class);

    static {
        FIELDS.put(EventType.INTERVIEW_PASSED, List.of(
                req("role", Kind.TEXT, "the role interviewed for"),
                req("round", Kind.INT, "interview round passed, 1-based")));
        FIELDS.put(EventType.HIRED, List.of(
                req("title", Kind.TEXT, "job title at hire"),
                req("department", Kind.TEXT, "department or org unit joined"),
                opt("managerId", Kind.TEXT, "person id of the direct manager"),
                opt("stage", Kind.TEXT, "ladder stage hired into (default JUNIOR)")));
        FIELDS.put(EventType.PROMOTION, List.of(
                req("toStage", Kind.TEXT, "ladder stage promoted to"),
                req("title", Kind.TEXT, "new job title"),
                opt("department", Kind.TEXT, "new department, if the promotion moves the person")));
        FIELDS.put(EventType.COURSE_COMPLETED, List.of(
                req("courseId", Kind.TEXT, "course id in the learning system"),
                req("title", Kind.TEXT, "course title"),
                req("skills", Kind.TEXT_ARRAY, "skill ids of the ladder the course builds (may be empty)"),
                req("hours", Kind.DECIMAL2, "course length in hours, at most 2 decimals")));
        FIELDS.put(EventType.VENDOR_RELATIONSHIP_LOGGED, List.of(
                req("counterparty", Kind.TEXT, "who the relationship is with"),
                req("kind", Kind.RELATIONSHIP_KIND, "vendor, client or stakeholder")));
        FIELDS.put(EventType.PROJECT_DELIVERED, List.of(
                req("projectId", Kind.TEXT, "program or project id"),
                req("name", Kind.TEXT, "program or project name"),
                req("crossTeam", Kind.BOOLEAN, "true when the program spanned several teams")));
        FIELDS.put(EventType.SKILL_ASSESSED, List.of(
                req("skill", Kind.TEXT, "skill id of the ladder"),
                req("level", Kind.INT, "assessed level from 0 to 5"),
                req("assessorId", Kind.TEXT, "person id of the assessor")));
        FIELDS.put(EventType.TRANSFERRED, List.of(
                req("department", Kind.TEXT, "department after the move"),
                opt("managerId", Kind.TEXT, "person id of the new direct manager")));
        FIELDS.put(EventType.DEPARTED, List.of(
                opt("reason", Kind.TEXT, "free-text reason")));
        FIELDS.put(EventType.EVENT_RETRACTED, List.of(
                req("retractedEventId", Kind.TEXT, "id of the earlier event of the same person to retract"),
                req("reason", Kind.TEXT, "why it is retracted")));
        for (EventType type : EventType.values()) {
            if (!FIELDS.containsKey(type)) {
                throw new ExceptionInInitializerError("no data fields declared for " + type);
            }
        }
    }

    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]+");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DataFields() {
    }

    private static Field req(String name, Kind kind, String description) {
        return new Field(name, kind, true, description);
    }

    private static Field opt(String name, Kind kind, String description) {
        return new Field(name, kind, false, description);
    }

    /** The attributes of a type's {@code data}, in documentation order. */
    public static List<Field> of(EventType type) {
        return FIELDS.get(type);
    }

    public static Optional<Field> field(EventType type, String name) {
        return of(type).stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /**
     * The CloudEvents {@code type} for a name given by a person: {@code promotion} and
     * {@code trajectory.promotion} both give {@code trajectory.promotion}. Unknown names are
     * returned as they are (the mapper reports them).
     */
    public static String cloudEventType(String name) {
        String s = name.strip();
        if (EventType.fromCloudEventType(s).isPresent()) {
            return s;
        }
        String prefixed = "trajectory." + s.toLowerCase(Locale.ROOT).replace('_', '-');
        return EventType.fromCloudEventType(prefixed).isPresent() ? prefixed : s;
    }

    /** Comma-separated attribute names of a type, for messages. */
    public static String names(EventType type) {
        return String.join(", ", of(type).stream().map(Field::name).toList());
    }

    /**
     * The JSON value of a textual input (a CSV cell, a CLI {@code --data} value) for an attribute
     * of known kind. When the text does not fit the kind it is returned as it is (a string, or a
     * decimal for a fractional whole number) so that the mapper reports it in its own words.
     */
    public static JsonNode fromText(Field field, String raw) {
        String s = raw.strip();
        return switch (field.kind()) {
            case TEXT, RELATIONSHIP_KIND -> NODES.textNode(raw);
            case INT -> WHOLE_NUMBER.matcher(s).matches()
                    ? NODES.numberNode(new BigInteger(s.startsWith("+") ? s.substring(1) : s))
                    : numberOrText(s, raw);
            case DECIMAL2 -> numberOrText(s, raw);
            case BOOLEAN -> s.equalsIgnoreCase("true") ? NODES.booleanNode(true)
                    : s.equalsIgnoreCase("false") ? NODES.booleanNode(false) : NODES.textNode(raw);
            case TEXT_ARRAY -> textArray(s, raw);
        };
    }

    /**
     * The JSON value of a textual input for an attribute of unknown kind (CLI): a JSON number,
     * boolean, array or object when it looks like one, else the string itself.
     */
    public static JsonNode guess(String raw) {
        String s = raw.strip();
        if (s.equals("true") || s.equals("false")) {
            return NODES.booleanNode(Boolean.parseBoolean(s));
        }
        if (JSON_NUMBER.matcher(s).matches()) {
            return DecimalNode.valueOf(new BigDecimal(s));
        }
        if ((s.startsWith("[") && s.endsWith("]")) || (s.startsWith("{") && s.endsWith("}"))) {
            try {
                return StrictJson.MAPPER.readTree(s);
            } catch (java.io.IOException e) {
                return NODES.textNode(raw);
            }
        }
        return NODES.textNode(raw);
    }

    private static JsonNode numberOrText(String s, String raw) {
        if (s.startsWith("+")) {
            s = s.substring(1);
        }
        if (JSON_NUMBER.matcher(s).matches() || s.matches("[0-9]*\\.[0-9]+")) {
            return DecimalNode.valueOf(new BigDecimal(s));
        }
        return NODES.textNode(raw);
    }

    private static JsonNode textArray(String s, String raw) {
        if (s.startsWith("[")) {
            try {
                return StrictJson.MAPPER.readTree(s);
            } catch (java.io.IOException e) {
                return NODES.textNode(raw);
            }
        }
        ArrayNode array = NODES.arrayNode();
        for (String part : s.split("[;,]", -1)) {
            String item = part.strip();
            if (!item.isEmpty()) {
                array.add(item);
            }
        }
        return array;
    }

    /** Lower-case name of a relationship kind as used in JSON. */
    static String jsonName(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
