package io.trajectory.api.streams;

import io.trajectory.api.ApiProblem;
import io.trajectory.api.NotReadyException;
import io.trajectory.api.PositionToken;
import io.trajectory.api.ReadContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;

/**
 * Refuses at once a position token that cannot be a position of {@code career-events}, before any read waits
 * for it. Tokens are not signed: they are positions, not secrets, and anyone may make one; but a token that
 * names a partition the topic does not have, or an offset at or past the end of its partition (nothing was
 * written there yet: forged, or stale from a topic since recreated), could never be reached and would hold a
 * request for {@code query.after.timeout.ms}. Such a token answers 400; a real position the view has not
 * reached yet is the only one that waits.
 *
 * <p>The end offsets are asked of the broker and kept for {@link #FRESH_FOR}; a token past the kept ones is
 * checked again against end offsets asked after the request came (a token of a write acknowledged just now
 * is below those), one lookup at a time, shared by the requests that wait for it.
 */
final class PositionCheck {

    /** How long looked-up end offsets are used for tokens within them. */
    static final Duration FRESH_FOR = Duration.ofSeconds(1);
    /** How long one lookup may take; then 503 (the token cannot be checked, so it is not waited for either). */
    static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(2);

    private record Ends(Map<Integer, Long> offsets, long askedAt) {
    }

    private final String topic;
    private final Optional<LogEnd> logEnd;
    private final LongSupplier nanoTime;
    private volatile Ends last;

    PositionCheck(String topic, Optional<LogEnd> logEnd, LongSupplier nanoTime) {
        this.topic = topic;
        this.logEnd = logEnd;
        this.nanoTime = nanoTime;
    }

    PositionCheck(String topic, Optional<LogEnd> logEnd) {
        this(topic, logEnd, System::nanoTime);
    }

    /**
     * @throws ApiProblem 400 ({@code invalid-query}, field {@code after}) when the request's token cannot be a position
     * @throws NotReadyException (503) when the end offsets cannot be looked up now
     */
    void check(ReadContext read) {
        read.after().ifPresent(this::check);
    }

    void check(PositionToken token) {
        if (logEnd.isEmpty()) {
            return;
        }
        long came = nanoTime.getAsLong();
        Ends ends = last;
        if (ends == null || came - ends.askedAt() > FRESH_FOR.toNanos() || refusal(token, ends).isPresent()) {
            ends = askedSince(came);
        }
        Optional<String> why = refusal(token, ends);
        if (why.isPresent()) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("field", ReadContext.AFTER_PARAM);
            error.put("message", why.get());
            throw ApiProblem.of(400, "invalid-query", "Invalid query parameters", "1 query parameter problem(s)")
                    .with("errors", List.of(error));
        }
    }

    /** End offsets looked up at or after {@code came}: the last ones if they are, else a new lookup. */
    private synchronized Ends askedSince(long came) {
        Ends ends = last;
        if (ends != null && ends.askedAt() - came >= 0) {
            return ends;
        }
        long asked = nanoTime.getAsLong();
        try {
            ends = new Ends(Map.copyOf(logEnd.orElseThrow().endOffsets(LOOKUP_TIMEOUT)), asked);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotReadyException("interrupted while checking the position token; try again shortly");
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new NotReadyException("cannot check the position token against " + topic + " now ("
                    + cause.getClass().getSimpleName() + "); try again shortly");
        }
        last = ends;
        return ends;
    }

    private Optional<String> refusal(PositionToken token, Ends ends) {
        int partitions = ends.offsets().size();
        for (Map.Entry<Integer, Long> e : token.offsets().entrySet()) {
            Long end = ends.offsets().get(e.getKey());
            if (end == null) {
                return Optional.of("names partition " + e.getKey() + ", but " + topic + " has " + partitions
                        + " partitions (0 to " + (partitions - 1) + "): not a position of this topic; pass the 'position'"
                        + " of a POST /api/v1/events answer");
            }
            if (e.getValue() >= end) {
                return Optional.of("offset " + e.getValue() + " is past the end of partition " + e.getKey() + " of " + topic
                        + " (nothing is written there yet; its next offset is " + end + "): a forged token, or a stale one"
                        + " from before the topic was recreated; pass the 'position' of a POST /api/v1/events answer");
            }
        }
        return Optional.empty();
    }
}
