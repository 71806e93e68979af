package io.trajectory.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

/** The shipped {@code logback.xml}: JSON lines carrying the eventId of the record being processed, or text. */
class LogFormatTest {

    @AfterEach
    void restore() {
        System.clearProperty(LogFormat.PROPERTY);
        MDC.clear();
    }

    /** Configures a private logger context from the production logback.xml and returns what one WARN line wrote. */
    private static String logOneLine(String format, boolean withEvent) throws Exception {
        System.setProperty(LogFormat.PROPERTY, format);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        // the MDC that MDC.put fills: the one of SLF4J's own (the test's) logback context
        context.setMDCAdapter(MDC.getMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        URL production = LogFormatTest.class.getClassLoader().getResource("logback.xml");
        assertThat(production).isNotNull();
        configurator.doConfigure(production);
        // the configured console appender, pointed at a buffer instead of the console
        ch.qos.logback.core.OutputStreamAppender<?> appender = (ch.qos.logback.core.OutputStreamAppender<?>)
                context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(format);
        assertThat(appender).as("appender named %s on the root logger", format).isNotNull();
        appender.setOutputStream(captured);
        Logger log = context.getLogger("io.trajectory.processor.CareerEventProcessor");
        if (withEvent) {
            MDC.put("eventId", "evt-42");
            MDC.put("personId", "ada");
        }
        log.warn("dead-lettered record {}: {}", "career-events-0@7", "invalid-event");
        context.getLogger("io.trajectory.app").debug("not at INFO");
        context.stop();
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonFormatWritesOneJsonObjectPerLineWithTheEventId() throws Exception {
        String out = logOneLine("json", true);
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(1);
        JsonNode line = new ObjectMapper().readTree(lines.get(0));
        assertThat(line.path("level").asText()).isEqualTo("WARN");
        assertThat(line.path("loggerName").asText()).isEqualTo("io.trajectory.processor.CareerEventProcessor");
        assertThat(line.path("formattedMessage").asText())
                .isEqualTo("dead-lettered record career-events-0@7: invalid-event");
        assertThat(line.path("mdc").path("eventId").asText()).isEqualTo("evt-42");
        assertThat(line.path("mdc").path("personId").asText()).isEqualTo("ada");
        assertThat(line.path("timestamp").asLong()).isPositive();
    }

    @Test
    void textFormatAppendsTheEventIdOnlyWhenThereIsOne() throws Exception {
        String out = logOneLine("text", true);
        assertThat(out).contains("WARN").contains("dead-lettered record career-events-0@7: invalid-event [eventId=evt-42]");
        MDC.clear();
        String without = logOneLine("text", false);
        assertThat(without).contains("dead-lettered record career-events-0@7: invalid-event")
                .doesNotContain("eventId").doesNotContain("[");
    }

    @Test
    void anUnknownFormatIsAClearErrorBeforeAnythingStarts() {
        System.setProperty(LogFormat.PROPERTY, "xml");
        assertThatThrownBy(LogFormat::check).isInstanceOf(UserError.class)
                .hasMessage("TRAJECTORY_LOG_FORMAT must be text or json, not 'xml'");
        System.setProperty(LogFormat.PROPERTY, "json");
        LogFormat.check();
    }

    @Test
    void dropsOnlyTheFirstStartWarningThatTheRerouteTopicIsNotCreatedYet() throws Exception {
        System.setProperty(LogFormat.PROPERTY, "text");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LogFormatTest.class.getClassLoader().getResource("logback.xml"));
        ((ch.qos.logback.core.OutputStreamAppender<?>) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                .getAppender("text")).setOutputStream(captured);
        Logger network = context.getLogger(RerouteTopicWarmupFilter.NETWORK_CLIENT);
        // as Kafka's NetworkClient writes it (its LogContext prefixes the format)
        String format = "[Consumer clientId=trajectory-1-StreamThread-1-consumer, groupId=trajectory] The metadata response"
                + " from the cluster reported a recoverable issue with correlation id {} : {}";
        network.warn(format, 2, java.util.Map.of("trajectory-career-events-rerouted-repartition",
                org.apache.kafka.common.protocol.Errors.UNKNOWN_TOPIC_OR_PARTITION));
        network.warn(format, 3, java.util.Map.of("career-events", org.apache.kafka.common.protocol.Errors.UNKNOWN_TOPIC_OR_PARTITION));
        network.warn(format, 4, java.util.Map.of("trajectory-career-events-rerouted-repartition",
                org.apache.kafka.common.protocol.Errors.TOPIC_AUTHORIZATION_FAILED));
        // as it really arrives: Kafka's LogContext logger formats the message itself and passes no arguments
        String prefix = "[Consumer clientId=trajectory-1-StreamThread-1-consumer, groupId=trajectory] ";
        network.warn(prefix + "The metadata response from the cluster reported a recoverable issue with correlation id 5 :"
                + " {trajectory-career-events-rerouted-repartition=UNKNOWN_TOPIC_OR_PARTITION}");
        network.warn(prefix + "The metadata response from the cluster reported a recoverable issue with correlation id 6 :"
                + " {career-events=UNKNOWN_TOPIC_OR_PARTITION, trajectory-career-events-rerouted-repartition=UNKNOWN_TOPIC_OR_PARTITION}");
        context.stop();

        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("correlation id 3 : {career-events=UNKNOWN_TOPIC_OR_PARTITION}");
        assertThat(lines.get(1)).contains("TOPIC_AUTHORIZATION_FAILED");
        assertThat(lines.get(2)).contains("correlation id 6 : {career-events=UNKNOWN_TOPIC_OR_PARTITION, ");
    }
}
