package io.trajectory.api;

import java.util.Optional;

/**
 * A page request for {@code GET /api/v1/people}: optional stage and department filters, the
 * position after which to continue (an index key from the previous page), and the page size.
 */
public record PeopleQuery(Optional<String> stage, Optional<String> department, Optional<String> after, int limit) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    public PeopleQuery {
        stage = stage == null ? Optional.empty() : stage;
        department = department == null ? Optional.empty() : department;
        after = after == null ? Optional.empty() : after;
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT + ", not " + limit);
        }
    }
}
