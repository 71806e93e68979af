package io.trajectory.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.trajectory.ladder.LadderLoader;
import io.trajectory.processor.fold.PersonFold;
import io.trajectory.producer.Events;
import io.trajectory.schemas.CareerEvents;
import io.trajectory.schemas.CodecException;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.LedgerEntry;
import io.trajectory.state.PersonLedger;
import io.trajectory.topics.Topics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input through the three doors, on a real broker: the HTTP API, the CLI import, and raw bytes
 * written to {@code career-events}. Every kind states what it gets: a status with a problem type and
 * a detail fragment, a CLI error line and exit code, or a dead letter with its reason header. Then a
 * final accounting over the topics and the stores: every record on {@code career-events} is either
 * in its person's ledger (or a counted duplicate of an event there) or in the dead-letter topic,
 * exactly once; nothing rejected at the HTTP or CLI door reached the topic; and every person's
 * folded events are exactly the distinct accepted ones.
 */
@Tag("integration")
@Timeout(600)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputIT {

    static final String EVENTS = "/api/v1/events";
    static final String CE = "application/cloudevents+json";
    static final String BATCH = "application/cloudevents-batch+json";
    static final String JSON = "application/json";
    static final String INVALID_EVENTS = "urn:trajectory:problem:invalid-events";
    static final String INVALID_QUERY = "urn:trajectory:problem:invalid-query";
    static final String BLANK = "about:blank";
    static final String CASE_HEADER = "badinput.kind";
    static final int MAX_BODY = 1_048_576;
    static final Duration WAIT = Duration.ofSeconds(90);
    /** Ids in bad HTTP bodies and bad CLI lines all start so; none may ever reach the topic. */
    static final Pattern BAD_ID = Pattern.compile("\"?(bx-[A-Za-z0-9._:@-]+)");

    @TempDir
    static Path dataDir;
    @TempDir
    static Path files;

    private ItRuntime it;
    private KafkaProducer<byte[], byte[]> raw;
    private final HttpClient client = HttpClient.newHttpClient();

    /** Kinds covered, by door. */
    private final Map<String, Set<String>> kinds = new TreeMap<>();
    /** Ids that went in bad HTTP requests or bad CLI lines: never on the topic. */
    private final Set<String> neverSent = new TreeSet<>();
    /** Ids accepted at a door: each must end in its person's ledger. */
    private final Set<String> accepted = new TreeSet<>();
    /** Records the test expects to be dead-lettered, by where they were written, with the reason. */
    private final Map<String, String> expectedDeadAt = new TreeMap<>();
    /** Raw-topic kinds that must be folded (not dead-lettered). */
    private final Set<String> topicKindsToLedger = new TreeSet<>();

    @BeforeAll
    void start() {
        it = ItRuntime.start(dataDir, Map.of());
        raw = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, it.runtime().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG, "all"));
        // the people the bad input is about
        postAccepted(ce("bi-ana-hired", "hired", "bi-ana", "2024-01-08T09:00:00Z",
                "{\"title\":\"TPM I\",\"department\":\"Payments\"}"));
        postAccepted(ce("bi-ana-project", "project-delivered", "bi-ana", "2024-03-01T09:00:00Z",
                "{\"projectId\":\"x\",\"name\":\"X\",\"crossTeam\":true}"));
        writeTopic("seed", "bi-tom", Codecs.events().encode(hired("bi-tom", "bi-tom-hired")));
    }

    @AfterAll
    void stop() {
        if (raw != null) {
            raw.close();
        }
        if (it != null) {
            it.close();
        }
    }

    // ------------------------------------------------------------------------------------------
    // door 1: HTTP
    // ------------------------------------------------------------------------------------------

    /** A request body; {@code chunked} sends it without a Content-Length. */
    record Body(byte[] bytes, boolean chunked) {
        static Body of(String text) {
            return new Body(text.getBytes(StandardCharsets.UTF_8), false);
        }
    }

    /**
     * Every HTTP call of this test goes through here, with the admin key: bad input must meet the
     * validation, not the guard.
     */
    private HttpResponse<String> http(String method, String path, Body body, Map<String, String> headers) {
        HttpRequest.Builder request = ItRuntime.authorized(HttpRequest.newBuilder(URI.create(it.base() + path)), it.adminKey())
                .timeout(Duration.ofSeconds(60));
        headers.forEach(request::setHeader); // a case may replace the key
        HttpRequest.BodyPublisher publisher = body == null ? BodyPublishers.noBody()
                : body.chunked() ? BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body.bytes()))
                : BodyPublishers.ofByteArray(body.bytes());
        request.method(method, publisher);
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code path} (through {@link #http}) until it answers 200 with JSON matching {@code until}. */
    private JsonNode awaitJson(String path, java.util.function.Predicate<JsonNode> until) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            HttpResponse<String> r = http("GET", path, null, Map.of());
            if (r.statusCode() != 200) {
                return false;
            }
            last[0] = read(r.body());
            return until.test(last[0]);
        });
        return last[0];
    }

    private HttpResponse<String> post(String contentType, String body) {
        return http("POST", EVENTS, Body.of(body), Map.of("Content-Type", contentType));
    }

    /** Posts and asserts 202; returns where Kafka put each event ("partition@offset"). */
    private List<String> postAccepted(String event) {
        HttpResponse<String> r = post(CE, event);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode answer = read(r.body());
        List<String> at = new ArrayList<>();
        for (JsonNode a : answer.path("accepted")) {
            accepted.add(a.path("id").asText());
            at.add(a.path("partition").asInt() + "@" + a.path("offset").asLong());
        }
        return at;
    }

    static String ce(String id, String type, String subject, String time, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"hr/it\",\"type\":\"trajectory." + type
                + "\",\"subject\":\"" + subject + "\",\"time\":\"" + time + "\",\"data\":" + data + "}";
    }

    static String promotion(String id, String data) {
        return ce(id, "promotion", "bi-ana", "2024-06-01T09:00:00Z", data);
    }

    static String goodPromotion(String id) {
        return promotion(id, "{\"toStage\":\"SENIOR\",\"title\":\"Senior TPM\"}");
    }

    /** One bad HTTP request and what it must get. */
    record HttpCase(String kind, String method, String path, Map<String, String> headers, Body body, int status,
            String problemType, String fragment) {
        @Override
        public String toString() {
            return kind;
        }
    }

    static HttpCase postCase(String kind, String contentType, String body, int status, String type, String fragment) {
        return new HttpCase(kind, "POST", EVENTS, contentType == null ? Map.of() : Map.of("Content-Type", contentType),
                Body.of(body), status, type, fragment);
    }

    static HttpCase invalid(String kind, String body, String fragment) {
        return postCase(kind, CE, body, 400, INVALID_EVENTS, fragment);
    }

    static HttpCase query(String kind, String path, int status, String type, String fragment) {
        return new HttpCase(kind, "GET", path, Map.of(), null, status, type, fragment);
    }

    static Stream<HttpCase> httpCases() {
        String good = goodPromotion("bx-good");
        byte[] latin1 = goodPromotion("bx-latin1").replace("Senior TPM", "Senior TPM caf\u00e9")
                .getBytes(StandardCharsets.ISO_8859_1);
        String hugeEvent = goodPromotion("bx-huge");
        StringBuilder huge = new StringBuilder("[");
        while (huge.length() <= MAX_BODY) {
            huge.append(hugeEvent).append(',');
        }
        huge.append(hugeEvent).append(']');
        String overLimitBatch = IntStream.range(0, 1001).mapToObj(i -> goodPromotion("bx-batch-" + i))
                .collect(Collectors.joining(",", "[", "]"));
        return Stream.of(
                // the body as a whole
                invalid("malformed JSON", "{\"specversion\":\"1.0\",\"id\":\"bx-malformed\",", "malformed JSON at line 1"),
                invalid("empty body", "", "empty body"),
                invalid("whitespace-only body", "  \n\t ", "empty body"),
                postCase("JSON that is not an object (a number)", JSON, "42", 400, INVALID_EVENTS, "expected a CloudEvent (a JSON object) or a batch (a JSON array), not 42"),
                invalid("a batch sent as one event", "[" + goodPromotion("bx-array") + "]", "carries one event (a JSON object), not an array"),
                postCase("one event sent as a batch", BATCH, goodPromotion("bx-object"), 400, INVALID_EVENTS, "carries a JSON array of events"),
                postCase("empty batch", BATCH, "[]", 400, INVALID_EVENTS, "empty batch"),
                postCase("batch of 1001 events", BATCH, overLimitBatch, 400, INVALID_EVENTS, "batch of 1001 events is larger than the limit of 1000"),
                postCase("body over http.max.body.bytes", BATCH, huge.toString(), 413, BLANK, "larger than 1048576 bytes"),
                new HttpCase("body over http.max.body.bytes, chunked (no Content-Length)", "POST", EVENTS,
                        Map.of("Content-Type", BATCH), new Body(huge.toString().getBytes(StandardCharsets.UTF_8), true),
                        413, BLANK, "larger than 1048576 bytes"),
                new HttpCase("gzip-compressed body (Content-Encoding: gzip)", "POST", EVENTS,
                        Map.of("Content-Type", CE, "Content-Encoding", "gzip"), new Body(gzip(good), false), 415, BLANK,
                        "Content-Encoding 'gzip' is not supported"),
                postCase("Content-Type text/plain", "text/plain", good, 415, BLANK, "content type 'text/plain' is not supported"),
                postCase("no Content-Type", null, good, 415, BLANK, "no Content-Type"),
                postCase("charset other than UTF-8", CE + "; charset=ISO-8859-1", good, 415, BLANK, "charset 'ISO-8859-1' is not supported"),
                new HttpCase("invalid UTF-8 (Latin-1 bytes)", "POST", EVENTS, Map.of("Content-Type", CE),
                        new Body(latin1, false), 400, INVALID_EVENTS, "not valid UTF-8: byte 0xe9"),
                invalid("duplicate JSON key", promotion("bx-dupkey", "{\"toStage\":\"SENIOR\",\"toStage\":\"JUNIOR\",\"title\":\"T\"}"), "Duplicate field 'toStage'"),
                invalid("text after the JSON value", goodPromotion("bx-trailing") + " {}", "malformed JSON"),
                invalid("JSON nested 5000 deep", promotion("bx-deep", "[".repeat(5000) + "]".repeat(5000)), "nesting depth"),
                invalid("number of 2000 digits", ce("bx-longnum", "interview-passed", "bi-ana", "2024-06-01T09:00:00Z",
                        "{\"role\":\"TPM\",\"round\":" + "9".repeat(2000) + "}"), "Number value length"),
                // the envelope
                invalid("missing id and subject", "{\"specversion\":\"1.0\",\"source\":\"hr/it\",\"type\":\"trajectory.departed\",\"time\":\"2024-06-01T09:00:00Z\"}", "\"field\":\"subject\",\"message\":\"is required\""),
                invalid("null id", goodPromotion("bx-null").replace("\"id\":\"bx-null\"", "\"id\":null"), "\"field\":\"id\",\"message\":\"is required\""),
                invalid("id that is a number", goodPromotion("bx-num").replace("\"id\":\"bx-num\"", "\"id\":42"), "\"field\":\"id\",\"message\":\"must be a string, not 42\""),
                invalid("id of 129 characters", goodPromotion("bx-" + "i".repeat(126)), "must be at most 128 characters, got 129"),
                invalid("id with a space", goodPromotion("bx-id with-space"), "must start with a letter or digit"),
                invalid("subject with a slash", ce("bx-slash", "departed", "bi/ana", "2024-06-01T09:00:00Z", "{}"), "\"field\":\"subject\""),
                invalid("specversion 0.3", goodPromotion("bx-spec").replace("\"1.0\"", "\"0.3\""), "must be \\\"1.0\\\" (CloudEvents 1.0)"),
                invalid("unknown event type", ce("bx-type", "promoted", "bi-ana", "2024-06-01T09:00:00Z", "{}"), "unknown type \\\"trajectory.promoted\\\""),
                invalid("time far in the future (2999)", ce("bx-future", "departed", "bi-ana", "2999-01-01T00:00:00Z", "{}"), "events must not be in the future"),
                invalid("time before 1900", ce("bx-1899", "departed", "bi-ana", "1899-12-31T23:59:59Z", "{}"), "must not be before 1900-01-01T00:00:00Z"),
                invalid("time that is not a timestamp", ce("bx-when", "departed", "bi-ana", "yesterday", "{}"), "must be an RFC 3339 timestamp"),
                invalid("time without an offset", ce("bx-offset", "departed", "bi-ana", "2024-06-01T09:00:00", "{}"), "must be an RFC 3339 timestamp"),
                invalid("recordedat far in the future", goodPromotion("bx-recorded").replace("\"data\"", "\"recordedat\":\"2999-01-01T00:00:00Z\",\"data\""), "h in the future"),
                invalid("datacontenttype text/xml", goodPromotion("bx-dct").replace("\"data\"", "\"datacontenttype\":\"text/xml\",\"data\""), "\"field\":\"datacontenttype\""),
                invalid("data_base64 instead of data", ce("bx-b64", "departed", "bi-ana", "2024-06-01T09:00:00Z", "{}").replace("\"data\":{}", "\"data_base64\":\"e30=\""), "binary data is not supported"),
                // the data
                invalid("data that is a string", promotion("bx-datastr", "\"SENIOR\""), "must be a JSON object"),
                invalid("null data", promotion("bx-datanull", "null"), "\"field\":\"data.toStage\",\"message\":\"is required"),
                invalid("missing required data", promotion("bx-missing", "{\"toStage\":\"SENIOR\"}"), "\"field\":\"data.title\",\"message\":\"is required"),
                invalid("unknown data attribute (a typo)", promotion("bx-typo", "{\"toStage\":\"SENIOR\",\"title\":\"T\",\"tittle\":\"T\"}"), "data.tittle"),
                invalid("whole number given as a string", ce("bx-round", "interview-passed", "bi-ana", "2024-06-01T09:00:00Z", "{\"role\":\"TPM\",\"round\":\"two\"}"), "must be a whole number, not \\\"two\\\""),
                invalid("whole number with a fraction", ce("bx-frac", "interview-passed", "bi-ana", "2024-06-01T09:00:00Z", "{\"role\":\"TPM\",\"round\":1.5}"), "must be a whole number, not 1.5"),
                invalid("boolean given as a string", ce("bx-bool", "project-delivered", "bi-ana", "2024-06-01T09:00:00Z", "{\"projectId\":\"p\",\"name\":\"P\",\"crossTeam\":\"yes\"}"), "must be true or false"),
                invalid("skills that are not an array", ce("bx-skills", "course-completed", "bi-ana", "2024-06-01T09:00:00Z", "{\"courseId\":\"c\",\"title\":\"C\",\"skills\":\"agile\",\"hours\":2}"), "must be an array of strings"),
                invalid("unknown stage", promotion("bx-stage", "{\"toStage\":\"CEO\",\"title\":\"Chief\"}"), "unknown stage 'CEO'"),
                invalid("stage that the event cannot enter", promotion("bx-cand", "{\"toStage\":\"CANDIDATE\",\"title\":\"T\"}"), "cannot be entered by Promotion"),
                invalid("unknown skill", ce("bx-skill", "skill-assessed", "bi-ana", "2024-06-01T09:00:00Z", "{\"skill\":\"juggling\",\"level\":3,\"assessorId\":\"m-1\"}"), "unknown skill 'juggling'"),
                invalid("skill level out of range", ce("bx-level", "skill-assessed", "bi-ana", "2024-06-01T09:00:00Z", "{\"skill\":\"agile\",\"level\":9,\"assessorId\":\"m-1\"}"), "must be from 0 to 5, not 9"),
                invalid("hours with 3 decimals", ce("bx-hours", "course-completed", "bi-ana", "2024-06-01T09:00:00Z", "{\"courseId\":\"c\",\"title\":\"C\",\"skills\":[],\"hours\":3.125}"), "at most 2 decimal places"),
                invalid("relationship kind not in the list", ce("bx-kind", "vendor-relationship-logged", "bi-ana", "2024-06-01T09:00:00Z", "{\"counterparty\":\"Acme\",\"kind\":\"supplier\"}"), "must be one of vendor, client, stakeholder"),
                invalid("oversize string (title of 501 characters)", promotion("bx-long", "{\"toStage\":\"SENIOR\",\"title\":\"" + "t".repeat(501) + "\"}"), "must be at most 500 characters, got 501"),
                invalid("control character in a text", promotion("bx-ctl", "{\"toStage\":\"SENIOR\",\"title\":\"Senior\\u0007TPM\"}"), "must not contain control characters"),
                invalid("bidi override in a department (an identifier)", ce("bx-bidi", "transferred", "bi-ana", "2024-06-01T09:00:00Z", "{\"department\":\"Pay\\u202Ements\"}"),
                        "data.department\",\"message\":\"must not contain format character U+202E (RIGHT-TO-LEFT OVERRIDE)"),
                invalid("zero-width space in the subject", ce("bx-zwsp", "departed", "bi-ana\\u200B", "2024-06-01T09:00:00Z", "{}"),
                        "\"field\":\"subject\",\"message\":\"must not contain format character U+200B (ZERO WIDTH SPACE)"),
                invalid("lone surrogate in a title", promotion("bx-surrogate", "{\"toStage\":\"SENIOR\",\"title\":\"TPM \\ud83d\"}"),
                        "\"field\":\"data.title\",\"message\":\"must not contain an unpaired surrogate U+D83D"),
                postCase("batch using one eventId for two people", BATCH,
                        "[" + goodPromotion("bx-two-people") + "," + ce("bx-two-people", "promotion", "bi-tom", "2024-06-01T09:00:00Z",
                                "{\"toStage\":\"SENIOR\",\"title\":\"Senior TPM\"}") + "]",
                        400, INVALID_EVENTS, "bx-two-people is also the id of event 0 of this batch, for another person (bi-ana)"),
                postCase("batch holding one eventId twice with different content", BATCH,
                        "[" + goodPromotion("bx-twice") + "," + promotion("bx-twice", "{\"toStage\":\"SENIOR\",\"title\":\"Chief\"}") + "]",
                        400, INVALID_EVENTS, "bx-twice conflicts with event 0 of this batch: same id, different data.title"),
                invalid("retraction of itself", ce("bx-self", "event-retracted", "bi-ana", "2024-06-01T09:00:00Z", "{\"retractedEventId\":\"bx-self\",\"reason\":\"r\"}"), "an event cannot retract itself"),
                postCase("batch with one bad event among good ones (all or nothing)", BATCH,
                        "[" + goodPromotion("bx-batch-good-1") + "," + promotion("bx-batch-bad", "{\"toStage\":\"CEO\",\"title\":\"T\"}")
                                + "," + goodPromotion("bx-batch-good-2") + "]",
                        400, INVALID_EVENTS, "1 of 3 events are invalid; nothing was sent (a batch is accepted whole or not at all)"),
                new HttpCase("PUT instead of POST", "PUT", EVENTS, Map.of("Content-Type", CE), Body.of(good), 405, BLANK,
                        "method PUT is not allowed"),
                // query parameters
                query("asOf that is not a timestamp", "/api/v1/people/bi-ana?asOf=yesterday", 400, INVALID_QUERY, "asOf"),
                query("knownAt with month 13", "/api/v1/people/bi-ana?knownAt=2024-13-01T00:00:00Z", 400, INVALID_QUERY, "knownAt"),
                query("asOf on the timeline without an offset", "/api/v1/people/bi-ana/timeline?asOf=2024-06-01T00:00:00", 400, INVALID_QUERY, "asOf"),
                query("asOf in year +999999999", "/api/v1/people/bi-ana?asOf=%2B999999999-12-31T23:59:59Z", 400, INVALID_QUERY,
                        "\"field\":\"asOf\",\"message\":\"must be from 1900-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z"),
                query("knownAt in year -999999999", "/api/v1/people/bi-ana?knownAt=-999999999-01-01T00:00:00Z", 400, INVALID_QUERY,
                        "\"value\":\"-999999999-01-01T00:00:00Z\""),
                query("timeline asOf a date before 1900", "/api/v1/people/bi-ana/timeline?asOf=1899-12-31", 400, INVALID_QUERY,
                        "\"earliest\":\"1900-01-01T00:00:00Z\""),
                query("stage-distribution asOf in year 10000", "/api/v1/analytics/stage-distribution?asOf=%2B10000-01-01T00:00:00Z",
                        400, INVALID_QUERY, "\"latest\":\"9999-12-31T23:59:59.999Z\""),
                query("after token that is not base64url", "/api/v1/people/bi-ana?after=not*a*token", 400, INVALID_QUERY,
                        "\"field\":\"after\""),
                query("after token naming a partition the topic does not have", "/api/v1/people/bi-ana?after="
                        + new io.trajectory.api.PositionToken(Map.of(3, 0L)).encode(), 400, INVALID_QUERY,
                        "career-events has 3 partitions"),
                query("after token past the end of its partition", "/api/v1/people?after="
                        + new io.trajectory.api.PositionToken(Map.of(0, 1_000_000_000L)).encode(), 400, INVALID_QUERY,
                        "is past the end of partition 0 of career-events"),
                query("unknown query parameter (a typo)", "/api/v1/people/bi-ana?asof=2024-06-01T00:00:00Z", 400, INVALID_QUERY, "asof"),
                query("explain that is not a boolean", "/api/v1/people/bi-ana?explain=maybe", 400, INVALID_QUERY, "explain"),
                query("malformed person id", "/api/v1/people/" + URLEncoder.encode("bi ana!", StandardCharsets.UTF_8).replace("+", "%20"), 400,
                        "urn:trajectory:problem:invalid-person-id", "personId must start with a letter or digit"),
                query("path of 10,000 characters", "/api/v1/people/" + "a".repeat(10_000), 414, BLANK,
                        "\"title\":\"URI Too Long\""),
                new HttpCase("request header of 20 KB", "GET", "/api/v1/people/bi-ana", Map.of("X-Filler", "f".repeat(20_000)), null,
                        431, BLANK, "\"title\":\"Request Header Fields Too Large\""),
                new HttpCase("Authorization that is not a bearer key", "GET", "/api/v1/people/bi-ana",
                        Map.of("Authorization", "Basic YWRtaW46YWRtaW4="), null, 401, "urn:trajectory:problem:unauthenticated",
                        "the Authorization header must be 'Bearer <key>'"),
                new HttpCase("bearer key that was never issued", "POST", EVENTS,
                        Map.of("Authorization", "Bearer not-a-key-0000", "Content-Type", CE), Body.of(good), 401,
                        "urn:trajectory:problem:unauthenticated", "the API key is not valid"),
                query("cursor that is not one of ours", "/api/v1/people?cursor=garbage", 400, INVALID_QUERY, "cursor"),
                query("limit 0", "/api/v1/people?limit=0", 400, INVALID_QUERY, "limit"),
                query("limit that is not a number", "/api/v1/people?limit=ten", 400, INVALID_QUERY, "limit"),
                query("unknown stage filter", "/api/v1/people?stage=CEO", 400, INVALID_QUERY, "stage"),
                query("analytics transition that skips a stage", "/api/v1/analytics/promotion-velocity?transition=JUNIOR-BEYOND", 400, INVALID_QUERY, "transition"));
    }

    static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Order(1)
    @ParameterizedTest(name = "HTTP: {0}")
    @MethodSource("httpCases")
    void shouldAnswerBadHttpInputWithAProblemAndSendNothing(HttpCase c) {
        long before = endOffsetSum();
        HttpResponse<String> r = http(c.method(), c.path(), c.body(), c.headers());

        assertThat(r.statusCode()).as(c.kind() + ": " + r.body()).isEqualTo(c.status());
        assertThat(r.headers().firstValue("Content-Type")).as(c.kind()).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = read(r.body());
        assertThat(problem.path("type").asText()).as(c.kind() + ": " + r.body()).isEqualTo(c.problemType());
        assertThat(problem.path("status").asInt()).isEqualTo(c.status());
        assertThat(r.body()).as(c.kind()).contains(c.fragment()).doesNotContain("Exception").doesNotContain("\tat ");
        if (c.body() != null) {
            Matcher ids = BAD_ID.matcher(new String(c.body().bytes(), StandardCharsets.ISO_8859_1));
            while (ids.find()) {
                neverSent.add(ids.group(1));
            }
        }
        assertThat(endOffsetSum()).as(c.kind() + ": nothing reached career-events").isEqualTo(before);
        kind("http", c.kind());
    }

    @Test
    @Order(2)
    void shouldTakeBadButWellFormedEventsOverHttpAndSettleThemInTheProcessor() {
        // the same eventId again with other content: 202 (ingest does not read the state), then the DLQ
        List<String> conflict = postAccepted(ce("bi-ana-hired", "hired", "bi-ana", "2024-01-08T09:00:00Z",
                "{\"title\":\"Chief Everything Officer\",\"department\":\"Payments\"}"));
        expectedDeadAt.put(conflict.get(0), "conflicting-duplicate");
        kind("http", "same eventId posted again with different content (202, then DLQ conflicting-duplicate)");

        // the very same event twice: counted once
        postAccepted(ce("bi-ana-course", "course-completed", "bi-ana", "2024-04-01T09:00:00Z",
                "{\"courseId\":\"c-1\",\"title\":\"Agile\",\"skills\":[\"agile\"],\"hours\":4.5}"));
        postAccepted(ce("bi-ana-course", "course-completed", "bi-ana", "2024-04-01T09:00:00Z",
                "{\"courseId\":\"c-1\",\"title\":\"Agile\",\"skills\":[\"agile\"],\"hours\":4.5}"));
        kind("http", "the same event posted twice (counted once)");

        // a retraction of an event nobody sent: kept, pending, changes nothing
        postAccepted(ce("bi-ana-retract-ghost", "event-retracted", "bi-ana", "2024-05-01T09:00:00Z",
                "{\"retractedEventId\":\"bi-ghost\",\"reason\":\"typo\"}"));
        kind("http", "retraction of an event never sent (kept pending)");

        // a department written decomposed (e + U+0301): stored in NFC, the same department as the composed spelling
        postAccepted(ce("bi-dan-hired", "hired", "bi-dan", "2024-01-08T09:00:00Z",
                "{\"title\":\"TPM I\",\"department\":\"Cafe\\u0301\",\"managerId\":\"m-1\"}"));
        kind("http", "department written decomposed (202, stored in NFC)");
        // a transfer dated after the departure, posted before it: changes nothing, whichever arrives first
        postAccepted(ce("bi-dan-transfer", "transferred", "bi-dan", "2024-09-01T09:00:00Z",
                "{\"department\":\"Search\",\"managerId\":\"m-9\"}"));
        postAccepted(ce("bi-dan-departed", "departed", "bi-dan", "2024-06-30T17:00:00Z", "{\"reason\":\"resigned\"}"));
        kind("http", "transfer dated after the departure (202, ignored by the fold)");
        JsonNode dan = awaitJson("/api/v1/people/bi-dan?explain=true", p -> p.path("eventCount").asInt() == 3);
        assertThat(dan.path("department").asText()).as(dan.toString()).isEqualTo("Caf\u00e9");
        assertThat(dan.path("status").asText()).isEqualTo("DEPARTED");
        assertThat(dan.path("managerId").asText()).as("a departed person's manager is not reassigned").isEqualTo("m-1");
        assertThat(dan.path("explanation").path("ignored").findValuesAsText("eventId")).containsExactly("bi-dan-transfer");

        JsonNode ana = awaitJson("/api/v1/people/bi-ana?explain=true",
                p -> p.path("counters").path("coursesCompleted").asInt() == 1
                        && p.path("explanation").path("foldedEvents").toString().contains("bi-ana-retract-ghost"));
        assertThat(ana.path("title").asText()).as("the conflicting copy changed nothing").isEqualTo("TPM I");
        assertThat(ana.path("counters").path("coursesCompleted").asInt()).isEqualTo(1);
        assertThat(ana.path("counters").path("programsDelivered").asInt()).isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------
    // door 2: the CLI import
    // ------------------------------------------------------------------------------------------

    /** One import run: a file, the arguments, what it must print and exit with. */
    record CliCase(String kind, String fileName, byte[] content, List<String> args, int exit, String summary,
            List<String> errLines, Set<String> sent) {
        @Override
        public String toString() {
            return kind;
        }
    }

    static CliCase cli(String kind, String fileName, String content, int exit, String summary, List<String> errLines,
            String... sent) {
        return new CliCase(kind, fileName, content == null ? null : content.getBytes(StandardCharsets.UTF_8), List.of(),
                exit, summary, errLines, Set.of(sent));
    }

    /** A "binary" first line: valid UTF-8 holding terminal escape sequences, a BEL, a bidi override, NULs. */
    static final byte[] BINARY = ("\u001b]0;pwned\u0007\u001b[2J\u202Eevil\u0000\u0000\u0001\u0002ELF" + "x".repeat(200) + "\n")
            .getBytes(StandardCharsets.UTF_8);

    static String jsonl(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    static String csvHeader() {
        return "id,type,subject,time,source,data.title,data.department,data.toStage,data.skill,data.level,data.assessorId\n";
    }

    static Stream<CliCase> cliCases() {
        String ok1 = ce("bc-jl-ok-1", "transferred", "bi-cli", "2024-02-01T09:00:00Z", "{\"department\":\"Search\"}");
        String ok2 = ce("bc-jl-ok-2", "skill-assessed", "bi-cli", "2024-02-02T09:00:00Z",
                "{\"skill\":\"agile\",\"level\":2,\"assessorId\":\"m-1\"}");
        String hire = "bc-csv-hire,hired,bi-cli,2024-01-08T09:00:00Z,hr/csv,TPM I,Platform,,,,\n";
        ByteArrayOutputStream latin1Csv = new ByteArrayOutputStream();
        latin1Csv.writeBytes((csvHeader() + "bc-csv-ok-3,skill-assessed,bi-cli,2024-03-01T09:00:00Z,hr/csv,,,,agile,3,m-1\n")
                .getBytes(StandardCharsets.UTF_8));
        latin1Csv.writeBytes("bx-csv-latin1,promotion,bi-cli,2024-03-02T09:00:00Z,hr/csv,Caf\u00e9 lead,,SENIOR,,,\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        ByteArrayOutputStream latin1Jsonl = new ByteArrayOutputStream();
        latin1Jsonl.writeBytes((ce("bc-jl-ok-4", "departed", "bi-cli2", "2024-02-01T09:00:00Z", "{}") + "\n").getBytes(StandardCharsets.UTF_8));
        latin1Jsonl.writeBytes((ce("bx-jl-latin1", "departed", "bi-cli2", "2024-02-01T09:00:00Z", "{\"reason\":\"d\u00e9part\"}") + "\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        String longLine = ce("bx-jl-long", "departed", "bi-cli", "2024-02-01T09:00:00Z", "{\"reason\":\"" + "r".repeat(1 << 20) + "\"}");
        return Stream.of(
                cli("missing file", "nope.jsonl", null, 2, null, List.of("error: file not found: FILE")),
                cli("file name without a known extension", "events.txt", jsonl(ok1), 2, null,
                        List.of("error: cannot tell the format of FILE from its name; use --format jsonl or --format csv")),
                new CliCase("unknown --format", "events.data", jsonl(ok1).getBytes(StandardCharsets.UTF_8), List.of("--format", "xml"),
                        2, null, List.of("error: unknown format 'xml'; use jsonl or csv"), Set.of()),
                cli("a directory instead of a file", "a-directory.jsonl", "<dir>", 2, null, List.of("error: FILE: is a directory, not an events file")),
                cli("empty CSV file", "empty.csv", "", 2, null, List.of("error: FILE: empty file: expected a header line")),
                cli("CSV header without a required column", "no-source.csv", "id,type,subject,time\nbx-csv-1,departed,bi-cli,2024-01-01T00:00:00Z\n",
                        2, null, List.of("error: FILE:1: missing column 'source'. Columns are")),
                cli("CSV header with an unknown and a duplicate column", "columns.csv",
                        "id,type,subject,time,source,colour,ID\nbx-csv-2,departed,bi-cli,2024-01-01T00:00:00Z,hr/csv,blue,x\n",
                        2, null, List.of("error: FILE:1: unknown column 'colour'; duplicate column 'ID'")),
                cli("CSV rows with bad values among good ones", "mixed.csv", csvHeader() + hire
                                + "bx-csv-level,skill-assessed,bi-cli,2024-02-01T12:00:00Z,hr/csv,,,,agile,9,m-1\n"
                                + "bx-csv-stage,promotion,bi-cli,2024-03-01T09:00:00Z,hr/csv,Chief,,CEO,,,\n"
                                + "bx-csv-skill,skill-assessed,bi-cli,2024-02-01T12:00:00Z,hr/csv,,,,juggling,2,m-1\n"
                                + "bx-csv-date,promotion,bi-cli,01/03/2024,hr/csv,Senior,,SENIOR,,,\n"
                                + ",transferred,bi-cli,2024-02-01T12:00:00Z,hr/csv,,Search,,,,\n"
                                + "bc-csv-ok-1,skill-assessed,bi-cli,2024-02-03T12:00:00Z,hr/csv,,,,agile,4,m-2\n",
                        3, "read 7, sent 2, rejected 5, failed 0",
                        List.of("FILE:3: data.level: must be from 0 to 5, not 9", "FILE:4: data.toStage: unknown stage 'CEO'",
                                "FILE:5: data.skill: unknown skill 'juggling'", "FILE:6: time: must be an RFC 3339 timestamp",
                                "FILE:7: id: is required"),
                        "bc-csv-hire", "bc-csv-ok-1"),
                cli("CSV row with more cells than columns", "cells.csv", csvHeader()
                                + "bx-csv-cells,promotion,bi-cli,2024-03-01T09:00:00Z,hr/csv,Senior,,SENIOR,,,,extra,cells\n"
                                + "bc-csv-ok-2,skill-assessed,bi-cli,2024-02-04T12:00:00Z,hr/csv,,,,agile,4,m-2\n",
                        3, "read 2, sent 1, rejected 1, failed 0", List.of("FILE:2: has 13 cells but the header has 11 columns"),
                        "bc-csv-ok-2"),
                cli("CSV with an unterminated quote", "quote.csv", csvHeader()
                                + "bc-csv-q-ok,skill-assessed,bi-cli,2024-02-05T12:00:00Z,hr/csv,,,,agile,4,m-2\n"
                                + "bx-csv-quote,promotion,bi-cli,2024-03-01T09:00:00Z,hr/csv,\"Senior TPM,,SENIOR,,,\n"
                                + "bx-csv-after,promotion,bi-cli,2024-03-01T09:00:00Z,hr/csv,Senior,,SENIOR,,,\n",
                        3, "sent 1, rejected 1, failed 0", List.of("malformed CSV", "(the rest of the file is not read)"), "bc-csv-q-ok"),
                new CliCase("CSV row that is not UTF-8", "latin1.csv", latin1Csv.toByteArray(), List.of(), 3,
                        "read 2, sent 1, rejected 1, failed 0", List.of("FILE:3: not valid UTF-8"), Set.of("bc-csv-ok-3")),
                cli("JSON lines: bad lines among good ones", "mixed.jsonl", jsonl(ok1,
                                "{\"specversion\":\"1.0\",\"id\":\"bx-jl-broken\",",
                                "[1,2,3]",
                                ce("bx-jl-type", "promoted", "bi-cli", "2024-02-01T09:00:00Z", "{}"),
                                ce("bx-jl-future", "departed", "bi-cli", "2999-02-01T09:00:00Z", "{}"),
                                "",
                                ok2),
                        3, "read 6, sent 2, rejected 4, failed 0",
                        List.of("FILE:2: malformed JSON at line 1", "FILE:3: expected one CloudEvent (a JSON object), not an array",
                                "FILE:4: type: unknown type", "FILE:5: time: is more than 24 h after"),
                        "bc-jl-ok-1", "bc-jl-ok-2"),
                new CliCase("JSON lines: a line that is not UTF-8", "latin1.ndjson", latin1Jsonl.toByteArray(), List.of(), 3,
                        "read 2, sent 1, rejected 1, failed 0", List.of("FILE:2: not valid UTF-8: byte 0xe9"), Set.of("bc-jl-ok-4")),
                cli("JSON lines: a line over 1 MiB", "long.jsonl", jsonl(longLine,
                                ce("bc-jl-ok-5", "departed", "bi-cli3", "2024-02-01T09:00:00Z", "{}")),
                        3, "read 2, sent 1, rejected 1, failed 0", List.of("FILE:1: line is longer than 1048576 bytes"), "bc-jl-ok-5"),
                cli("a JSON array in a .json file (not JSON lines)", "array.json",
                        "[\n  " + ce("bx-arr-1", "departed", "bi-cli", "2024-02-01T09:00:00Z", "{}") + "\n]\n",
                        2, null, List.of("error: FILE:1: the file is a JSON array, not JSON lines")),
                new CliCase("a binary file given as JSON lines", "a.out.jsonl", BINARY, List.of(), 3,
                        "read 1, sent 0, rejected 1, failed 0", List.of("FILE:1: malformed JSON"), Set.of()),
                new CliCase("a binary file given as CSV", "a.out.csv", BINARY, List.of(), 2, null,
                        List.of("error: FILE:1: unknown column '\\x1B]0;pwned\\x07\\x1B[2J\\u202Eevil\\x00"), Set.of()),
                cli("the same id twice with different content", "conflict.jsonl", jsonl(
                                ce("bc-dup-c", "skill-assessed", "bi-cli", "2024-02-06T09:00:00Z", "{\"skill\":\"agile\",\"level\":2,\"assessorId\":\"m-1\"}"),
                                ce("bc-dup-c", "skill-assessed", "bi-cli", "2024-02-06T09:00:00Z", "{\"skill\":\"agile\",\"level\":5,\"assessorId\":\"m-1\"}")),
                        3, "read 2, sent 1, rejected 1, failed 0",
                        List.of("FILE:2: id: bc-dup-c conflicts with line 1: same id, different data.level; not sent"), "bc-dup-c"),
                cli("the same id for two people", "two-people.jsonl", jsonl(
                                ce("bc-two", "departed", "bi-cli4", "2024-02-06T09:00:00Z", "{}"),
                                ce("bc-two", "departed", "bi-cli5", "2024-02-06T09:00:00Z", "{}")),
                        3, "read 2, sent 1, rejected 1, failed 0",
                        List.of("FILE:2: id: bc-two is already used on line 1 for another person (bi-cli4)"), "bc-two"),
                cli("every line bad", "all-bad.jsonl", jsonl("nope", "{}"), 3, "read 2, sent 0, rejected 2, failed 0",
                        List.of("FILE:1: malformed JSON", "FILE:2: specversion: is required")));
    }

    @Order(3)
    @ParameterizedTest(name = "CLI: {0}")
    @MethodSource("cliCases")
    void shouldReportBadImportInputByFileAndLineAndSendOnlyTheGoodLines(CliCase c) throws IOException {
        Path file = files.resolve(c.fileName());
        if (c.content() != null && new String(c.content(), StandardCharsets.UTF_8).equals("<dir>")) {
            Files.createDirectories(file);
        } else if (c.content() != null) {
            Files.write(file, c.content());
        }
        List<String> args = new ArrayList<>(List.of("import", "--bootstrap-servers", it.runtime().bootstrapServers(),
                "--progress-every", "0"));
        args.addAll(c.args());
        args.add(file.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = TrajectoryMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute(args.toArray(String[]::new));

        String errText = err.toString();
        assertThat(exit).as(c.kind() + "\n" + out + errText).isEqualTo(c.exit());
        for (String line : c.errLines()) {
            assertThat(errText).as(c.kind()).contains(line.replace("FILE", file.toString()));
        }
        assertThat(errText).as(c.kind()).doesNotContain("Exception").doesNotContain("\tat ");
        // input is quoted escaped: no control (but line ends), format or separator character reaches the terminal
        assertThat(errText.codePoints().filter(cp -> cp != '\n' && cp != '\r' && switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE -> true;
            default -> false;
        }).mapToObj(cp -> String.format("U+%04X", cp))).as(c.kind() + ": unescaped characters on stderr").isEmpty();
        if (c.summary() != null) {
            assertThat(out.toString()).as(c.kind()).contains(c.summary());
        } else {
            assertThat(out.toString()).as(c.kind()).isEmpty();
        }
        if (c.content() != null) {
            Matcher ids = BAD_ID.matcher(new String(c.content(), StandardCharsets.ISO_8859_1));
            while (ids.find()) {
                neverSent.add(ids.group(1));
            }
        }
        accepted.addAll(c.sent());
        kind("cli", c.kind());
    }

    // ------------------------------------------------------------------------------------------
    // door 3: raw bytes on career-events
    // ------------------------------------------------------------------------------------------

    /** One raw record and its fate: a dead letter with this reason (and detail fragment), or null: folded. */
    record TopicCase(String kind, byte[] key, byte[] value, String reason, String detail) {
        @Override
        public String toString() {
            return kind;
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static SpecificRecord hired(String person, String id) {
        return Events.hired(person).eventId(id).title("TPM I").department("Payments")
                .occurredAt(Instant.parse("2024-01-08T09:00:00Z")).recordedAt(Instant.parse("2024-01-09T09:00:00Z"))
                .source("hr/raw").build();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }

    static TopicCase dead(String kind, String key, byte[] value, String reason, String detail) {
        return new TopicCase(kind, key == null ? null : utf8(key), value, reason, detail);
    }

    static Stream<TopicCase> topicCases() {
        byte[] departed = Codecs.events().encode(Events.departed("bi-tom").eventId("bt-departed-x")
                .occurredAt(Instant.parse("2024-09-01T09:00:00Z")).source("hr/raw").build());
        byte[] unknownFingerprint = departed.clone();
        unknownFingerprint[5] ^= 0x5A;
        byte[] hugeString = Arrays.copyOf(departed, 15);
        hugeString[10] = (byte) 0x80; // the eventId declares 2^30 bytes (zig-zag varint 80 80 80 80 08)
        hugeString[11] = (byte) 0x80;
        hugeString[12] = (byte) 0x80;
        hugeString[13] = (byte) 0x80;
        hugeString[14] = (byte) 0x08;
        byte[] vendor = Codecs.events().encode(Events.vendorRelationshipLogged("bi-tom").eventId("bt-vendor")
                .counterparty("Acme").kind(io.trajectory.events.RelationshipKind.VENDOR)
                .occurredAt(Instant.parse("2024-02-01T09:00:00Z")).recordedAt(Instant.parse("2024-02-01T09:00:00Z"))
                .source("hr/raw").build());
        byte[] badEnum = vendor.clone();
        badEnum[badEnum.length - 1] = (byte) 0x7E; // the enum index, last in the record: 63, of 4 symbols
        SpecificRecord unknownStage = Events.promotion("bi-tom").eventId("bt-ceo").toStage("CEO").title("CEO")
                .occurredAt(Instant.parse("2024-05-01T09:00:00Z")).source("hr/raw").build();
        SpecificRecord endOfTime = Events.departed("bi-tom").eventId("bt-end-of-time").occurredAt(Instant.parse("2024-05-01T09:00:00Z"))
                .source("hr/raw").build();
        CareerEvents.header(endOfTime).setOccurredAt(Instant.ofEpochMilli(Long.MAX_VALUE));
        CareerEvents.header(endOfTime).setRecordedAt(Instant.ofEpochMilli(Long.MAX_VALUE));
        SpecificRecord future = Events.departed("bi-tom").eventId("bt-2999").occurredAt(Instant.parse("2999-01-01T00:00:00Z"))
                .recordedAt(Instant.parse("2999-01-01T00:00:00Z")).source("hr/raw").build();
        SpecificRecord badPerson = Events.departed("bi tom").eventId("bt-bad-person").occurredAt(Instant.parse("2024-05-01T09:00:00Z"))
                .source("hr/raw").build();
        SpecificRecord conflicting = Events.hired("bi-tom").eventId("bi-tom-hired").title("Chief").department("Payments")
                .occurredAt(Instant.parse("2024-01-08T09:00:00Z")).recordedAt(Instant.parse("2024-01-09T09:00:00Z"))
                .source("hr/raw").build();
        SpecificRecord ghostRetraction = Events.eventRetracted("bi-tom").eventId("bt-retract-ghost").retractedEventId("bt-never-sent")
                .reason("typo").occurredAt(Instant.parse("2024-03-01T09:00:00Z")).source("hr/raw").build();
        SpecificRecord foreignRetraction = Events.eventRetracted("bi-tom").eventId("bt-retract-foreign")
                .retractedEventId("bi-ana-project").reason("not ours").occurredAt(Instant.parse("2024-03-02T09:00:00Z"))
                .source("hr/raw").build();
        SpecificRecord loneRetraction = Events.eventRetracted("bi-ghost").eventId("bt-lone-retraction").retractedEventId("bt-nothing")
                .reason("typo").occurredAt(Instant.parse("2024-03-01T09:00:00Z")).source("hr/raw").build();
        SpecificRecord spoofed = Events.transferred("bi-tom").eventId("bt-spoofed").department("Search")
                .occurredAt(Instant.parse("2024-04-01T09:00:00Z")).source("hr/raw").build();
        byte[] state = Codecs.personState().encode(PersonFold.initial("bi-tom", LadderLoader.defaultLadder()));
        byte[] notUtf8 = Codecs.events().encode(Events.departed("bi-tom").eventId("bt-not-utf8").reason("left for Xanadu")
                .occurredAt(Instant.parse("2024-05-01T09:00:00Z")).source("hr/raw").build());
        notUtf8[indexOf(notUtf8, utf8("Xanadu"))] = (byte) 0xFF; // Avro's decoder would make it U+FFFD, silently
        SpecificRecord bidi = Events.transferred("bi-tom").eventId("bt-bidi").department("Pay\u202Ements")
                .occurredAt(Instant.parse("2024-05-01T09:00:00Z")).source("hr/raw").build();
        SpecificRecord decomposed = Events.transferred("bi-tom").eventId("bt-nfd").department("Cafe\u0301")
                .occurredAt(Instant.parse("2024-05-01T09:00:00Z")).source("hr/raw").build();
        SpecificRecord leoTransfer = Events.transferred("bi-leo").eventId("bl-transfer").department("Search").managerId("m-9")
                .occurredAt(Instant.parse("2024-09-01T09:00:00Z")).source("hr/raw").build();
        SpecificRecord leoDeparted = Events.departed("bi-leo").eventId("bl-departed").reason("resigned")
                .occurredAt(Instant.parse("2024-06-30T17:00:00Z")).source("hr/raw").build();
        return Stream.of(
                dead("a string that is not UTF-8", "bi-tom", notUtf8, "malformed-body", "data.reason: is not valid UTF-8"),
                dead("a bidi override in a department", "bi-tom", Codecs.events().encode(bidi), "invalid-event",
                        "data.department: must not contain format character U+202E (RIGHT-TO-LEFT OVERRIDE)"),
                dead("a department not in NFC", "bi-tom", Codecs.events().encode(decomposed), "invalid-event",
                        "data.department: must be in Unicode normalization form NFC"),
                dead("hire of a person who later leaves", "bi-leo", Codecs.events().encode(hired("bi-leo", "bl-hired")), null, null),
                dead("a transfer dated after a departure that has not arrived yet", "bi-leo", Codecs.events().encode(leoTransfer), null, null),
                dead("a departure arriving after a later transfer (the transfer then changes nothing)", "bi-leo",
                        Codecs.events().encode(leoDeparted), null, null),
                dead("not Avro (JSON text)", "bi-tom", utf8("{\"id\":\"x\"}"), "bad-marker", "not the Avro single-object marker"),
                dead("empty value (0 bytes)", "bi-tom", new byte[0], "truncated", "message of 0 bytes"),
                dead("header shorter than 10 bytes", "bi-tom", new byte[] {(byte) 0xC3, 0x01, 0x00}, "truncated", "message of 3 bytes"),
                dead("null value (a tombstone)", "bi-tom", null, "missing-value", "tombstones are not events"),
                dead("null key", null, departed, "missing-key", "the key must be the personId"),
                dead("unknown Avro fingerprint", "bi-tom", unknownFingerprint, "unknown-schema", "unknown schema fingerprint"),
                dead("Avro of a schema that is not an event (PersonState)", "bi-tom", state, "unknown-schema", "unknown schema fingerprint"),
                dead("truncated Avro body", "bi-tom", Arrays.copyOf(departed, departed.length - 6), "malformed-body", "the body ends before the record does"),
                dead("bytes after the Avro record", "bi-tom", Arrays.copyOf(departed, departed.length + 4), "malformed-body", "4 bytes left after the end of the record"),
                dead("Avro body declaring a 1 GiB string", "bi-tom", hugeString, "malformed-body", "exceeds maximum allowed"),
                dead("Avro enum index out of range", "bi-tom", badEnum, "malformed-body", "io.trajectory.events.VendorRelationshipLogged"),
                dead("key that is not the personId", "bi-ana", departed, "key-mismatch", "differs from the event's personId 'bi-tom'"),
                new TopicCase("key that is not UTF-8", new byte[] {(byte) 0xFF, (byte) 0xFE, 0x62}, departed, "key-mismatch", "not valid UTF-8"),
                dead("valid Avro that fails validation (unknown stage)", "bi-tom", Codecs.events().encode(unknownStage), "invalid-event", "unknown stage 'CEO'"),
                dead("valid Avro with an id that breaks the id rule", "bi tom", Codecs.events().encode(badPerson), "invalid-event", "subject: must start with a letter or digit"),
                dead("valid Avro dated after year 9999", "bi-tom", Codecs.events().encode(endOfTime), "invalid-event", "must not be after 9999-12-31T23:59:59.999Z"),
                dead("valid Avro recorded in 2999 (after its Kafka record was written)", "bi-tom", Codecs.events().encode(future), "invalid-event", "recordedAt: is in the future"),
                dead("known eventId with different content (conflicting duplicate)", "bi-tom", Codecs.events().encode(conflicting), "conflicting-duplicate", "already accepted with different content"),
                dead("exact copy of an accepted event", "bi-tom", Codecs.events().encode(hired("bi-tom", "bi-tom-hired")), null, null),
                dead("retraction of an event never sent (kept pending)", "bi-tom", Codecs.events().encode(ghostRetraction), null, null),
                dead("retraction naming another person's event (applies to its own person only)", "bi-tom", Codecs.events().encode(foreignRetraction), null, null),
                dead("retraction as the only event of a person never seen", "bi-ghost", Codecs.events().encode(loneRetraction), null, null),
                new TopicCase("valid event carrying forged dead-letter headers", utf8("bi-tom"), Codecs.events().encode(spoofed), null, null));
    }

    @Order(4)
    @ParameterizedTest(name = "topic: {0}")
    @MethodSource("topicCases")
    void shouldWriteRawRecordsThatTheProcessorMustSettle(TopicCase c) {
        List<Header> headers = new ArrayList<>();
        if (c.kind().startsWith("valid event carrying forged")) {
            headers.add(new RecordHeader(Topics.DLQ_REASON_HEADER, utf8("bad-marker")));
            headers.add(new RecordHeader(Topics.DLQ_SOURCE_OFFSET_HEADER, utf8("0")));
        }
        String at = writeTopic(c.kind(), c.key(), c.value(), headers);
        if (c.reason() != null) {
            expectedDeadAt.put(at, c.reason());
        } else {
            topicKindsToLedger.add(c.kind());
        }
        kind("topic", c.kind());
    }

    private String writeTopic(String kind, String key, byte[] value) {
        return writeTopic(kind, utf8(key), value, List.of());
    }

    private String writeTopic(String kind, byte[] key, byte[] value, List<Header> extra) {
        List<Header> headers = new ArrayList<>(extra);
        headers.add(new RecordHeader(CASE_HEADER, utf8(kind)));
        try {
            RecordMetadata m = raw.send(new ProducerRecord<>("career-events", null, key, value, headers)).get();
            return m.partition() + "@" + m.offset();
        } catch (Exception e) {
            throw new IllegalStateException("could not write the record of '" + kind + "'", e);
        }
    }

    // ------------------------------------------------------------------------------------------
    // the final accounting
    // ------------------------------------------------------------------------------------------

    @Test
    @Order(5)
    void shouldAccountForEveryRecordExactlyOnce() {
        List<ConsumerRecord<byte[], byte[]>> events = readAll("career-events");
        Map<String, ConsumerRecord<byte[], byte[]>> eventsAt = new LinkedHashMap<>();
        events.forEach(r -> eventsAt.put(r.partition() + "@" + r.offset(), r));

        // wait until the processor settled every record: dead-lettered, or reflected in a ledger
        Map<String, List<ConsumerRecord<byte[], byte[]>>> deadAt = new HashMap<>();
        Map<String, Optional<PersonLedger>> ledgers = new HashMap<>();
        // (awaitility reports the last failed assertion, i.e. which records are lost, if it never settles)
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            deadAt.clear();
            ledgers.clear();
            for (ConsumerRecord<byte[], byte[]> d : readAll("career-events-dlq")) {
                deadAt.computeIfAbsent(header(d, Topics.DLQ_SOURCE_PARTITION_HEADER) + "@" + header(d, Topics.DLQ_SOURCE_OFFSET_HEADER),
                        k -> new ArrayList<>()).add(d);
            }
            List<String> unsettled = new ArrayList<>();
            eventsAt.forEach((at, r) -> {
                if (!deadAt.containsKey(at) && !inLedger(r, ledgers)) {
                    unsettled.add(at + " (" + header(r, CASE_HEADER) + ")");
                }
            });
            assertThat(unsettled).as("records on career-events neither dead-lettered nor in a ledger (lost)").isEmpty();
        });

        int dead = 0;
        int folded = 0;
        int duplicates = 0;
        Map<String, Set<String>> acceptedByPerson = new TreeMap<>();
        Map<String, Map<String, String>> retractionsByPerson = new TreeMap<>();
        Set<String> idsOnTopic = new HashSet<>();
        for (var e : eventsAt.entrySet()) {
            ConsumerRecord<byte[], byte[]> r = e.getValue();
            Optional<SpecificRecord> event = decode(r.value());
            event.ifPresent(ev -> idsOnTopic.add(CareerEvents.eventId(ev)));
            List<ConsumerRecord<byte[], byte[]>> letters = deadAt.getOrDefault(e.getKey(), List.of());
            boolean reflected = inLedger(r, ledgers);
            String what = e.getKey() + " (" + header(r, CASE_HEADER) + ")";
            assertThat(letters.size()).as(what + ": dead-lettered at most once").isLessThanOrEqualTo(1);
            assertThat(letters.size() == 1 ^ reflected).as(what + ": either in the DLQ or in a ledger, exactly one of them").isTrue();
            if (letters.size() == 1) {
                dead++;
                ConsumerRecord<byte[], byte[]> d = letters.get(0);
                assertThat(d.value()).as(what + ": dead letter keeps the value byte for byte").isEqualTo(r.value());
                assertThat(d.key()).as(what + ": dead letter keeps the key").isEqualTo(r.key());
                assertThat(header(d, Topics.DLQ_SOURCE_TOPIC_HEADER)).isEqualTo("career-events");
                assertThat(header(d, Topics.DLQ_DETAIL_HEADER)).as(what).isNotBlank();
                if (expectedDeadAt.containsKey(e.getKey())) {
                    assertThat(header(d, Topics.DLQ_REASON_HEADER)).as(what).isEqualTo(expectedDeadAt.get(e.getKey()));
                }
            } else {
                SpecificRecord ev = event.orElseThrow();
                String person = CareerEvents.personId(ev);
                String id = CareerEvents.eventId(ev);
                if (!acceptedByPerson.computeIfAbsent(person, p -> new TreeSet<>()).add(id)) {
                    duplicates++;
                }
                if (ev instanceof io.trajectory.events.EventRetracted retraction) {
                    retractionsByPerson.computeIfAbsent(person, p -> new TreeMap<>()).put(id, retraction.getRetractedEventId());
                }
                folded++;
            }
        }
        // every expected dead letter happened, with its reason; every expected fold happened
        assertThat(expectedDeadAt.keySet()).as("records expected in the DLQ").allSatisfy(at -> assertThat(deadAt).containsKey(at));
        for (var e : deadAt.entrySet()) {
            assertThat(eventsAt).as("a dead letter points at a record of career-events").containsKey(e.getKey());
        }
        Set<String> foldedKinds = eventsAt.entrySet().stream().filter(e -> !deadAt.containsKey(e.getKey()))
                .map(e -> header(e.getValue(), CASE_HEADER)).filter(k -> k != null).collect(Collectors.toSet());
        assertThat(foldedKinds).containsAll(topicKindsToLedger);
        // nothing rejected at the HTTP or CLI door reached the topic; everything accepted there did
        assertThat(neverSent).isNotEmpty();
        assertThat(idsOnTopic).as("ids rejected at the HTTP or CLI door").doesNotContainAnyElementsOf(neverSent);
        assertThat(idsOnTopic).as("ids accepted at a door").containsAll(accepted);
        Set<String> allFolded = acceptedByPerson.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
        assertThat(allFolded).containsAll(accepted);

        // each person's folded events are exactly the distinct accepted events minus the retracted ones, once each
        for (var p : acceptedByPerson.entrySet()) {
            Map<String, String> retractions = retractionsByPerson.getOrDefault(p.getKey(), Map.of());
            // a retraction is itself folded (a no-op in the state); the event it names is not, unless that is a retraction
            Set<String> expected = new TreeSet<>(p.getValue());
            retractions.values().stream().filter(t -> !retractions.containsKey(t)).forEach(expected::remove);
            JsonNode person = awaitJson("/api/v1/people/" + p.getKey() + "?explain=true", j -> true);
            List<String> foldedEvents = new ArrayList<>();
            person.path("explanation").path("foldedEvents").forEach(n -> foldedEvents.add(n.asText()));
            assertThat(foldedEvents).as(p.getKey() + ": folded once each").doesNotHaveDuplicates();
            assertThat(new TreeSet<>(foldedEvents)).as(p.getKey() + ": folded events").isEqualTo(expected);
            assertThat(person.path("eventCount").asInt()).as(p.getKey() + ": eventCount").isEqualTo(expected.size());
        }
        assertThat(acceptedByPerson.get("bi-ana")).as("a retraction naming bi-ana's event from bi-tom's record does not touch bi-ana")
                .contains("bi-ana-project");

        JsonNode leo = awaitJson("/api/v1/people/bi-leo?explain=true", j -> true);
        assertThat(leo.path("status").asText()).as(leo.toString()).isEqualTo("DEPARTED");
        assertThat(leo.path("department").asText()).as("the transfer after the departure changed nothing").isEqualTo("Payments");
        assertThat(leo.path("managerId").isNull()).as(leo.toString()).isTrue();
        assertThat(leo.path("explanation").path("ignored").findValuesAsText("eventId")).containsExactly("bl-transfer");

        JsonNode ghost = awaitJson("/api/v1/people/bi-ghost", j -> true);
        assertThat(ghost.path("status").asText()).as("known only by a pending retraction").isEqualTo("UNKNOWN");
        assertThat(ghost.path("stageHistory").isEmpty()).as(ghost.toString()).isTrue();
        assertThat(ghost.path("eventCount").asInt()).as(ghost.toString()).isEqualTo(1);

        int total = kinds.values().stream().mapToInt(Set::size).sum();
        String summary = String.format("BAD-INPUT kinds=%d (http=%d cli=%d topic=%d) records=%d folded=%d (duplicates=%d) "
                        + "dead-lettered=%d persons=%d rejected-ids-never-sent=%d accepted-ids-folded=%d",
                total, kinds.getOrDefault("http", Set.of()).size(), kinds.getOrDefault("cli", Set.of()).size(),
                kinds.getOrDefault("topic", Set.of()).size(), eventsAt.size(), folded, duplicates, dead,
                acceptedByPerson.size(), neverSent.size(), accepted.size());
        System.out.println(summary);
        assertThat(total).isGreaterThanOrEqualTo(40);
        assertThat(folded + dead).isEqualTo(eventsAt.size());
    }

    /** True when the record's event is in its person's ledger with the same content (this copy or an equal one). */
    private boolean inLedger(ConsumerRecord<byte[], byte[]> r, Map<String, Optional<PersonLedger>> cache) {
        Optional<SpecificRecord> event = decode(r.value());
        if (event.isEmpty() || r.key() == null) {
            return false;
        }
        String person = CareerEvents.personId(event.get());
        if (!Arrays.equals(r.key(), utf8(person))) {
            return false;
        }
        Optional<PersonLedger> ledger = cache.computeIfAbsent(person, p -> {
            try {
                return it.runtime().queries().ledger(p);
            } catch (RuntimeException notReady) {
                return Optional.empty();
            }
        });
        if (ledger.isEmpty()) {
            return false;
        }
        String id = CareerEvents.eventId(event.get());
        for (LedgerEntry entry : ledger.get().getEvents()) {
            if (entry.getEventId().equals(id)) {
                return sameContent(Codecs.events().decode(bytes(entry.getPayload())), event.get());
            }
        }
        return false;
    }

    private static boolean sameContent(SpecificRecord a, SpecificRecord b) {
        SpecificRecord x = Codecs.events().decode(Codecs.events().encode(a));
        SpecificRecord y = Codecs.events().decode(Codecs.events().encode(b));
        CareerEvents.header(x).setRecordedAt(Instant.EPOCH);
        CareerEvents.header(y).setRecordedAt(Instant.EPOCH);
        return x.equals(y);
    }

    private static Optional<SpecificRecord> decode(byte[] value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Codecs.events().decode(value));
        } catch (CodecException e) {
            return Optional.empty();
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("reading " + topic).isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
            return all;
        }
    }

    private long endOffsetSum() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor("career-events").stream()
                    .map(p -> new TopicPartition("career-events", p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, it.runtime().bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private void kind(String door, String kind) {
        kinds.computeIfAbsent(door, d -> new TreeSet<>()).add(kind);
    }

    private static JsonNode read(String json) {
        try {
            return ItRuntime.JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
