package io.trajectory.api;

import io.javalin.http.Context;
import io.trajectory.validation.EventValidator;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The time query parameters of every endpoint, parsed one way and held to one range: the event times
 * the validator accepts ({@link EventValidator#EARLIEST} to {@link EventValidator#LATEST}). Outside it no
 * event can exist, and instants far outside it overflow date arithmetic (days in a stage, period bins).
 *
 * <ul>
 *   <li>{@link #pointInTime} ({@code asOf}, {@code knownAt}): an RFC 3339 timestamp with an offset, or a
 *       date alone ({@code 2024-03-01}), read as the last millisecond of that day in UTC
 *       ({@code 2024-03-01T23:59:59.999Z}). Both coordinates are inclusive (an event counts when it happened,
 *       or was recorded, at or before the instant), and event times have millisecond precision, so a date
 *       alone counts every event of that UTC day and none of the next.</li>
 *   <li>{@link #timestamp} (the analytics windows' {@code from} and {@code to}): a timestamp only.</li>
 * </ul>
 */
final class TimeParams {

    /** The earliest instant a time parameter may name. */
    static final Instant EARLIEST = EventValidator.EARLIEST;
    /** The latest instant a time parameter may name. */
    static final Instant LATEST = EventValidator.LATEST;

    private static final String PLUS_HINT = " (a '+' in an offset must be sent as %2B)";

    private TimeParams() {
    }

    /** {@code asOf} or {@code knownAt}: a timestamp, or a date meaning the end of that day (UTC); empty when absent or bad. */
    static Optional<Instant> pointInTime(Context ctx, String name, List<Map<String, Object>> errors) {
        return parse(ctx.queryParam(name), name, true, errors);
    }

    /** A window bound: a timestamp with an offset; empty when absent or bad. */
    static Optional<Instant> timestamp(Context ctx, String name, List<Map<String, Object>> errors) {
        return parse(ctx.queryParam(name), name, false, errors);
    }

    static Optional<Instant> parse(String raw, String name, boolean dateAlone, List<Map<String, Object>> errors) {
        if (raw == null) {
            return Optional.empty();
        }
        Instant t;
        try {
            t = OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException notTimestamp) {
            try {
                if (!dateAlone) {
                    throw notTimestamp;
                }
                t = endOfDay(LocalDate.parse(raw));
            } catch (DateTimeParseException e) {
                String shown = QueryParams.shown(raw);
                errors.add(QueryParams.error(name, (dateAlone
                        ? "must be a date (2024-03-01, the end of that day UTC) or an RFC 3339 timestamp with an offset"
                        : "must be an RFC 3339 timestamp with an offset")
                        + ", e.g. 2025-06-01T00:00:00Z, not '" + shown + "'" + PLUS_HINT, shown));
                return Optional.empty();
            }
        }
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            String shown = QueryParams.shown(raw);
            Map<String, Object> error = QueryParams.error(name, "must be from " + EARLIEST + " to " + LATEST + " (inclusive), not '"
                    + shown + "'", shown);
            error.put("earliest", EARLIEST.toString());
            error.put("latest", LATEST.toString());
            errors.add(error);
            return Optional.empty();
        }
        return Optional.of(t);
    }

    /** The last millisecond of {@code date} in UTC. */
    static Instant endOfDay(LocalDate date) {
        return date.atTime(23, 59, 59, 999_000_000).toInstant(ZoneOffset.UTC);
    }
}
