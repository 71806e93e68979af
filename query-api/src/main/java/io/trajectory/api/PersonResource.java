package io.trajectory.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.trajectory.state.PersonState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/people/{personId}}: one person's current state. */
final class PersonResource {

    static final String PATH = "/api/v1/people/{personId}";

    private final PersonQueries people;
    private final ObjectMapper json;

    PersonResource(PersonQueries people, ObjectMapper json) {
        this.people = people;
        this.json = json;
    }

    void get(Context ctx) {
        String personId = ctx.pathParam("personId");
        if (!PersonIds.isValid(personId)) {
            throw ApiProblem.of(400, "invalid-person-id", "Invalid person id", "personId " + PersonIds.RULE)
                    .with("errors", List.of(error()));
        }
        PersonState state = people.person(personId).orElseThrow(() ->
                ApiProblem.of(404, "person-not-found", "Person not found", "no person '" + personId + "' is known")
                        .with("personId", personId));
        ApiJson.write(ctx, json, 200, state);
    }

    private static Map<String, Object> error() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("field", "personId");
        e.put("message", PersonIds.RULE);
        return e;
    }
}
