package io.trajectory.producer.bulk;

/** A file cannot be imported at all (e.g. a CSV header with an unknown column). The message is for the user. */
public final class ImportException extends RuntimeException {
    public ImportException(String message) {
        super(message);
    }
}
