package io.trajectory.schemas;

/**
 * A message could not be decoded (or encoded). {@link #reason()} is a short, stable code that the
 * processor puts in the dead-letter header {@code trajectory.dlq.reason}.
 */
public final class CodecException extends RuntimeException {

    /** Why a message was refused. */
    public enum Reason {
        /** Empty or too short to hold the single-object header. */
        TRUNCATED("truncated"),
        /** The first two bytes are not the single-object marker C3 01. */
        BAD_MARKER("bad-marker"),
        /** The 8-byte fingerprint names no schema version that this build knows. */
        UNKNOWN_SCHEMA("unknown-schema"),
        /** Header fine, body does not decode with the writer schema. */
        MALFORMED_BODY("malformed-body"),
        /** Encoding was asked for a record type that is not part of this codec. */
        UNSUPPORTED_TYPE("unsupported-type");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public CodecException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public CodecException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
