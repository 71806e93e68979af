package io.trajectory.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;
import io.trajectory.state.PersonState;
import java.io.UncheckedIOException;

/** The API's one Jackson mapper and the helpers that write JSON responses with it. */
public final class ApiJson {

    public static final String JSON = "application/json";
    public static final String PROBLEM_JSON = "application/problem+json";

    private ApiJson() {
    }

    /**
     * A mapper that writes times as ISO-8601 strings, decimals as plain numbers, and
     * {@link PersonState} through {@link PersonStateSerializer} (never Avro internals).
     */
    public static ObjectMapper objectMapper() {
        ObjectMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new SimpleModule("trajectory-api").addSerializer(PersonState.class, new PersonStateSerializer()))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                .build();
        mapper.getFactory().setCharacterEscapes(new InvisibleCharacterEscapes());
        return mapper;
    }

    /**
     * Jackson escapes control characters but writes format characters (bidi controls such as U+202E,
     * zero-width characters, U+FEFF) and the line and paragraph separators raw: free text that keeps
     * them (a title, a reason) would reorder or hide what a terminal or a log shows. They are written as
     * a backslash-u escape ({@code \\}{@code u202E}): the same string to any JSON reader, inert on a screen.
     */
    static final class InvisibleCharacterEscapes extends com.fasterxml.jackson.core.io.CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
            int type = Character.getType(ch);
            if (type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                return new com.fasterxml.jackson.core.io.SerializedString(String.format("\\u%04X", ch));
            }
            return null;
        }
    }

    /** Answers {@code status} with {@code body} as {@code application/json}. */
    static void write(Context ctx, ObjectMapper json, int status, Object body) {
        ctx.status(status).contentType(JSON).result(bytes(json, body));
    }

    static void writeProblem(Context ctx, ObjectMapper json, ApiProblem problem) {
        problem.headers().forEach(ctx::header);
        ctx.status(problem.status()).contentType(PROBLEM_JSON).result(bytes(json, problem.body(ctx.path())));
    }

    static byte[] bytes(ObjectMapper json, Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write response as JSON", e);
        }
    }
}
