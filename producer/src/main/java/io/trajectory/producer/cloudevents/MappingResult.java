package io.trajectory.producer.cloudevents;

import io.trajectory.validation.Violation;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * The outcome of mapping one CloudEvent.
 *
 * @param index      position of the event in its batch (0 for a single event)
 * @param eventId    the CloudEvent {@code id} when it is a string, else {@code null}
 * @param event      the Avro career event; {@code null} when there are violations
 * @param violations every problem found, with CloudEvents paths as field names ({@code data.toStage});
 *                   empty when the event is valid
 */
public record MappingResult(int index, String eventId, SpecificRecord event, List<Violation> violations) {

    public MappingResult {
        violations = List.copyOf(violations);
        if (!violations.isEmpty()) {
            event = null;
        } else if (event == null) {
            throw new IllegalArgumentException("a mapping result without violations needs an event");
        }
    }

    public boolean ok() {
        return violations.isEmpty();
    }
}
