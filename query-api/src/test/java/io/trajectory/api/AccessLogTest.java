package io.trajectory.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AccessLogTest extends ApiTestSupport {

    private final Logger api = (Logger) LoggerFactory.getLogger("io.trajectory.api");
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Level previous;

    @BeforeEach
    void captureEverything() {
        previous = api.getLevel();
        api.setLevel(Level.DEBUG);
        logged.start();
        root.addAppender(logged);
        ((Logger) LoggerFactory.getLogger(ProblemHandlers.class)).addAppender(logged);
        ((Logger) LoggerFactory.getLogger(EventIngestResource.class)).addAppender(logged);
    }

    @AfterEach
    void restore() {
        api.setLevel(previous);
        root.detachAppender(logged);
        ((Logger) LoggerFactory.getLogger(ProblemHandlers.class)).detachAppender(logged);
        ((Logger) LoggerFactory.getLogger(EventIngestResource.class)).detachAppender(logged);
    }

    @Test
    void shouldLogEachRequestAtDebugButNeverTheBody() {
        String secret = "Confidential-Reason-4711";
        String departed = """
                {"specversion":"1.0","id":"evt-9","source":"hr/workday","type":"trajectory.departed",
                 "subject":"p-1","time":"2024-03-01T09:00:00Z","data":{"reason":"%s"}}
                """.formatted(secret);
        String broken = departed.replace("\"p-1\"", "\"bad id!\"");

        assertThat(post("/api/v1/events", "application/cloudevents+json", departed).status()).isEqualTo(202);
        assertThat(post("/api/v1/events", "application/cloudevents+json", broken).status()).isEqualTo(400);
        sink.afterConfirming(0, FakeEventSink.Mode.FAIL);
        assertThat(post("/api/v1/events", "application/cloudevents+json", departed).status()).isEqualTo(503);

        // the access log line is written once the response is complete: wait for it, bounded
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(accessLines()).hasSize(3));
        assertThat(accessLines())
                .extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
                .allSatisfy(t -> assertThat(t.toList().get(0)).isEqualTo(Level.DEBUG))
                .anySatisfy(t -> assertThat((String) t.toList().get(1)).startsWith("POST /api/v1/events 202"));
        assertThat(snapshot()).noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains(secret));
    }

    private List<ILoggingEvent> accessLines() {
        return snapshot().stream()
                .filter(e -> e.getLoggerName().equals("io.trajectory.api.access")).toList();
    }

    private List<ILoggingEvent> snapshot() {
        synchronized (logged) { // logback appends under the appender's lock
            return List.copyOf(logged.list);
        }
    }
}
