package io.trajectory.api;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Query-parameter checks shared by the GET endpoints: every problem is collected, then one 400. */
final class QueryParams {

    private QueryParams() {
    }

    /** Adds an error for every parameter the endpoint does not take, or that is repeated. */
    static void checkNames(Context ctx, Set<String> allowed, List<Map<String, Object>> errors) {
        for (String name : ctx.queryParamMap().keySet()) {
            if (!allowed.contains(name)) {
                errors.add(error(name, "unknown query parameter; this endpoint takes "
                        + String.join(", ", allowed.stream().sorted().toList())));
            } else if (ctx.queryParams(name).size() > 1) {
                errors.add(error(name, "is given more than once"));
            }
        }
    }

    static Map<String, Object> error(String field, String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("field", field);
        e.put("message", message);
        return e;
    }

    /** An error that also shows the value given, as {@link #shown} made it. */
    static Map<String, Object> error(String field, String message, String shownValue) {
        Map<String, Object> e = error(field, message);
        e.put("value", shownValue);
        return e;
    }

    /** Longest part of a given value echoed in an error. */
    static final int MAX_SHOWN = 64;

    /**
     * A value as an error may show it: at most {@link #MAX_SHOWN} characters (then an ellipsis), control
     * and other invisible characters written as a backslash, {@code u} and four hex digits.
     */
    static String shown(String raw) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (; i < raw.length() && sb.length() < MAX_SHOWN; i++) {
            char c = raw.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c) || !Character.isDefined(c)
                    || Character.getType(c) == Character.FORMAT) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (i < raw.length()) {
            sb.append('\u2026');
        }
        return sb.toString();
    }

    /** Throws the 400 naming every problem, if there is any. */
    static void throwIfAny(List<Map<String, Object>> errors) {
        if (!errors.isEmpty()) {
            throw ApiProblem.of(400, "invalid-query", "Invalid query parameters",
                    errors.size() + " query parameter problem(s)").with("errors", errors);
        }
    }
}
