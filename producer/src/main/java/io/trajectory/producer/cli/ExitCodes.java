package io.trajectory.producer.cli;

/** Exit codes of the producer commands. */
public final class ExitCodes {

    /** Everything was sent (or, with --dry-run, is valid). */
    public static final int OK = 0;
    /** Kafka could not be reached or refused a send. */
    public static final int KAFKA_FAILURE = 1;
    /** Invalid input: the event, the file, the options or the config (picocli's usage errors are 2 too). */
    public static final int INVALID_INPUT = 2;
    /** import: some lines were rejected; the valid ones were sent. */
    public static final int SOME_REJECTED = 3;

    private ExitCodes() {
    }
}
