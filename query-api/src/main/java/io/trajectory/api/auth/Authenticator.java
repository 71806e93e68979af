package io.trajectory.api.auth;

import io.trajectory.api.ApiProblem;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks {@code Authorization: Bearer <key>} against the keys this instance knows. Used by the API's
 * guard for every request, and meant to be reused as it is by code that receives a request
 * forwarded from another instance with the original caller's header.
 *
 * <p>A missing, malformed, unknown or revoked key is a 401 with {@code WWW-Authenticate: Bearer};
 * the answer is the same for an unknown and a revoked key, and the secret is compared in constant
 * time (also when the keyId is unknown, so timing does not tell which keyIds exist). Nothing here
 * logs the header or the key.
 */
public final class Authenticator {

    /** The challenge of a 401 (RFC 6750). */
    public static final String CHALLENGE = "Bearer realm=\"trajectory\"";
    private static final String DUMMY_HASH = ApiKeyTokens.hash("no key has this secret");

    private final KeyStore keys;

    public Authenticator(KeyStore keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * The caller a request's {@code Authorization} header identifies.
     *
     * @param authorization the header's value, null when absent
     * @throws ApiProblem 401 with {@code WWW-Authenticate} when there is no valid key
     */
    public Caller authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw unauthenticated("this endpoint needs an API key: send the header 'Authorization: Bearer <key>'", false);
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            throw unauthenticated("the Authorization header must be 'Bearer <key>'", true);
        }
        return check(value.substring(space + 1).strip())
                .orElseThrow(() -> unauthenticated("the API key is not valid (unknown, revoked or malformed)", true));
    }

    /** The caller of a bare key ({@code trj_...}), if it is an active key. */
    public Optional<Caller> check(String token) {
        Optional<ApiKeyTokens.Token> parsed = ApiKeyTokens.parse(token);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        Optional<ApiKeyRecord> record = keys.find(parsed.get().keyId()).filter(ApiKeyRecord::active);
        boolean matches = ApiKeyTokens.matches(parsed.get().secret(), record.map(ApiKeyRecord::secretHash).orElse(DUMMY_HASH));
        return record.isPresent() && matches ? Optional.of(record.get().caller()) : Optional.empty();
    }

    private static ApiProblem unauthenticated(String detail, boolean invalidToken) {
        return ApiProblem.of(401, "unauthenticated", "Unauthenticated", detail)
                .withHeader("WWW-Authenticate", invalidToken ? CHALLENGE + ", error=\"invalid_token\"" : CHALLENGE);
    }
}
