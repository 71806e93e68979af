package io.trajectory.app.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

/**
 * What the benchmark asks the cluster (with the Admin client): end offsets, a consumer group's
 * committed offsets, and each topic's records and bytes on disk.
 */
final class ClusterProbe {

    private static final long CALL_TIMEOUT_SECONDS = 30;
    private final Admin admin;

    ClusterProbe(Admin admin) {
        this.admin = admin;
    }

    Admin admin() {
        return admin;
    }

    /** The end offset of every partition of a topic. */
    Map<TopicPartition, Long> endOffsets(String topic) {
        TopicDescription description = get(() -> admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        description.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        return endOffsets(request);
    }

    private Map<TopicPartition, Long> endOffsets(Map<TopicPartition, OffsetSpec> request) {
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> infos = get(() -> admin.listOffsets(request).all());
        Map<TopicPartition, Long> ends = new HashMap<>();
        infos.forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /** True once the group has committed at least {@code ends} on every partition. */
    boolean caughtUp(String groupId, Map<TopicPartition, Long> ends) {
        Map<TopicPartition, OffsetAndMetadata> committed =
                get(() -> admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(end.getKey());
            if (end.getValue() > 0 && (c == null || c.offset() < end.getValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Polls (every 50 ms, bounded by {@code timeout}) until the group has committed {@code ends};
     * {@code failure} is checked on every poll and stops the wait with its message when not null.
     */
    void awaitCaughtUp(String groupId, Map<TopicPartition, Long> ends, Duration timeout, Supplier<String> failure)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!caughtUp(groupId, ends)) {
            String problem = failure.get();
            if (problem != null) {
                throw new IllegalStateException(problem);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(groupId + " did not commit every record of the input within "
                        + timeout.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    /** Records (sum of end offsets) and bytes on disk (all replicas) of every topic. */
    TopicSnapshot snapshot() {
        Set<String> names = get(() -> admin.listTopics().names());
        Map<String, TopicDescription> described = get(() -> admin.describeTopics(names).allTopicNames());
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        described.values().forEach(d -> d.partitions().forEach(p ->
                request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        Map<String, Long> records = new TreeMap<>();
        endOffsets(request).forEach((tp, end) -> records.merge(tp.topic(), end, Long::sum));
        Map<String, Long> bytes = new TreeMap<>();
        List<Integer> brokers = get(() -> admin.describeCluster().nodes()).stream().map(Node::id).collect(Collectors.toList());
        Map<Integer, Map<String, LogDirDescription>> dirs = get(() -> admin.describeLogDirs(brokers).allDescriptions());
        for (Map<String, LogDirDescription> byDir : dirs.values()) {
            for (LogDirDescription dir : byDir.values()) {
                for (Map.Entry<TopicPartition, ReplicaInfo> replica : dir.replicaInfos().entrySet()) {
                    bytes.merge(replica.getKey().topic(), replica.getValue().size(), Long::sum);
                }
            }
        }
        return new TopicSnapshot(records, bytes);
    }

    private static <T> T get(Supplier<org.apache.kafka.common.KafkaFuture<T>> call) {
        try {
            return call.get().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka admin call failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka admin call timed out after " + CALL_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Records and bytes per topic at one moment.
     *
     * @param records sum of the partitions' end offsets (transaction markers take offsets too)
     * @param bytes   size on disk, all replicas
     */
    record TopicSnapshot(Map<String, Long> records, Map<String, Long> bytes) {

        /** What was added since {@code before}, per topic that grew. */
        TopicSnapshot minus(TopicSnapshot before) {
            Map<String, Long> r = new TreeMap<>();
            Map<String, Long> b = new TreeMap<>();
            records.forEach((t, n) -> {
                long d = n - before.records.getOrDefault(t, 0L);
                if (d > 0) {
                    r.put(t, d);
                    b.put(t, bytes.getOrDefault(t, 0L) - before.bytes.getOrDefault(t, 0L));
                }
            });
            return new TopicSnapshot(r, b);
        }

        long totalRecords() {
            return records.values().stream().mapToLong(Long::longValue).sum();
        }

        long totalBytes() {
            return bytes.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
