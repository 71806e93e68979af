package io.trajectory.ladder;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads and checks ladder files. A file is read once token by token ({@link LadderDocument}: shape
 * and locations), bound to a {@link Ladder}, and checked ({@link #check}); every problem found is
 * reported at once, each at its line and column, in a {@link LadderException}.
 */
public final class LadderLoader {

    private static final String DEFAULT_RESOURCE = "/io/trajectory/ladder/tpm-default.json";
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** Binds what is usable of a file with structural problems, so its other problems are found too. */
    private static final ObjectMapper LENIENT = new ObjectMapper()
            .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasRequiredMarker(AnnotatedMember member) {
                    return null; // missing properties are reported by LadderDocument
                }
            })
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Comparator<LadderProblem> IN_FILE_ORDER = Comparator
            .comparingInt((LadderProblem p) -> p.isLocated() ? p.line() : Integer.MAX_VALUE)
            .thenComparingInt(LadderProblem::column);
    private static final String DEFAULT_JSON = readDefault();
    private static final Ladder DEFAULT = parse(DEFAULT_JSON, DEFAULT_RESOURCE);

    private LadderLoader() {
    }

    /** The built-in ladder: the five stages of a Technical Program Manager's career. */
    public static Ladder defaultLadder() {
        return DEFAULT;
    }

    /** The built-in ladder's file, to start an organization's own ladder from. */
    public static String defaultLadderJson() {
        return DEFAULT_JSON;
    }

    /** The ladder file if given, else the default. */
    public static Ladder loadOrDefault(Optional<Path> file) {
        return file.map(LadderLoader::load).orElse(DEFAULT);
    }

    /** Reads and checks a ladder file; a {@link LadderException} lists every problem, located. */
    public static Ladder load(Path file) {
        return parse(read(file), file.toString());
    }

    /** The text of a ladder file; a {@link LadderException} with one line if it cannot be read. */
    public static String read(Path file) {
        String source = file.toString();
        if (Files.isDirectory(file)) {
            throw fileProblem(source, "is a directory, not a ladder file");
        }
        try {
            return text(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw fileProblem(source, "file not found");
        } catch (AccessDeniedException e) {
            throw fileProblem(source, "cannot read the file: permission denied");
        } catch (IOException e) {
            throw fileProblem(source, "cannot read the file: " + e.getMessage());
        }
    }

    private static LadderException fileProblem(String source, String message) {
        return new LadderException(source, List.of(LadderProblem.at("", message)));
    }

    private static String text(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static String readDefault() {
        try (InputStream in = LadderLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            return text(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses and checks the text of a ladder file read from {@code source}. */
    public static Ladder parse(String json, String source) {
        LadderDocument doc = LadderDocument.read(json, MAPPER);
        List<LadderProblem> problems = new ArrayList<>(doc.problems());
        Ladder ladder = problems.isEmpty() ? bind(json, doc, problems) : bindUsablePart(doc);
        if (ladder != null) {
            // a value with a structural problem was left out; do not report its absence a second time
            List<String> broken = problems.stream().map(LadderProblem::path).toList();
            check(ladder).stream().filter(p -> broken.stream().noneMatch(p::isWithin)).map(doc::locate)
                    .forEach(problems::add);
        }
        if (!problems.isEmpty()) {
            throw new LadderException(source, problems.stream().sorted(IN_FILE_ORDER).toList());
        }
        return ladder;
    }

    private static Ladder bind(String json, LadderDocument doc, List<LadderProblem> problems) {
        try {
            return MAPPER.readValue(json, Ladder.class);
        } catch (JsonProcessingException e) {
            // a case the document reader does not know: Jackson's message, at Jackson's path
            List<JsonMappingException.Reference> path = e instanceof JsonMappingException m ? m.getPath() : List.of();
            LadderProblem problem = LadderProblem.at(pathText(path), e.getOriginalMessage());
            JsonLocation at = e.getLocation();
            problems.add(path.isEmpty() && at != null ? problem.located(at.getLineNr(), at.getColumnNr())
                    : doc.locate(problem));
            return null;
        }
    }

    private static Ladder bindUsablePart(LadderDocument doc) {
        Optional<JsonNode> tree = doc.usableTree();
        if (tree.isEmpty()) {
            return null;
        }
        try {
            return LENIENT.treeToValue(tree.get(), Ladder.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null; // the structural problems are all there is to say
        }
    }

    private static String pathText(List<JsonMappingException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                out.append(out.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    /**
     * Every consistency problem of a parsed ladder, each with its JSON path (not located: the ladder
     * carries no file positions); empty when it is usable.
     */
    public static List<LadderProblem> check(Ladder ladder) {
        return LadderChecks.of(ladder);
    }
}
