package io.trajectory.api.auth;

/** Where key records are written: the keys topic (or, in tests and the benchmark, nowhere but this instance). */
public interface KeyLog {

    /**
     * Writes the record durably (acknowledged by Kafka) before returning.
     *
     * @throws KeyLogException when it could not be written
     */
    void append(ApiKeyRecord record);

    /** A log that keeps nothing: keys live only in the instance's {@link KeyStore}. */
    KeyLog IN_MEMORY = record -> { };

    /** Writing a key record failed (Kafka unavailable, timed out). */
    final class KeyLogException extends RuntimeException {
        public KeyLogException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
