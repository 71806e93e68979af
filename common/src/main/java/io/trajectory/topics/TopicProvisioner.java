package io.trajectory.topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the app's topics with explicit partition counts, replication factors and configs, and
 * checks existing ones. The app never relies on broker auto-creation.
 */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private TopicProvisioner() {
    }

    /**
     * Creates the missing topics; returns the names created. An existing topic with fewer
     * partitions than configured is reported as a warning (Kafka cannot shrink, and growing
     * would move keys between partitions, so it is left to the operator).
     */
    public static List<String> ensure(Admin admin, List<Topic<?, ?>> topics, long timeoutMs) {
        try {
            Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topic<?, ?> topic : topics) {
                if (!existing.contains(topic.name())) {
                    missing.add(new NewTopic(topic.name(), topic.partitions(), topic.replicationFactor())
                            .configs(topic.configs()));
                }
            }
            List<String> created = new ArrayList<>();
            for (NewTopic topic : missing) {
                try {
                    admin.createTopics(List.of(topic)).all().get(timeoutMs, TimeUnit.MILLISECONDS);
                    created.add(topic.name());
                    LOG.info("created topic {} ({} partitions, replication factor {})",
                            topic.name(), topic.numPartitions(), topic.replicationFactor());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            Map<String, TopicDescription> described = describeWhenKnown(admin,
                    topics.stream().map(Topic::name).distinct().toList(), timeoutMs);
            for (Topic<?, ?> topic : topics) {
                int actual = described.get(topic.name()).partitions().size();
                if (actual != topic.partitions()) {
                    LOG.warn("topic {} has {} partitions, configured {}; keeping {}", topic.name(), actual,
                            topic.partitions(), actual);
                }
            }
            return created;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot create topics: the cluster did not answer within " + timeoutMs + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /**
     * Describes the topics, retrying (bounded by the timeout) while a freshly created topic is not
     * yet known to the broker that answers ({@code UnknownTopicOrPartitionException}).
     */
    private static Map<String, TopicDescription> describeWhenKnown(Admin admin, List<String> names, long timeoutMs)
            throws ExecutionException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            try {
                return admin.describeTopics(names).allTopicNames().get(Math.max(1, remaining), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || remaining <= 0) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(Math.min(100, remaining));
            }
        }
    }
}
