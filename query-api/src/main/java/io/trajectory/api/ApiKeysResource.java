package io.trajectory.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.trajectory.api.auth.ApiKeyRecord;
import io.trajectory.api.auth.ApiKeyTokens;
import io.trajectory.api.auth.ApiKeys;
import io.trajectory.api.auth.KeyLog;
import io.trajectory.api.auth.Role;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Key management for admin keys: {@code POST /api/v1/admin/keys} issues a key (the key is in the
 * response once, never again), {@code GET /api/v1/admin/keys} lists every key without secrets or
 * hashes, {@code DELETE /api/v1/admin/keys/{keyId}} revokes one.
 */
final class ApiKeysResource {

    static final String PATH = "/api/v1/admin/keys";
    static final String KEY_PATH = "/api/v1/admin/keys/{keyId}";
    private static final Set<String> FIELDS = Set.of("role", "personId", "label");

    private final ApiKeys keys;
    private final ObjectMapper json;

    ApiKeysResource(ApiKeys keys, ObjectMapper json) {
        this.keys = keys;
        this.json = json;
    }

    void issue(Context ctx) {
        JsonNode body;
        try {
            body = json.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            throw invalid(List.of(QueryParams.error("body", "must be a JSON object such as {\"role\":\"employee\","
                    + "\"personId\":\"cleo\",\"label\":\"Cleo's laptop\"}")));
        }
        List<Map<String, Object>> errors = new ArrayList<>();
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!FIELDS.contains(name)) {
                errors.add(QueryParams.error(name, "unknown field; a key request has role, personId and label"));
            }
        }
        Optional<String> roleName = text(body, "role", errors);
        Optional<String> personId = text(body, "personId", errors);
        Optional<String> label = text(body, "label", errors);
        Optional<Role> role = roleName.flatMap(Role::parse);
        if (roleName.isEmpty()) {
            errors.add(QueryParams.error("role", "is required: one of " + Role.names()));
        } else if (role.isEmpty()) {
            errors.add(QueryParams.error("role", "unknown role '" + roleName.get() + "'; roles: " + Role.names()));
        }
        if (role.isPresent()) {
            for (ApiKeys.Problem problem : ApiKeys.problems(role.get(), personId, label)) {
                errors.add(QueryParams.error(problem.field(), problem.message()));
            }
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        ApiKeys.IssuedKey issued = write(() -> keys.issue(role.get(), personId, label));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", issued.token());
        out.putAll(issued.record().publicView());
        out.put("note", "the key is shown only this once; only a hash of it is stored");
        ctx.header("Cache-Control", "no-store");
        ApiJson.write(ctx, json, 201, out);
    }

    void list(Context ctx) {
        List<Map<String, Object>> all = keys.list().stream().map(ApiKeyRecord::publicView).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("keys", all);
        out.put("count", all.size());
        ApiJson.write(ctx, json, 200, out);
    }

    void revoke(Context ctx) {
        String keyId = ctx.pathParam("keyId");
        if (!ApiKeyTokens.isKeyId(keyId)) {
            throw ApiProblem.of(400, "invalid-key-id", "Invalid key id", "a keyId is 16 characters 0-9 a-f")
                    .with("keyId", keyId);
        }
        ApiKeyRecord revoked = write(() -> keys.revoke(keyId)).orElseThrow(() ->
                ApiProblem.of(404, "key-not-found", "Key not found", "no API key has the id " + keyId).with("keyId", keyId));
        ApiJson.write(ctx, json, 200, revoked.publicView());
    }

    private static <T> T write(java.util.function.Supplier<T> change) {
        try {
            return change.get();
        } catch (KeyLog.KeyLogException e) {
            throw ApiProblem.of(503, "keys-unavailable", "Key store unavailable", e.getMessage())
                    .with("retryAfterSeconds", 5).withHeader("Retry-After", "5");
        }
    }

    private static Optional<String> text(JsonNode body, String field, List<Map<String, Object>> errors) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            errors.add(QueryParams.error(field, "must be a string"));
            return Optional.empty();
        }
        return Optional.of(v.asText());
    }

    private static ApiProblem invalid(List<Map<String, Object>> errors) {
        return ApiProblem.of(400, "invalid-key-request", "Invalid key request", errors.size() + " problem(s) with the key request")
                .with("errors", errors);
    }
}
