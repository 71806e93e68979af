package io.trajectory.api.auth;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One API key as stored in the keys topic (key = {@code keyId}, value = this record as JSON): the
 * SHA-256 of its secret, never the secret; its role; the person it belongs to; a label; when it was
 * issued and, once revoked, when. A revocation is a newer record for the same keyId with
 * {@code revokedAt} set and the hash removed, so compaction keeps the revocation and a revoked key
 * can never match again.
 *
 * @param keyId      public id of the key, {@code [a-z0-9]{16}}
 * @param secretHash hex SHA-256 of the secret's UTF-8 bytes; null once revoked
 * @param role       what the key may do
 * @param personId   the person an {@code employee} or {@code manager} key belongs to; null for other roles
 * @param label      who holds the key or what it is for (free text, at most 200 characters)
 * @param createdAt  when it was issued
 * @param revokedAt  when it was revoked; null while active
 */
public record ApiKeyRecord(String keyId, String secretHash, Role role, String personId, String label, Instant createdAt,
        Instant revokedAt) {

    /** Version of the JSON value; a reader skips (and logs) records of a version it does not know. */
    public static final int FORMAT_VERSION = 1;
    public static final String HASH_ALGORITHM = "SHA-256";
    public static final int MAX_LABEL_LENGTH = 200;

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public ApiKeyRecord {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "createdAt");
        label = label == null ? "" : label;
        if (revokedAt == null && secretHash == null) {
            throw new IllegalArgumentException("an active key needs its secret's hash");
        }
        if (role.boundToPerson() && (personId == null || personId.isEmpty())) {
            throw new IllegalArgumentException("a key of role " + role.id() + " must name a person");
        }
    }

    public boolean active() {
        return revokedAt == null;
    }

    /** The revocation of this key: revokedAt set, the hash dropped. */
    public ApiKeyRecord revoked(Instant at) {
        return new ApiKeyRecord(keyId, null, role, personId, label, createdAt, at);
    }

    public Caller caller() {
        return new Caller(keyId, role, Optional.ofNullable(personId), label);
    }

    /** What the key listing shows: everything but the hash. */
    public Map<String, Object> publicView() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("keyId", keyId);
        m.put("role", role.id());
        m.put("personId", personId);
        m.put("label", label);
        m.put("createdAt", createdAt.toString());
        m.put("revokedAt", revokedAt == null ? null : revokedAt.toString());
        m.put("active", active());
        return m;
    }

    /** The JSON value written to the keys topic. */
    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("v", FORMAT_VERSION);
        n.put("keyId", keyId);
        n.put("hashAlgorithm", HASH_ALGORITHM);
        n.put("secretHash", secretHash);
        n.put("role", role.id());
        n.put("personId", personId);
        n.put("label", label);
        n.put("createdAt", createdAt.toString());
        n.put("revokedAt", revokedAt == null ? null : revokedAt.toString());
        return n.toString();
    }

    /**
     * Reads a value of the keys topic.
     *
     * @throws IllegalArgumentException naming what is wrong, for a value that is not a key record of a known version
     */
    public static ApiKeyRecord fromJson(String value) {
        JsonNode n;
        try {
            n = JSON.readTree(value);
        } catch (Exception e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (n.path("v").asInt(-1) != FORMAT_VERSION) {
            throw new IllegalArgumentException("unknown format version " + n.path("v"));
        }
        if (!n.path("hashAlgorithm").asText(HASH_ALGORITHM).equals(HASH_ALGORITHM)) {
            throw new IllegalArgumentException("unknown hash algorithm " + n.path("hashAlgorithm").asText());
        }
        Role role = Role.parse(text(n, "role")).orElseThrow(() -> new IllegalArgumentException("unknown role"));
        try {
            return new ApiKeyRecord(required(n, "keyId"), text(n, "secretHash"), role, text(n, "personId"),
                    text(n, "label"), Instant.parse(required(n, "createdAt")),
                    Optional.ofNullable(text(n, "revokedAt")).map(Instant::parse).orElse(null));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad timestamp");
        } catch (NullPointerException e) {
            throw new IllegalArgumentException("missing field: " + e.getMessage());
        }
    }

    private static String required(JsonNode n, String field) {
        String v = text(n, field);
        if (v == null) {
            throw new IllegalArgumentException("missing " + field);
        }
        return v;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    @Override
    public String toString() {
        // never the hash either: records end up in logs and assertion messages
        return "ApiKeyRecord{" + keyId + ", " + role.id() + (personId == null ? "" : ", person " + personId)
                + (active() ? "" : ", revoked " + revokedAt) + "}";
    }
}
