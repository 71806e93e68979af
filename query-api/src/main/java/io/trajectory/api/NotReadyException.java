package io.trajectory.api;

/**
 * The data needed to answer is not queryable yet (state stores restoring or migrating during a
 * rebalance). The API answers 503 with a {@code Retry-After} header. The message is shown to the
 * caller, so it must not carry internals or personal data.
 */
public final class NotReadyException extends RuntimeException {

    public static final int DEFAULT_RETRY_AFTER_SECONDS = 5;

    private final int retryAfterSeconds;

    public NotReadyException(String message) {
        this(message, DEFAULT_RETRY_AFTER_SECONDS, null);
    }

    public NotReadyException(String message, int retryAfterSeconds) {
        this(message, retryAfterSeconds, null);
    }

    public NotReadyException(String message, int retryAfterSeconds, Throwable cause) {
        super(message, cause);
        if (retryAfterSeconds < 1) {
            throw new IllegalArgumentException("retryAfterSeconds must be at least 1, not " + retryAfterSeconds);
        }
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Seconds the client should wait before retrying (the {@code Retry-After} header). */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
