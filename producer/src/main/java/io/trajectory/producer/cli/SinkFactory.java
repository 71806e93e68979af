package io.trajectory.producer.cli;

import io.trajectory.config.TrajectoryConfig;
import io.trajectory.producer.CareerEventProducer;
import io.trajectory.producer.EventSink;

/** Opens the sink a command sends to; Kafka by default, anything in tests. */
@FunctionalInterface
public interface SinkFactory {

    EventSink open(TrajectoryConfig config);

    /** A {@link CareerEventProducer} for the config's cluster. */
    static SinkFactory kafka() {
        return CareerEventProducer::create;
    }
}
