package io.trajectory.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A typed error response: thrown by handlers, rendered by {@link ProblemHandlers} as an RFC 9457
 * problem ({@code application/problem+json}) with {@code type}, {@code title}, {@code status},
 * {@code detail}, {@code instance} and the extension members. Everything in it is shown to the
 * caller: no stack traces, no exception messages from libraries.
 */
public final class ApiProblem extends RuntimeException {

    /** Prefix of the problem types this API defines. */
    public static final String TYPE_PREFIX = "urn:trajectory:problem:";
    /** RFC 9457: no further semantics beyond the HTTP status; the title is the status phrase. */
    public static final String ABOUT_BLANK = "about:blank";

    private final int status;
    private final String type;
    private final String title;
    private final Map<String, Object> extensions;
    private final Map<String, String> headers;

    private ApiProblem(int status, String type, String title, String detail, Map<String, Object> extensions,
            Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.type = Objects.requireNonNull(type, "type");
        this.title = Objects.requireNonNull(title, "title");
        this.extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** A problem of a type this API defines, {@code urn:trajectory:problem:<slug>}. */
    public static ApiProblem of(int status, String slug, String title, String detail) {
        return new ApiProblem(status, TYPE_PREFIX + slug, title, detail, Map.of(), Map.of());
    }

    /** A plain HTTP problem ({@code about:blank}); the title is the status phrase. */
    public static ApiProblem http(int status, String detail) {
        return new ApiProblem(status, ABOUT_BLANK, HttpStatusPhrases.of(status), detail, Map.of(), Map.of());
    }

    /** A copy with one more extension member. */
    public ApiProblem with(String member, Object value) {
        Map<String, Object> ext = new LinkedHashMap<>(extensions);
        ext.put(member, value);
        return new ApiProblem(status, type, title, getMessage(), ext, headers);
    }

    /** A copy with one more response header. */
    public ApiProblem withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new ApiProblem(status, type, title, getMessage(), extensions, h);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The JSON members of the problem body, standard ones first. */
    Map<String, Object> body(String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", getMessage());
        if (instance != null) {
            body.put("instance", instance);
        }
        extensions.forEach(body::putIfAbsent);
        return body;
    }

    @Override
    public String toString() {
        return "ApiProblem{" + status + " " + type + ": " + getMessage() + "}";
    }
}
