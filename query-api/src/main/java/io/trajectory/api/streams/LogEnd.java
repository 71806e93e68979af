package io.trajectory.api.streams;

import java.time.Duration;
import java.util.Map;

/**
 * Where the log of {@code career-events} ends now: for every partition of the topic, the offset the next
 * record will get (its end offset, as a consumer reading uncommitted records sees it). What a position token
 * is checked against: an offset written there is always below it.
 */
@FunctionalInterface
public interface LogEnd {

    /**
     * The end offset of every partition of the topic, by partition.
     *
     * @throws Exception when the broker does not answer within {@code timeout}
     */
    Map<Integer, Long> endOffsets(Duration timeout) throws Exception;

    /** From the broker, with an Admin client of these properties (closed with the returned object). */
    static AdminLogEnd admin(Map<String, Object> adminProperties, String topic) {
        return new AdminLogEnd(adminProperties, topic);
    }
}
