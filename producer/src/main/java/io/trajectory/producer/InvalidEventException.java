package io.trajectory.producer;

import io.trajectory.validation.Violation;
import java.util.List;
import java.util.stream.Collectors;

/** An event broke the rules (see {@link io.trajectory.validation.EventValidator}) and was not sent. */
public final class InvalidEventException extends RuntimeException {

    private final String eventId;
    private final List<Violation> violations;

    public InvalidEventException(String eventId, List<Violation> violations) {
        super("invalid event" + (eventId == null ? "" : " " + eventId) + ": "
                + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.eventId = eventId;
        this.violations = List.copyOf(violations);
    }

    /** The event's id, if it has one. */
    public String eventId() {
        return eventId;
    }

    /** Every violation, with CloudEvents field names. */
    public List<Violation> violations() {
        return violations;
    }
}
