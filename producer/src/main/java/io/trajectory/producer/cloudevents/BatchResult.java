package io.trajectory.producer.cloudevents;

import io.trajectory.validation.Violation;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * The outcome of mapping an HTTP body.
 *
 * @param batch      true when the body was a batch (a JSON array), false for a single event
 * @param results    one result per event, in body order; empty when the body itself is unusable
 * @param bodyErrors problems with the body as a whole (content type, malformed JSON or UTF-8, empty
 *                   body, wrong shape, empty or too large batch); when not empty, {@code results} is empty
 */
public record BatchResult(boolean batch, List<MappingResult> results, List<Violation> bodyErrors) {

    public BatchResult {
        results = List.copyOf(results);
        bodyErrors = List.copyOf(bodyErrors);
    }

    /** True when the body is usable and every event in it is valid. */
    public boolean allOk() {
        return bodyErrors.isEmpty() && results.stream().allMatch(MappingResult::ok);
    }

    /** The valid events, in body order. */
    public List<SpecificRecord> events() {
        return results.stream().filter(MappingResult::ok).map(MappingResult::event).toList();
    }

    /** The invalid events, in body order. */
    public List<MappingResult> rejected() {
        return results.stream().filter(r -> !r.ok()).toList();
    }
}
