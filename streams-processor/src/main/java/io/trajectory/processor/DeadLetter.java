package io.trajectory.processor;

import io.trajectory.topics.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Builds the headers of a dead-letter record: the original headers plus why and where from. */
final class DeadLetter {

    /** Keep headers small: a detail longer than this is cut. */
    static final int MAX_DETAIL_CHARS = 4000;

    private DeadLetter() {
    }

    static Headers headers(Headers original, String reason, String detail, String topic, int partition, long offset) {
        RecordHeaders headers = new RecordHeaders(original == null ? new RecordHeaders().toArray() : original.toArray());
        String d = detail == null ? "" : detail;
        if (d.length() > MAX_DETAIL_CHARS) {
            d = d.substring(0, MAX_DETAIL_CHARS) + "...";
        }
        headers.remove(Topics.DLQ_REASON_HEADER).remove(Topics.DLQ_DETAIL_HEADER);
        headers.add(Topics.DLQ_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(Topics.DLQ_DETAIL_HEADER, d.getBytes(StandardCharsets.UTF_8));
        headers.add(Topics.DLQ_SOURCE_TOPIC_HEADER, String.valueOf(topic).getBytes(StandardCharsets.UTF_8));
        headers.add(Topics.DLQ_SOURCE_PARTITION_HEADER, Integer.toString(partition).getBytes(StandardCharsets.UTF_8));
        headers.add(Topics.DLQ_SOURCE_OFFSET_HEADER, Long.toString(offset).getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}
