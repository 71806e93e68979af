package io.trajectory.producer.bulk;

/** A file cannot be imported at all (e.g. a CSV header with an unknown column). The message is for the user. */
public final class ImportException extends RuntimeException {

    private final long line;
    private final String reason;

    public ImportException(String message) {
        this(0, message);
    }

    /** A problem at a line of the file (1-based), or of the whole file when {@code line} is 0. */
    public ImportException(long line, String reason) {
        super(line > 0 ? "line " + line + ": " + reason : reason);
        this.line = line;
        this.reason = reason;
    }

    public long line() {
        return line;
    }

    /** {@code FILE:LINE: reason} (or {@code FILE: reason}), as compilers print it. */
    public String at(String file) {
        return file + (line > 0 ? ":" + line : "") + ": " + reason;
    }
}
