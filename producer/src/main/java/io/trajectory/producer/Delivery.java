package io.trajectory.producer;

/**
 * Where Kafka stored an event.
 *
 * @param eventId   the event's id
 * @param personId  the person (also the record key)
 * @param topic     topic written to
 * @param partition partition written to
 * @param offset    offset of the record in that partition
 */
public record Delivery(String eventId, String personId, String topic, int partition, long offset) {
}
