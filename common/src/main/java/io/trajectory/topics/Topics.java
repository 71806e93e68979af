package io.trajectory.topics;

import io.trajectory.config.ConfigKey;
import io.trajectory.config.TrajectoryConfig;
import io.trajectory.schemas.AvroSerdes;
import io.trajectory.state.PersonState;
import io.trajectory.state.StageTransition;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The registry of Trajectory's topics, built immutably from config and shared by every module.
 *
 * @param careerEvents     input: career events, key personId, value a single-object-encoded event
 * @param careerEventsRaw  the same topic seen as raw bytes (the processor decodes itself, to dead-letter)
 * @param deadLetters      rejected records, byte for byte, with reason headers
 * @param personState      compacted: the current state per person
 * @param stageTransitions derived and compacted: one record per stage change, key transitionId; corrections supersede by key
 * @param apiKeys          compacted, one partition: the API keys, key keyId, value the key record as JSON (a hash of
 *                         the secret, never the secret); a revocation is a newer record for the same keyId
 */
public record Topics(
        Topic<String, SpecificRecord> careerEvents,
        Topic<byte[], byte[]> careerEventsRaw,
        Topic<byte[], byte[]> deadLetters,
        Topic<String, PersonState> personState,
        Topic<String, StageTransition> stageTransitions,
        Topic<String, String> apiKeys) {

    /** Header on every dead-letter record: a short reason code such as {@code unknown-schema}. */
    public static final String DLQ_REASON_HEADER = "trajectory.dlq.reason";
    /** Header on every dead-letter record: a human-readable explanation. */
    public static final String DLQ_DETAIL_HEADER = "trajectory.dlq.detail";
    /** Headers on every dead-letter record: where the original record came from. */
    public static final String DLQ_SOURCE_TOPIC_HEADER = "trajectory.dlq.source.topic";
    public static final String DLQ_SOURCE_PARTITION_HEADER = "trajectory.dlq.source.partition";
    public static final String DLQ_SOURCE_OFFSET_HEADER = "trajectory.dlq.source.offset";

    /**
     * The Kafka Streams name of the re-route topic: records read from a {@code career-events} partition
     * other than the one Java's default partitioner picks for their key (murmur2) pass through it to
     * the task that holds the person. Streams creates and owns it as an internal topic (see
     * {@link #reroutedTopic(String)}), with as many partitions as {@code career-events}.
     */
    public static final String REROUTED = "career-events-rerouted";
    /** Headers a re-routed record carries on the re-route topic: where it was first read (UTF-8 strings). */
    public static final String REROUTE_SOURCE_TOPIC_HEADER = "trajectory.reroute.source.topic";
    public static final String REROUTE_SOURCE_PARTITION_HEADER = "trajectory.reroute.source.partition";
    public static final String REROUTE_SOURCE_OFFSET_HEADER = "trajectory.reroute.source.offset";

    /** The re-route topic of an application: {@code <application.id>-career-events-rerouted-repartition}. */
    public static String reroutedTopic(String applicationId) {
        return applicationId + "-" + REROUTED + "-repartition";
    }

    public static Topics from(TrajectoryConfig config) {
        int partitions = config.getInt(ConfigKey.TOPIC_PARTITIONS);
        short rf = (short) config.getInt(ConfigKey.TOPIC_REPLICATION_FACTOR);
        String minIsr = config.get(ConfigKey.TOPIC_MIN_INSYNC_REPLICAS);
        Map<String, String> durable = Map.of(
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr,
                TopicConfig.RETENTION_MS_CONFIG, "-1");
        Map<String, String> compacted = Map.of(
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr,
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        String events = config.get(ConfigKey.TOPIC_CAREER_EVENTS);
        return new Topics(
                // the system of record: kept forever
                new Topic<>(events, Serdes.String(), AvroSerdes.events(), partitions, rf, durable),
                new Topic<>(events, Serdes.ByteArray(), Serdes.ByteArray(), partitions, rf, durable),
                new Topic<>(config.get(ConfigKey.TOPIC_DLQ), Serdes.ByteArray(), Serdes.ByteArray(), partitions, rf, durable),
                new Topic<>(config.get(ConfigKey.TOPIC_PERSON_STATE), Serdes.String(), AvroSerdes.personState(),
                        partitions, rf, compacted),
                // compacted by transitionId: a correction supersedes the record it corrects
                new Topic<>(config.get(ConfigKey.TOPIC_STAGE_TRANSITIONS), Serdes.String(), AvroSerdes.stageTransition(),
                        partitions, rf, compacted),
                // few, small records read whole by every instance: one partition keeps them in order
                new Topic<>(config.get(ConfigKey.TOPIC_API_KEYS), Serdes.String(), Serdes.String(), 1, rf, compacted));
    }

    /** The topics the app creates (each name once). */
    public List<Topic<?, ?>> toCreate() {
        return List.of(careerEvents, deadLetters, personState, stageTransitions, apiKeys);
    }
}
