package io.trajectory.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A read-your-writes token: where {@code POST /api/v1/events} wrote its events in
 * {@code career-events} (the highest offset written per partition). A query given
 * {@code ?after=TOKEN} waits (bounded) until the store copy answering it has processed those
 * offsets. Opaque to clients: base64url (no padding) of {@code t1:P=O,P=O}.
 *
 * <p>Not signed: a token is a position in the log, not a secret or a capability, and anyone may make one.
 * {@link #decode} checks its form; the queries refuse at once one that cannot be a position of
 * {@code career-events} (a partition it does not have, an offset at or past the end of its partition), so only
 * a real position the view has not reached yet is waited for.
 */
public record PositionToken(Map<Integer, Long> offsets) {

    private static final String VERSION = "t1:";
    /** Longest token accepted (a token names at most a few thousand partitions). */
    private static final int MAX_LENGTH = 16_384;

    public PositionToken {
        offsets = Collections.unmodifiableMap(new TreeMap<>(offsets));
        if (offsets.isEmpty()) {
            throw new IllegalArgumentException("a position token names at least one partition");
        }
        offsets.forEach((p, o) -> {
            if (p < 0 || o < 0) {
                throw new IllegalArgumentException("partitions and offsets are never negative");
            }
        });
    }

    /** The offset written in {@code partition}, if this token names it. */
    public Optional<Long> offset(int partition) {
        return Optional.ofNullable(offsets.get(partition));
    }

    /** This token and another: the higher offset of each partition. */
    public PositionToken merge(PositionToken other) {
        Map<Integer, Long> m = new TreeMap<>(offsets);
        other.offsets.forEach((p, o) -> m.merge(p, o, Math::max));
        return new PositionToken(m);
    }

    public String encode() {
        StringBuilder sb = new StringBuilder(VERSION);
        offsets.forEach((p, o) -> {
            if (sb.length() > VERSION.length()) {
                sb.append(',');
            }
            sb.append(p).append('=').append(o);
        });
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sb.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Parses a token made by {@link #encode()}.
     *
     * @throws IllegalArgumentException with a message fit for the caller when it is not one
     */
    public static PositionToken decode(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("is not a position token; pass the 'position' of a POST /api/v1/events answer");
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a position token (not base64url); pass the 'position' of a POST /api/v1/events answer");
        }
        if (!text.startsWith(VERSION)) {
            throw new IllegalArgumentException("is not a position token; pass the 'position' of a POST /api/v1/events answer");
        }
        Map<Integer, Long> offsets = new TreeMap<>();
        try {
            for (String part : text.substring(VERSION.length()).split(",", -1)) {
                String[] po = part.split("=", -1);
                if (po.length != 2) {
                    throw new NumberFormatException(part);
                }
                int p = Integer.parseInt(po[0]);
                long o = Long.parseLong(po[1]);
                if (offsets.put(p, o) != null) {
                    throw new NumberFormatException(part);
                }
            }
            return new PositionToken(offsets);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is not a position token (malformed); pass the 'position' of a POST /api/v1/events answer");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a position token (" + e.getMessage() + ")");
        }
    }
}
