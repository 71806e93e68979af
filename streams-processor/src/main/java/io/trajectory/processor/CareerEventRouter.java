package io.trajectory.processor;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head of the topology: one of a pair of filters over each raw {@code career-events} record.
 * {@link Route#HOME} passes on the records read from their key's home partition (and those with no
 * key, which the fold dead-letters), straight to the fold; {@link Route#AWAY} passes on the others,
 * bound for the re-route topic, with where they were read added to their headers (see
 * {@link Placement}). The bytes, key, timestamp and the producer's headers are never changed.
 */
final class CareerEventRouter implements Processor<byte[], byte[], byte[], byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(CareerEventRouter.class);

    /** Which records this filter passes on. */
    enum Route { HOME, AWAY }

    private final Route route;
    private final int partitions;
    private ProcessorContext<byte[], byte[]> context;
    private Sensor rerouted;
    private boolean warned;

    /** @param partitions the partition count of {@code career-events}, that the home partition is computed over */
    CareerEventRouter(Route route, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("career-events must have at least one partition, not " + partitions);
        }
        this.route = route;
        this.partitions = partitions;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        if (route == Route.AWAY) {
            // kafka_stream_reroute_records_total{reroute_id="career-events",...}: records sent to their home partition
            rerouted = context.metrics().addRateTotalSensor("reroute", "career-events", "records", Sensor.RecordingLevel.INFO);
        }
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata where = context.recordMetadata().orElseThrow(
                () -> new IllegalStateException("a career-events record without its topic and partition"));
        if (where.partition() >= partitions && !warned) {
            warned = true;
            LOG.error("career-events has more partitions than the {} the processor was started with (a record of partition {}):"
                    + " growing it moves people's home partitions and is not supported; records are re-routed by the count"
                    + " at start", partitions, where.partition());
        }
        boolean away = Placement.misplaced(record.key(), where.partition(), partitions);
        if (route == Route.HOME && !away) {
            context.forward(record);
        } else if (route == Route.AWAY && away) {
            rerouted.record();
            LOG.debug("record {}-{}@{} is not on its key's home partition {}; re-routed", where.topic(), where.partition(),
                    where.offset(), Placement.homePartition(record.key(), partitions));
            context.forward(record.withHeaders(Placement.rerouteHeaders(record.headers(),
                    new Placement.Origin(where.topic(), where.partition(), where.offset()))));
        }
    }
}
