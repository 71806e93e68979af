package io.trajectory.producer.bulk;

import io.trajectory.producer.cloudevents.MappingResult;

/**
 * One event read from a file.
 *
 * @param line   1-based line number where the record starts
 * @param result the mapped event, or why it is rejected
 */
public record SourceRecord(long line, MappingResult result) {
}
