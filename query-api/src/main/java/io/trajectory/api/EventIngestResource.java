package io.trajectory.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.trajectory.producer.Delivery;
import io.trajectory.producer.EventSink;
import io.trajectory.producer.InvalidEventException;
import io.trajectory.producer.cloudevents.BatchResult;
import io.trajectory.producer.cloudevents.CloudEventMapper;
import io.trajectory.producer.cloudevents.MappingResult;
import io.trajectory.schemas.CareerEvents;
import io.trajectory.validation.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/events}: CloudEvents 1.0 in structured JSON mode, one event or a batch.
 * Validation is all-or-nothing: if any event (or the body) is invalid, the answer is 400 naming
 * every invalid field and nothing is sent. Otherwise every event goes to Kafka and the answer, 202,
 * waits until Kafka confirmed all of them (bounded by the send timeout). The request body is never
 * logged: it carries personal data.
 */
final class EventIngestResource {

    static final String PATH = "/api/v1/events";

    static final String CLOUDEVENTS_JSON = CloudEventMapper.CONTENT_TYPE_SINGLE;
    static final String CLOUDEVENTS_BATCH_JSON = CloudEventMapper.CONTENT_TYPE_BATCH;
    static final String JSON = CloudEventMapper.CONTENT_TYPE_JSON;
    static final List<String> SUPPORTED = List.of(CLOUDEVENTS_JSON, CLOUDEVENTS_BATCH_JSON, JSON);

    static final int RETRY_AFTER_SECONDS = 5;
    /** A body up to this many times the limit is read and dropped before answering 413. */
    static final int DRAIN_FACTOR = 4;

    private static final Logger log = LoggerFactory.getLogger(EventIngestResource.class);

    private final CloudEventMapper mapper;
    private final EventSink sink;
    private final int maxBodyBytes;
    private final Duration sendTimeout;
    private final ObjectMapper json;

    EventIngestResource(CloudEventMapper mapper, EventSink sink, ApiSettings settings, ObjectMapper json) {
        this.mapper = mapper;
        this.sink = sink;
        this.maxBodyBytes = settings.maxBodyBytes();
        this.sendTimeout = settings.sendTimeout();
        this.json = json;
    }

    void post(Context ctx) {
        String mediaType = mediaType(ctx.header("Content-Type"));
        String encoding = ctx.header("Content-Encoding");
        if (encoding != null && !encoding.isBlank() && !encoding.strip().equalsIgnoreCase("identity")) {
            // RFC 9110 8.4: an unsupported content coding is a 415; the bytes would otherwise be read as text
            throw ApiProblem.http(415, "Content-Encoding '" + encoding.strip() + "' is not supported; send the body"
                    + " uncompressed").with("supported", SUPPORTED);
        }
        byte[] body = readBody(ctx);
        BatchResult result = mapper.mapBody(mediaType, body);
        if (!result.allOk()) {
            throw invalid(result);
        }
        List<SpecificRecord> events = result.events();
        List<Map<String, Object>> accepted = send(events);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("accepted", accepted);
        answer.put("count", accepted.size());
        ApiJson.write(ctx, json, 202, answer);
    }

    /** The bare, lower-case media type if it is one we take; otherwise 415. */
    static String mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw unsupported("the request has no Content-Type");
        }
        String[] parts = contentType.split(";");
        String mediaType = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!SUPPORTED.contains(mediaType)) {
            throw unsupported("content type '" + mediaType + "' is not supported");
        }
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].split("=", 2);
            if (param.length == 2 && param[0].strip().equalsIgnoreCase("charset")) {
                String charset = param[1].strip().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    throw unsupported("charset '" + charset + "' is not supported; JSON must be UTF-8");
                }
            }
        }
        return mediaType;
    }

    private static ApiProblem unsupported(String why) {
        return ApiProblem.http(415, why + "; send " + CLOUDEVENTS_JSON + " (one event), " + CLOUDEVENTS_BATCH_JSON
                        + " (a batch) or " + JSON + " (one event or an array), in UTF-8")
                .with("supported", SUPPORTED);
    }

    private byte[] readBody(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBodyBytes) {
            if (declared <= drainLimit()) {
                drain(ctx, declared);
            }
            throw tooLarge();
        }
        try {
            InputStream in = ctx.req().getInputStream();
            byte[] bytes = in.readNBytes(maxBodyBytes + 1);
            if (bytes.length > maxBodyBytes) {
                drain(ctx, drainLimit());
                throw tooLarge();
            }
            return bytes;
        } catch (IOException e) {
            log.debug("could not read the request body of {} {}", ctx.method(), ctx.path(), e);
            throw ApiProblem.http(400, "the request body could not be read");
        }
    }

    /**
     * A body somewhat over the limit is read and dropped before the 413 is sent: a server that
     * answers and closes with unread bytes in the socket makes the kernel reset the connection, and
     * the client (still sending) never sees the 413, only "connection reset". A body over this is
     * not read (the connection is closed; a client of such bodies should send Expect: 100-continue).
     */
    private long drainLimit() {
        return (long) maxBodyBytes * DRAIN_FACTOR;
    }

    private static void drain(Context ctx, long limit) {
        try {
            InputStream in = ctx.req().getInputStream();
            byte[] buffer = new byte[64 * 1024];
            long left = limit;
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
                left -= n;
            }
        } catch (IOException e) {
            log.debug("could not drain the request body of {} {}", ctx.method(), ctx.path(), e);
        }
    }

    private ApiProblem tooLarge() {
        return ApiProblem.http(413, "the request body is larger than " + maxBodyBytes
                        + " bytes; split the events into several requests")
                .with("maxBodyBytes", maxBodyBytes);
    }

    private static ApiProblem invalid(BatchResult result) {
        List<Map<String, Object>> errors = new ArrayList<>();
        for (Violation v : orEmpty(result.bodyErrors())) {
            errors.add(error(null, null, v.field(), v.message()));
        }
        int rejected = 0;
        for (MappingResult r : orEmpty(result.rejected())) {
            rejected++;
            if (orEmpty(r.violations()).isEmpty()) {
                errors.add(error(r.index(), r.eventId(), null, "the event was rejected"));
            }
            for (Violation v : orEmpty(r.violations())) {
                errors.add(error(r.index(), r.eventId(), v.field(), v.message()));
            }
        }
        int received = orEmpty(result.results()).size();
        String detail;
        if (!orEmpty(result.bodyErrors()).isEmpty()) {
            detail = "the request body is not valid CloudEvents JSON; nothing was sent";
        } else if (result.batch()) {
            detail = rejected + " of " + received + " events are invalid; nothing was sent (a batch is accepted whole or not at all)";
        } else {
            detail = "the event is invalid; nothing was sent";
        }
        return ApiProblem.of(400, "invalid-events", "Invalid events", detail).with("errors", errors);
    }

    private static Map<String, Object> error(Integer index, String id, String field, String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("index", index);
        e.put("id", id);
        e.put("field", field);
        e.put("message", message);
        return e;
    }

    /** Sends every event and waits for Kafka to confirm all; in request order. */
    private List<Map<String, Object>> send(List<SpecificRecord> events) {
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        List<CompletableFuture<Delivery>> futures = new ArrayList<>(events.size());
        for (SpecificRecord event : events) {
            CompletableFuture<Delivery> future;
            try {
                future = sink.send(event);
                if (future == null) {
                    future = CompletableFuture.failedFuture(new IllegalStateException("the sink returned no future"));
                }
            } catch (RuntimeException e) {
                future = CompletableFuture.failedFuture(e);
            }
            futures.add(future);
            if (future.isCompletedExceptionally()) {
                break; // the sink refuses outright (closed, broker gone): do not send the rest
            }
        }
        Throwable failure = null;
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
        } catch (ExecutionException e) {
            failure = e.getCause();
        } catch (TimeoutException e) {
            failure = e;
        }
        List<Map<String, Object>> confirmed = new ArrayList<>();
        List<String> unconfirmed = new ArrayList<>();
        List<Map<String, Object>> refused = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            int index = i;
            String id = CareerEvents.eventId(events.get(i));
            CompletableFuture<Delivery> future = i < futures.size() ? futures.get(i) : null;
            if (future != null && future.isDone() && !future.isCompletedExceptionally() && future.join() != null) {
                confirmed.add(accepted(future.join()));
            } else {
                unconfirmed.add(id);
                if (future != null && future.isCompletedExceptionally()
                        && causeOf(future) instanceof InvalidEventException invalid) {
                    invalid.violations().forEach(v -> refused.add(error(index, id, v.field(), v.message())));
                }
            }
        }
        if (unconfirmed.isEmpty()) {
            return confirmed;
        }
        log.warn("Kafka confirmed {} of {} events (send timeout {} ms); failure: {}", confirmed.size(), events.size(),
                sendTimeout.toMillis(), describe(failure));
        if (!refused.isEmpty()) {
            throw ApiProblem.of(400, "invalid-events", "Invalid events", "the producer rejected "
                            + (events.size() - confirmed.size()) + " of " + events.size() + " events; "
                            + confirmed.size() + " were written (listed in 'confirmed')")
                    .with("errors", refused).with("confirmed", confirmed).with("unconfirmed", unconfirmed);
        }
        String why = failure instanceof TimeoutException
                ? "Kafka did not confirm every event within " + sendTimeout.toMillis() + " ms"
                : "Kafka did not accept every event";
        throw ApiProblem.of(503, "events-not-confirmed", "Events not confirmed",
                        why + ": " + confirmed.size() + " of " + events.size() + " confirmed (listed in 'confirmed'); "
                        + "the others may or may not have been written. Re-posting the same events is safe: "
                        + "events are deduplicated by their id.")
                .with("confirmed", confirmed).with("unconfirmed", unconfirmed)
                .withHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
    }

    /** The failure for the log; violations are left out as they may quote personal data. */
    private static String describe(Throwable failure) {
        if (failure == null) {
            return "(none)";
        }
        if (failure instanceof InvalidEventException invalid) {
            return "InvalidEventException with " + invalid.violations().size() + " violation(s)";
        }
        return failure.toString();
    }

    private static Throwable causeOf(CompletableFuture<?> future) {
        try {
            future.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static Map<String, Object> accepted(Delivery d) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("id", d.eventId());
        a.put("subject", d.personId());
        a.put("partition", d.partition());
        a.put("offset", d.offset());
        return a;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
