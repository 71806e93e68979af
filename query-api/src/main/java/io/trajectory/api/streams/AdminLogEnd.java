package io.trajectory.api.streams;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/** {@link LogEnd} from the broker: the topic's partitions (describeTopics), then their latest offsets (listOffsets). */
public final class AdminLogEnd implements LogEnd, AutoCloseable {

    private final Admin admin;
    private final String topic;

    AdminLogEnd(Map<String, Object> adminProperties, String topic) {
        Map<String, Object> props = new HashMap<>(adminProperties);
        props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "trajectory-position-check");
        this.admin = Admin.create(props);
        this.topic = topic;
    }

    @Override
    public Map<Integer, Long> endOffsets(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(remaining(deadline), TimeUnit.NANOSECONDS).get(topic);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        d.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                .get(remaining(deadline), TimeUnit.NANOSECONDS);
        Map<Integer, Long> out = new TreeMap<>();
        ends.forEach((tp, info) -> out.put(tp.partition(), info.offset()));
        return out;
    }

    private static long remaining(long deadline) {
        return Math.max(1, deadline - System.nanoTime());
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
