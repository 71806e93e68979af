package io.trajectory.app;

/** An error caused by the user's input or environment; printed as one line, without a stack trace. */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
