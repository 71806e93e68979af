package io.trajectory.ladder;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A ladder file read token by token with Jackson's streaming parser: where every property and
 * array element starts (by JSON path, such as {@code stages[1].next}), and every structural problem
 * (malformed JSON, unknown, repeated or missing properties, values of the wrong type) with its line
 * and column, all at once. The expected shape is taken from the ladder records through Jackson's
 * own introspection, so it cannot drift from what {@link LadderLoader} binds.
 */
final class LadderDocument {

    private static final Map<Class<?>, String> NOUNS = Map.of(
            Ladder.class, "the ladder",
            Ladder.Skill.class, "a skill",
            Ladder.Stage.class, "a stage",
            Ladder.Entry.class, "a stage's entry",
            Requirement.class, "a requirement");

    private final ObjectMapper mapper;
    private final String json;
    private final Map<String, JsonLocation> locations = new LinkedHashMap<>();
    private final List<LadderProblem> problems = new ArrayList<>();
    /** Values that cannot be bound, by where they are, with the type that was expected there. */
    private final Map<JsonPointer, JavaType> unusable = new LinkedHashMap<>();
    private boolean malformed;
    private JsonParser parser;

    private LadderDocument(ObjectMapper mapper, String json) {
        this.mapper = mapper;
        this.json = json;
    }

    /** Reads the whole document, collecting locations and structural problems. */
    static LadderDocument read(String json, ObjectMapper mapper) {
        LadderDocument doc = new LadderDocument(mapper, json);
        doc.readAll();
        return doc;
    }

    /** Structural problems, located. Empty when the document has the shape of a ladder. */
    List<LadderProblem> problems() {
        return problems;
    }

    /** The problem at the place of its path in this document; a missing path falls back to its parent. */
    LadderProblem locate(LadderProblem problem) {
        if (problem.isLocated()) {
            return problem;
        }
        return location(problem.path()).map(l -> problem.located(l.getLineNr(), l.getColumnNr())).orElse(problem);
    }

    /** Where the value at a path (or, for a property, its name) starts; else where its nearest parent starts. */
    Optional<JsonLocation> location(String path) {
        for (String at = path; at != null; at = parent(at)) {
            JsonLocation location = locations.get(at);
            if (location != null) {
                return Optional.of(location);
            }
        }
        return Optional.empty();
    }

    /**
     * The document as a tree without the values that have structural problems (unknown properties
     * removed, mistyped values removed or emptied), so the rest can still be bound and checked; empty
     * when nothing sensible is left (malformed JSON, not an object).
     */
    Optional<JsonNode> usableTree() {
        if (malformed || unusable.containsKey(JsonPointer.empty())) {
            return Optional.empty();
        }
        try {
            JsonNode tree = mapper.readTree(json);
            unusable.forEach((at, expected) -> dropOrEmpty(tree, at, expected));
            return Optional.of(tree);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void dropOrEmpty(JsonNode tree, JsonPointer at, JavaType expected) {
        JsonNode parent = tree.at(at.head());
        JsonPointer last = at.last();
        if (parent instanceof ObjectNode object) {
            object.remove(last.getMatchingProperty());
        } else if (parent instanceof ArrayNode array && last.getMatchingIndex() >= 0
                && last.getMatchingIndex() < array.size()) {
            // keep the other elements at their index, so later problems name the right element
            array.set(last.getMatchingIndex(), expected != null && isRecord(expected)
                    ? array.objectNode() : TextNode.valueOf(""));
        }
    }

    private void readAll() {
        try (JsonParser p = mapper.getFactory().createParser(json)) {
            parser = p;
            if (p.nextToken() == null) {
                malformed = true;
                problems.add(new LadderProblem("", "the file is empty; a ladder is one JSON object with \"id\", "
                        + "\"version\", \"skills\" and \"stages\" (see ./trajectory ladder show --default)", 1, 1));
                return;
            }
            locations.put("", p.currentTokenLocation());
            value(mapper.constructType(Ladder.class), "", JsonPointer.empty(), false);
            if (p.nextToken() != null) {
                add("", p.currentTokenLocation(), "unexpected content after the ladder: a ladder file holds "
                        + "exactly one JSON object; remove what follows its closing '}'");
            }
        } catch (JsonProcessingException e) {
            malformed = true;
            JsonLocation at = e.getLocation();
            problems.add(new LadderProblem("", "malformed JSON: " + plain(e.getOriginalMessage()),
                    at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr()));
        } catch (IOException e) {
            malformed = true;
            problems.add(LadderProblem.at("", "cannot read: " + e.getMessage()));
        }
    }

    /** Jackson's message without the source and location it embeds (the problem has its own). */
    private static String plain(String message) {
        return message.replaceAll("\\s*\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)]", " line $1, column $2")
                .replace('\n', ' ');
    }

    private void value(JavaType type, String path, JsonPointer pointer, boolean nullable) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            if (!nullable) {
                unusable(path, pointer, type, "must not be null; give it " + describe(type));
            }
        } else if (type.isCollectionLikeType()) {
            list(type, path, pointer);
        } else if (type.isEnumType()) {
            enumValue(type, path, pointer);
        } else if (isRecord(type)) {
            if (token == JsonToken.START_OBJECT) {
                object(type, path, pointer);
            } else {
                wrongType(type, path, pointer);
            }
        } else if (!fits(type.getRawClass(), token)) {
            wrongType(type, path, pointer);
        }
    }

    private static boolean fits(Class<?> raw, JsonToken token) {
        if (raw == String.class) {
            return token == JsonToken.VALUE_STRING || token.isNumeric();
        }
        if (raw == Integer.class || raw == int.class) {
            return token == JsonToken.VALUE_NUMBER_INT;
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return token.isBoolean();
        }
        return true;
    }

    private void list(JavaType type, String path, JsonPointer pointer) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            wrongType(type, path, pointer);
            return;
        }
        int i = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            String at = path + "[" + i + "]";
            locations.put(at, parser.currentTokenLocation());
            value(type.getContentType(), at, pointer.appendIndex(i), false);
            i++;
        }
    }

    private void enumValue(JavaType type, String path, JsonPointer pointer) throws IOException {
        List<String> names = enumNames(type.getRawClass());
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            wrongType(type, path, pointer);
        } else if (!names.contains(parser.getText())) {
            unusable(path, pointer, type, "unknown " + noun(path) + " '" + parser.getText() + "'; use one of: "
                    + String.join(", ", names) + Spelling.didYouMean(parser.getText(), names));
        }
    }

    private void object(JavaType type, String path, JsonPointer pointer) throws IOException {
        Map<String, BeanPropertyDefinition> properties = properties(type);
        JsonLocation start = parser.currentTokenLocation();
        Set<String> seen = new HashSet<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            String at = path.isEmpty() ? name : path + "." + name;
            JsonLocation nameAt = parser.currentTokenLocation();
            parser.nextToken();
            BeanPropertyDefinition property = properties.get(name);
            if (!seen.add(name)) {
                add(at, nameAt, "\"" + name + "\" appears twice in " + nounOf(type) + "; keep one (the last one would "
                        + "silently win)");
                parser.skipChildren();
            } else if (property == null) {
                locations.put(at, nameAt);
                unusable.put(pointer.appendProperty(name), null);
                add(at, nameAt, "unknown property \"" + name + "\" in " + nounOf(type)
                        + Spelling.closest(name, properties.keySet()).map(s -> ": did you mean \"" + s + "\"?")
                                .orElse(": remove it")
                        + " (properties of " + nounOf(type) + ": " + String.join(", ", properties.keySet()) + ")");
                parser.skipChildren();
            } else {
                locations.put(at, nameAt);
                JavaType expected = property.getPrimaryType();
                value(expected, at, pointer.appendProperty(name), !property.isRequired() && !expected.isPrimitive());
            }
        }
        properties.values().stream().filter(BeanPropertyDefinition::isRequired).map(BeanPropertyDefinition::getName)
                .filter(name -> !seen.contains(name))
                .forEach(name -> add(path.isEmpty() ? name : path + "." + name, start, "missing required property \""
                        + name + "\" in " + nounOf(type) + "; add it: \"" + name + "\": "
                        + describe(properties.get(name).getPrimaryType())));
    }

    private void wrongType(JavaType type, String path, JsonPointer pointer) throws IOException {
        String found = found(parser.currentToken());
        String hint = "";
        if (parser.currentToken() == JsonToken.VALUE_STRING && !type.isCollectionLikeType()
                && fitsWithoutQuotes(type.getRawClass(), parser.getText())) {
            hint = "; remove the quotes";
        } else if (type.isCollectionLikeType() && parser.currentToken().isScalarValue()) {
            String item = parser.currentToken() == JsonToken.VALUE_STRING ? "\"" + parser.getText() + "\"" : parser.getText();
            hint = "; put it in a list: [" + item + "]";
        }
        unusable(path, pointer, type, "expected " + describe(type) + ", found " + found + hint);
        parser.skipChildren();
    }

    private static boolean fitsWithoutQuotes(Class<?> raw, String text) {
        if (raw == Boolean.class || raw == boolean.class) {
            return text.equals("true") || text.equals("false");
        }
        return (raw == Integer.class || raw == int.class) && text.matches("-?\\d{1,9}");
    }

    private String found(JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "the text \"" + parser.getText() + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + parser.getText();
            case VALUE_TRUE, VALUE_FALSE -> parser.getText();
            default -> token.toString();
        };
    }

    private String describe(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (type.isCollectionLikeType()) {
            return "a list of " + plural(describe(type.getContentType()));
        }
        if (type.isEnumType()) {
            return "one of " + String.join(", ", enumNames(raw));
        }
        if (isRecord(type)) {
            return "an object {...}";
        }
        if (raw == Integer.class || raw == int.class) {
            return "a whole number";
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return "true or false";
        }
        return "a text in quotes";
    }

    private static String plural(String description) {
        return description.replaceFirst("^an? ", "").replace("object ", "objects ").replace("text ", "texts ")
                .replace("number", "numbers");
    }

    private void unusable(String path, JsonPointer pointer, JavaType expected, String message) {
        unusable.put(pointer, expected);
        add(path, parser.currentTokenLocation(), message);
    }

    private void add(String path, JsonLocation at, String message) {
        problems.add(new LadderProblem(path, message, at.getLineNr(), at.getColumnNr()));
    }

    private Map<String, BeanPropertyDefinition> properties(JavaType type) {
        BeanDescription description = mapper.getDeserializationConfig().introspect(type);
        Map<String, BeanPropertyDefinition> properties = new LinkedHashMap<>();
        for (BeanPropertyDefinition property : description.findProperties()) {
            if (property.hasConstructorParameter()) {
                properties.put(property.getName(), property);
            }
        }
        return properties;
    }

    private List<String> enumNames(Class<?> enumType) {
        return Arrays.stream(enumType.getEnumConstants()).map(c -> mapper.convertValue(c, String.class)).toList();
    }

    private static boolean isRecord(JavaType type) {
        return type.getRawClass().isRecord();
    }

    private static String nounOf(JavaType type) {
        return NOUNS.getOrDefault(type.getRawClass(), type.getRawClass().getSimpleName());
    }

    private static String noun(String path) {
        String name = path.substring(path.lastIndexOf('.') + 1);
        return name.equals("kind") ? "requirement kind" : name;
    }

    /** {@code stages[1].next} → {@code stages[1]} → {@code stages} → "" → null. */
    static String parent(String path) {
        if (path.isEmpty()) {
            return null;
        }
        int cut = path.endsWith("]") ? path.lastIndexOf('[') : path.lastIndexOf('.');
        return cut < 0 ? "" : path.substring(0, cut);
    }
}
