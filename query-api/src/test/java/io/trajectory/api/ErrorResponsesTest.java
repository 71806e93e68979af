package io.trajectory.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ErrorResponsesTest extends ApiTestSupport {

    private final Logger problemLog = (Logger) LoggerFactory.getLogger(ProblemHandlers.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        logged.start();
        problemLog.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        problemLog.detachAppender(logged);
    }

    @Test
    void shouldAnswer404ProblemForAnUnknownRoute() {
        Answer a = get("/api/v1/nothing-here");

        assertThat(a.status()).isEqualTo(404);
        assertThat(a.contentType()).isEqualTo("application/problem+json");
        assertThat(a.json().get("type").asText()).isEqualTo("about:blank");
        assertThat(a.json().get("title").asText()).isEqualTo("Not Found");
        assertThat(a.json().get("status").asInt()).isEqualTo(404);
        assertThat(a.json().get("detail").asText()).contains("GET /api/v1/nothing-here");
    }

    @Test
    void shouldAnswer405ProblemForAWrongMethod() {
        Answer delete = send("DELETE", "/api/v1/people/p-1", HttpRequest.BodyPublishers.noBody());
        Answer getEvents = get("/api/v1/events");

        for (Answer a : new Answer[] {delete, getEvents}) {
            assertThat(a.status()).isEqualTo(405);
            assertThat(a.contentType()).isEqualTo("application/problem+json");
            assertThat(a.json().get("title").asText()).isEqualTo("Method Not Allowed");
            assertThat(a.json().get("status").asInt()).isEqualTo(405);
        }
        assertThat(getEvents.header("Allow")).contains("POST");
    }

    @Test
    void shouldAnswer500ProblemWithoutInternalsForAnUnexpectedException() {
        people.failWith(new IllegalStateException("db password is hunter2"));

        Answer a = get("/api/v1/people/p-1001");

        assertThat(a.status()).isEqualTo(500);
        assertThat(a.contentType()).isEqualTo("application/problem+json");
        assertThat(a.json().get("title").asText()).isEqualTo("Internal Server Error");
        assertThat(a.json().get("status").asInt()).isEqualTo(500);
        String reference = a.json().get("reference").asText();
        assertThat(a.json().get("detail").asText()).contains(reference);
        assertThat(a.body()).doesNotContain("hunter2", "IllegalStateException", "at io.trajectory");
        assertThat(logged.list).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.ERROR);
            assertThat(e.getFormattedMessage()).contains(reference);
            assertThat(e.getThrowableProxy().getMessage()).isEqualTo("db password is hunter2");
        });
    }

    @Test
    void shouldNeverAnswerWithHtmlForAMalformedPath() {
        Answer a = get("/api/v1/people/a%2Fb");

        assertThat(a.status()).isBetween(400, 404);
        assertThat(a.contentType()).isEqualTo("application/problem+json");
        assertThat(a.json().get("status").asInt()).isEqualTo(a.status());
    }

    @Test
    void shouldAnswerProblemJsonEvenForRequestsJettyRejectsBeforeRouting() throws IOException {
        String raw = rawExchange("GET /%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(raw).startsWith("HTTP/1.1 400 ");
        assertThat(raw).containsIgnoringCase("Content-Type: application/problem+json");
        assertThat(raw).contains("\"status\":400", "\"title\":\"Bad Request\"").doesNotContain("<html");
    }

    private String rawExchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
