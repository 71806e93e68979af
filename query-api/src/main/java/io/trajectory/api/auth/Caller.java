package io.trajectory.api.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * Who is calling: the authenticated API key's id, role and, for {@code employee} and
 * {@code manager}, the person it belongs to. Never holds the secret. Code that forwards a request
 * to another instance forwards the caller's original {@code Authorization} header; the receiving
 * instance authenticates it again with its own {@link Authenticator} (every instance reads the same
 * keys topic), so a forwarded request can do exactly what the original caller may.
 *
 * @param keyId    the key's public id (the {@code <keyId>} part of {@code trj_<keyId>_<secret>})
 * @param role     what the key may do
 * @param personId the person the key belongs to ({@code employee}, {@code manager}); empty otherwise
 * @param label    the free text given when the key was issued (who holds it), possibly empty
 */
public record Caller(String keyId, Role role, Optional<String> personId, String label) {

    public Caller {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(role, "role");
        personId = personId == null ? Optional.empty() : personId;
        label = label == null ? "" : label;
        if (role.boundToPerson() && personId.isEmpty()) {
            throw new IllegalArgumentException("a key of role " + role.id() + " must name a person");
        }
    }

    public boolean is(Role r) {
        return role == r;
    }

    /** True when the key belongs to this person. */
    public boolean isPerson(String id) {
        return personId.map(p -> p.equals(id)).orElse(false);
    }
}
