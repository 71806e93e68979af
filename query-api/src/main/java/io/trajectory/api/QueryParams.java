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

    /** Throws the 400 naming every problem, if there is any. */
    static void throwIfAny(List<Map<String, Object>> errors) {
        if (!errors.isEmpty()) {
            throw ApiProblem.of(400, "invalid-query", "Invalid query parameters",
                    errors.size() + " query parameter problem(s)").with("errors", errors);
        }
    }
}
