package io.trajectory.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.trajectory.topics.Topics;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Marker;

/**
 * Drops one expected warning: at an application's first start, Kafka Streams' consumer asks for the
 * re-route topic ({@code <application.id>-career-events-rerouted-repartition}) a moment before Streams
 * creates it, and Kafka's {@code NetworkClient} warns that the topic is unknown, a few times. Only
 * warnings about that topic alone are dropped: any other unknown topic is still reported.
 */
public final class RerouteTopicWarmupFilter extends TurboFilter {

    static final String NETWORK_CLIENT = "org.apache.kafka.clients.NetworkClient";
    private static final String SUFFIX = "-" + Topics.REROUTED + "-repartition";
    /** The message as Kafka's LogContext loggers hand it over: already formatted, ending with the topic errors. */
    private static final Pattern FORMATTED = Pattern.compile(
            "reported a recoverable issue with correlation id \\d+ : \\{[^{}=,]+" + Pattern.quote(SUFFIX)
                    + "=UNKNOWN_TOPIC_OR_PARTITION\\}$");

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != Level.WARN || logger == null || !NETWORK_CLIENT.equals(logger.getName()) || format == null
                || !format.contains("reported a recoverable issue")) {
            return FilterReply.NEUTRAL;
        }
        if (params == null || params.length == 0) {
            return FORMATTED.matcher(format).find() ? FilterReply.DENY : FilterReply.NEUTRAL;
        }
        for (Object param : params) {
            if (param instanceof Map<?, ?> errors && !errors.isEmpty() && errors.entrySet().stream().allMatch(e ->
                    String.valueOf(e.getKey()).endsWith(SUFFIX) && "UNKNOWN_TOPIC_OR_PARTITION".equals(String.valueOf(e.getValue())))) {
                return FilterReply.DENY;
            }
        }
        return FilterReply.NEUTRAL;
    }
}
