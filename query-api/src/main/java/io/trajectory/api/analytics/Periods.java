package io.trajectory.api.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;

/** Calendar periods in UTC: months ({@code 2024-03}), quarters ({@code 2024-Q1}) and years ({@code 2024}). */
public enum Periods {
    MONTH, QUARTER, YEAR;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The label of the period containing t. */
    public String label(Instant t) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        return switch (this) {
            case MONTH -> String.format("%04d-%02d", z.getYear(), z.getMonthValue());
            case QUARTER -> String.format("%04d-Q%d", z.getYear(), (z.getMonthValue() - 1) / 3 + 1);
            case YEAR -> String.format("%04d", z.getYear());
        };
    }

    /** The start of the period containing t. */
    public Instant start(Instant t) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        LocalDate first = switch (this) {
            case MONTH -> LocalDate.of(z.getYear(), z.getMonthValue(), 1);
            case QUARTER -> LocalDate.of(z.getYear(), ((z.getMonthValue() - 1) / 3) * 3 + 1, 1);
            case YEAR -> LocalDate.of(z.getYear(), 1, 1);
        };
        return first.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The start of the period after the one starting at {@code start}. */
    public Instant next(Instant start) {
        ZonedDateTime z = start.atZone(ZoneOffset.UTC);
        return switch (this) {
            case MONTH -> z.plusMonths(1).toInstant();
            case QUARTER -> z.plusMonths(3).toInstant();
            case YEAR -> z.plusYears(1).toInstant();
        };
    }
}
