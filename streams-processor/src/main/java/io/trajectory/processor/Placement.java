package io.trajectory.processor;

import io.trajectory.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Utils;

/**
 * Which partition of {@code career-events} a person's events belong to, and where a re-routed record
 * was first read.
 *
 * <p>A person's state lives in the task of their <em>home</em> partition: the one Java's default
 * partitioner picks for the key bytes (murmur2, {@code toPositive(murmur2(key)) % partitions}), which
 * is also where interactive queries look for them. A record written elsewhere (a librdkafka client
 * with its default CRC32 partitioner, a producer choosing partitions itself) is sent on to its home
 * partition through the re-route topic, so every event of a person is folded into one state.
 */
final class Placement {

    private Placement() {
    }

    /** The partition Java's default partitioner picks for these key bytes among {@code partitions}. */
    static int homePartition(byte[] key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    /**
     * Whether a record read from {@code partition} must be re-routed: it has a key (a null or empty
     * key is dead-lettered wherever it was read, so it is never re-routed) and the key's home
     * partition is another one.
     */
    static boolean misplaced(byte[] key, int partition, int partitions) {
        return key != null && key.length > 0 && homePartition(key, partitions) != partition;
    }

    /** Where a record was first read from. */
    record Origin(String topic, int partition, long offset) {
    }

    /**
     * The headers of a record as it goes onto the re-route topic: its own (any re-route headers it
     * arrived with removed: those names are reserved) plus where it was read.
     */
    static Headers rerouteHeaders(Headers original, Origin origin) {
        RecordHeaders headers = new RecordHeaders(withoutRerouteHeaders(original).toArray());
        headers.add(Topics.REROUTE_SOURCE_TOPIC_HEADER, origin.topic().getBytes(StandardCharsets.UTF_8));
        headers.add(Topics.REROUTE_SOURCE_PARTITION_HEADER, Integer.toString(origin.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add(Topics.REROUTE_SOURCE_OFFSET_HEADER, Long.toString(origin.offset()).getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /** A copy of the headers without the re-route ones: the record's headers as its producer wrote them. */
    static Headers withoutRerouteHeaders(Headers headers) {
        RecordHeaders copy = new RecordHeaders(headers == null ? new Header[0] : headers.toArray());
        copy.remove(Topics.REROUTE_SOURCE_TOPIC_HEADER)
                .remove(Topics.REROUTE_SOURCE_PARTITION_HEADER)
                .remove(Topics.REROUTE_SOURCE_OFFSET_HEADER);
        return copy;
    }

    /** The origin a re-routed record carries in its headers; empty if any of them is missing or malformed. */
    static Optional<Origin> rerouteOrigin(Headers headers) {
        if (headers == null) {
            return Optional.empty();
        }
        Header topic = headers.lastHeader(Topics.REROUTE_SOURCE_TOPIC_HEADER);
        Header partition = headers.lastHeader(Topics.REROUTE_SOURCE_PARTITION_HEADER);
        Header offset = headers.lastHeader(Topics.REROUTE_SOURCE_OFFSET_HEADER);
        if (topic == null || partition == null || offset == null
                || topic.value() == null || partition.value() == null || offset.value() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Origin(new String(topic.value(), StandardCharsets.UTF_8),
                    Integer.parseInt(new String(partition.value(), StandardCharsets.UTF_8)),
                    Long.parseLong(new String(offset.value(), StandardCharsets.UTF_8))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
