package io.trajectory.producer.cloudevents;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import io.trajectory.validation.Characters;
import java.util.regex.Pattern;

/**
 * Strict JSON reading: UTF-8 only (checked before parsing, with the position of the first bad
 * byte), no duplicate keys, nothing after the value, numbers with a fraction kept as exact
 * {@link java.math.BigDecimal}s, no comments or other extensions.
 */
final class StrictJson {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /** Jackson's "[Source: REDACTED (...); line: 1, column: 1]" inside messages. */
    private static final Pattern SOURCE_REF = Pattern.compile("\\[Source: [^;\\]]*(?:\\([^)]*\\))?; line: (\\d+), column: (\\d+)]");

    private StrictJson() {
    }

    /** Parsed JSON, or a one-line error that says where the input went wrong. */
    record Parsed(JsonNode node, String error) {
    }

    static Parsed parse(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return new Parsed(null, "empty body: expected a JSON object or array");
        }
        String text;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            return new Parsed(null, "not valid UTF-8: " + describeByte(bytes, in.position())
                    + " at " + position(bytes, in.position()));
        }
        decoder.flush(out);
        out.flip();
        text = out.toString();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            return new Parsed(null, "empty body: expected a JSON object or array");
        }
        try {
            return new Parsed(MAPPER.readTree(text), null);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return new Parsed(null, "malformed JSON" + where + ": " + oneLine(e.getOriginalMessage()));
        }
    }

    private static String describeByte(byte[] bytes, int offset) {
        return offset < bytes.length ? String.format("byte 0x%02x", bytes[offset] & 0xff) : "truncated sequence";
    }

    /** "line L, column C" of a byte offset (column counted in characters, 1-based). */
    private static String position(byte[] bytes, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        String before = new String(bytes, lineStart, offset - lineStart, StandardCharsets.UTF_8);
        int column = before.codePointCount(0, before.length()) + 1;
        return "line " + line + ", column " + column;
    }

    static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        String s = SOURCE_REF.matcher(message).replaceAll("line $1, column $2");
        // Jackson quotes the offending input ("Unrecognized token 'ELF...'", up to 256 characters): a short escaped excerpt
        s = QUOTED_TOKEN.matcher(s).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
                "token '" + Characters.excerpt(m.group(1)) + "'"));
        s = Characters.printable(s.replaceAll("[\\t\\r\\n ]+", " ").strip());
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    /** Jackson's quoting of an unrecognized token in its messages. */
    private static final Pattern QUOTED_TOKEN = Pattern.compile("token '(.*?)(?:\\.\\.\\.)?'(?=: was expecting|$)", Pattern.DOTALL);
}
