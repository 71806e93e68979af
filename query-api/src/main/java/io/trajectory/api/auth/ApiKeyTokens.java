package io.trajectory.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API key format, {@code trj_<keyId>_<secret>}: a 16-character public id (8 random bytes, hex)
 * and a secret of 32 random bytes from {@link SecureRandom} (base64url, 43 characters). Only the
 * SHA-256 of the secret is stored. A 256-bit random secret cannot be guessed or brute-forced from
 * its hash, so a slow password hash (bcrypt, argon2) would add cost and nothing else: those exist
 * for low-entropy, human-chosen passwords.
 */
public final class ApiKeyTokens {

    public static final String PREFIX = "trj_";
    static final int SECRET_BYTES = 32;
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyTokens() {
    }

    /** A key as handed to its holder once: the token and its parts. */
    public record Token(String keyId, String secret) {
        public String value() {
            return PREFIX + keyId + "_" + secret;
        }

        @Override
        public String toString() {
            return "Token{" + keyId + ", secret hidden}";
        }
    }

    /** A new random key. */
    public static Token generate() {
        byte[] id = new byte[8];
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        return new Token(HexFormat.of().formatHex(id), Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** The parts of a token, if it has the format; says nothing about whether it is a valid key. */
    public static Optional<Token> parse(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() != PREFIX.length() + 16 + 1 + 43) {
            return Optional.empty();
        }
        String keyId = token.substring(PREFIX.length(), PREFIX.length() + 16);
        if (token.charAt(PREFIX.length() + 16) != '_') {
            return Optional.empty();
        }
        String secret = token.substring(PREFIX.length() + 17);
        if (!KEY_ID.matcher(keyId).matches() || !SECRET.matcher(secret).matches()) {
            return Optional.empty();
        }
        return Optional.of(new Token(keyId, secret));
    }

    /** True for a well-formed key id ({@code [0-9a-f]{16}}). */
    public static boolean isKeyId(String keyId) {
        return keyId != null && KEY_ID.matcher(keyId).matches();
    }

    /** Hex SHA-256 of the secret's UTF-8 bytes. */
    public static String hash(String secret) {
        return HexFormat.of().formatHex(sha256(secret));
    }

    /** Compares a presented secret with a stored hash in time independent of where they differ. */
    public static boolean matches(String secret, String storedHash) {
        if (storedHash == null || storedHash.length() != 64) {
            return false;
        }
        byte[] expected;
        try {
            expected = HexFormat.of().parseHex(storedHash);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sha256(secret), expected);
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
