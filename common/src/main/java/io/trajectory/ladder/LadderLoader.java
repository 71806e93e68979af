package io.trajectory.ladder;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads and checks ladder files. */
public final class LadderLoader {

    private static final String DEFAULT_RESOURCE = "/io/trajectory/ladder/tpm-default.json";
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> ENTRY_EVENTS = Set.of("InterviewPassed", "Hired", "Promotion");
    private static final Set<String> RELATIONSHIPS = Set.of("vendor", "client", "stakeholder");
    private static final Ladder DEFAULT = loadDefault();

    private LadderLoader() {
    }

    /** The built-in ladder: the five stages of a Technical Program Manager's career. */
    public static Ladder defaultLadder() {
        return DEFAULT;
    }

    /** The ladder file if given, else the default. */
    public static Ladder loadOrDefault(Optional<Path> file) {
        return file.map(LadderLoader::load).orElse(DEFAULT);
    }

    public static Ladder load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new LadderException(file.toString(), List.of("file not found"));
        }
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new LadderException(file.toString(), List.of("cannot read: " + e.getMessage()));
        }
    }

    private static Ladder loadDefault() {
        try (InputStream in = LadderLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            return parse(in, DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Ladder parse(InputStream in, String source) throws IOException {
        byte[] json = in.readAllBytes();
        Ladder ladder;
        try {
            ladder = MAPPER.readValue(json, Ladder.class);
        } catch (JsonProcessingException e) {
            // Jackson buffers the properties of records (creator-based objects), so the location it
            // reports for an unknown property is the end of the enclosing object. Find the property
            // itself by its path instead.
            List<JsonMappingException.Reference> path = e instanceof JsonMappingException m ? m.getPath() : List.of();
            JsonLocation location = locate(json, path).orElse(e.getLocation());
            String at = path.isEmpty() ? "" : " at " + pathText(path);
            String where = location == null ? "" : " (line " + location.getLineNr()
                    + ", column " + location.getColumnNr() + ")";
            throw new LadderException(source, List.of(e.getOriginalMessage() + at + where));
        }
        List<String> problems = check(ladder);
        if (!problems.isEmpty()) {
            throw new LadderException(source, problems);
        }
        return ladder;
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

    /** Where the innermost element of a path starts in the document, by a second streaming pass. */
    private static Optional<JsonLocation> locate(byte[] json, List<JsonMappingException.Reference> path) {
        if (path.isEmpty()) {
            return Optional.empty();
        }
        try (JsonParser p = MAPPER.getFactory().createParser(json)) {
            JsonToken token = p.nextToken();
            JsonLocation found = null;
            for (JsonMappingException.Reference ref : path) {
                if (ref.getFieldName() != null && token == JsonToken.START_OBJECT) {
                    while ((token = p.nextToken()) == JsonToken.FIELD_NAME && !ref.getFieldName().equals(p.currentName())) {
                        p.nextToken();
                        p.skipChildren();
                    }
                    if (token != JsonToken.FIELD_NAME) {
                        break;
                    }
                    found = p.currentTokenLocation();
                    token = p.nextToken();
                } else if (ref.getIndex() >= 0 && token == JsonToken.START_ARRAY) {
                    token = p.nextToken();
                    for (int i = 0; i < ref.getIndex() && token != JsonToken.END_ARRAY; i++) {
                        p.skipChildren();
                        token = p.nextToken();
                    }
                    if (token == JsonToken.END_ARRAY) {
                        break;
                    }
                    found = p.currentTokenLocation();
                } else {
                    break;
                }
            }
            return Optional.ofNullable(found);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void requireText(List<String> problems, String field, String value) {
        if (value == null || value.isBlank()) {
            problems.add(field + ": is required");
        }
    }

    /** Every consistency problem of a parsed ladder; empty when it is usable. */
    public static List<String> check(Ladder ladder) {
        List<String> problems = new ArrayList<>();
        // JSON null passes Jackson's "required" check (it only catches absent properties)
        requireText(problems, "id", ladder.id());
        requireText(problems, "version", ladder.version());
        if (ladder.stages().isEmpty()) {
            problems.add("stages: a ladder needs at least one stage");
        }
        Set<String> skillIds = new HashSet<>();
        for (int i = 0; i < ladder.skills().size(); i++) {
            requireText(problems, "skills[" + i + "].id", ladder.skills().get(i).id());
            requireText(problems, "skills[" + i + "].name", ladder.skills().get(i).name());
            if (!skillIds.add(ladder.skills().get(i).id())) {
                problems.add("skills[" + i + "]: duplicate skill id '" + ladder.skills().get(i).id() + "'");
            }
        }
        Set<String> stageIds = new HashSet<>();
        for (int i = 0; i < ladder.stages().size(); i++) {
            Ladder.Stage stage = ladder.stages().get(i);
            String at = "stages[" + i + "] (" + stage.id() + ")";
            if (!stageIds.add(stage.id())) {
                problems.add(at + ": duplicate stage id '" + stage.id() + "'");
            }
            requireText(problems, at + ".id", stage.id());
            requireText(problems, at + ".name", stage.name());
            if (stage.entry() == null) {
                problems.add(at + ".entry: is required");
            }
            for (String event : stage.entry() == null ? List.<String>of() : stage.entry().events()) {
                if (!ENTRY_EVENTS.contains(event)) {
                    problems.add(at + ".entry.events: '" + event + "' cannot move a person into a stage; use one of "
                            + ENTRY_EVENTS);
                }
            }
            if (i > 0 && stage.entry() != null && stage.entry().events().isEmpty() && !stage.entry().evidence()) {
                problems.add(at + ".entry: unreachable stage: no event enters it and evidence is false");
            }
            Set<String> reqIds = new HashSet<>();
            for (int r = 0; r < stage.requirementsForNext().size(); r++) {
                Requirement req = stage.requirementsForNext().get(r);
                String rat = at + ".requirementsForNext[" + r + "] (" + req.id() + ")";
                if (!reqIds.add(req.id())) {
                    problems.add(rat + ": duplicate requirement id");
                }
                requireText(problems, rat + ".id", req.id());
                if (req.kind() == null) {
                    problems.add(rat + ".kind: is required");
                }
                if (req.skill() != null && !ladder.hasSkill(req.skill())) {
                    problems.add(rat + ": unknown skill '" + req.skill() + "'");
                }
                if (req.kind() == Requirement.Kind.SKILL_LEVEL && (req.skill() == null || req.level() == null
                        || req.level() < 0 || req.level() > 5)) {
                    problems.add(rat + ": skill-level needs a skill and a level from 0 to 5");
                }
                if (req.relationship() != null && !RELATIONSHIPS.contains(req.relationship())) {
                    problems.add(rat + ": relationship must be one of " + RELATIONSHIPS);
                }
                if (req.count() != null && req.count() < 1) {
                    problems.add(rat + ": count must be at least 1");
                }
            }
            if (i == ladder.stages().size() - 1 && !stage.requirementsForNext().isEmpty()) {
                problems.add(at + ".requirementsForNext: the last stage has no next stage");
            }
        }
        return problems;
    }
}
