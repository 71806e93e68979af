package io.trajectory.api.auth;

import io.trajectory.api.PersonIds;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Key management: issue (the key is returned once, only its hash is kept), list (never a secret or
 * a hash), revoke. Each change is written to the {@link KeyLog} first (the keys topic, read by
 * every instance) and then applied to this instance's {@link KeyStore}, so a key works here at once
 * and on the other instances as soon as their reader has seen it.
 */
public final class ApiKeys {

    private final KeyStore store;
    private final KeyLog log;
    private final Clock clock;

    public ApiKeys(KeyStore store, KeyLog log, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A key just issued: the token (shown to its holder once, never stored) and its record. */
    public record IssuedKey(String token, ApiKeyRecord record) {
        @Override
        public String toString() {
            return "IssuedKey{" + record + "}";
        }
    }

    /**
     * Issues a key.
     *
     * @param personId required for {@code employee} and {@code manager}, refused for the other roles
     * @throws IllegalArgumentException naming every problem with the request
     * @throws KeyLog.KeyLogException when the key could not be written
     */
    public IssuedKey issue(Role role, Optional<String> personId, Optional<String> label) {
        Objects.requireNonNull(role, "role");
        List<Problem> problems = problems(role, personId, label);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems.stream().map(Problem::toString).toList()));
        }
        ApiKeyTokens.Token token = ApiKeyTokens.generate();
        ApiKeyRecord record = new ApiKeyRecord(token.keyId(), ApiKeyTokens.hash(token.secret()), role,
                personId.orElse(null), label.orElse(""), clock.instant().truncatedTo(ChronoUnit.MILLIS), null);
        log.append(record);
        store.apply(record);
        return new IssuedKey(token.value(), record);
    }

    /** One problem of an issue request: the field ({@code role}, {@code personId}, {@code label}) and what is wrong. */
    public record Problem(String field, String message) {
        @Override
        public String toString() {
            return field + ": " + message;
        }
    }

    /** What is wrong with an issue request, one entry per problem; empty when nothing is. */
    public static List<Problem> problems(Role role, Optional<String> personId, Optional<String> label) {
        List<Problem> problems = new ArrayList<>();
        if (role.boundToPerson() && personId.isEmpty()) {
            problems.add(new Problem("personId", "a key of role " + role.id() + " must name the person it belongs to"));
        }
        if (!role.boundToPerson() && personId.isPresent()) {
            problems.add(new Problem("personId", "only employee and manager keys belong to a person, not " + role.id() + " keys"));
        }
        personId.filter(p -> !PersonIds.isValid(p)).ifPresent(p -> problems.add(new Problem("personId", PersonIds.RULE)));
        label.ifPresent(l -> {
            if (l.length() > ApiKeyRecord.MAX_LABEL_LENGTH) {
                problems.add(new Problem("label", "at most " + ApiKeyRecord.MAX_LABEL_LENGTH + " characters, not " + l.length()));
            }
            if (l.chars().anyMatch(Character::isISOControl)) {
                problems.add(new Problem("label", "must not contain control characters"));
            }
        });
        return problems;
    }

    /**
     * Revokes a key: it stops working here at once, and on every instance once read from the topic.
     *
     * @return the revocation record; empty when no key has this id. Revoking a revoked key returns it unchanged.
     */
    public Optional<ApiKeyRecord> revoke(String keyId) {
        Optional<ApiKeyRecord> current = store.find(keyId);
        if (current.isEmpty() || !current.get().active()) {
            return current;
        }
        ApiKeyRecord revoked = current.get().revoked(clock.instant().truncatedTo(ChronoUnit.MILLIS));
        log.append(revoked);
        store.apply(revoked);
        return Optional.of(revoked);
    }

    /** Every key, active and revoked, oldest first. */
    public List<ApiKeyRecord> list() {
        return store.all();
    }

    public Optional<ApiKeyRecord> find(String keyId) {
        return store.find(keyId);
    }
}
