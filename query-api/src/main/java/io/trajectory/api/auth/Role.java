package io.trajectory.api.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What an API key may do. Each key has exactly one role.
 *
 * <ul>
 *   <li>{@code employee}: their own record ({@code GET /api/v1/people/{ownId}} and its timeline)
 *   <li>{@code manager}: their own record and those of their direct reports (people whose current
 *       {@code managerId} is the manager's personId), and the people listing limited to those reports
 *   <li>{@code analyst}: the analytics endpoints only, never an individual record or the listing
 *   <li>{@code ingest}: {@code POST /api/v1/events} only
 *   <li>{@code admin}: everything, including key management and operations endpoints
 * </ul>
 */
public enum Role {
    EMPLOYEE,
    MANAGER,
    ANALYST,
    INGEST,
    ADMIN;

    /** The role's name on the wire and on the command line: lower case. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for the roles bound to a person ({@code employee}, {@code manager}): their key names a personId. */
    public boolean boundToPerson() {
        return this == EMPLOYEE || this == MANAGER;
    }

    /** The role of that name (any case), if there is one. */
    public static Optional<Role> parse(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(r -> r.id().equalsIgnoreCase(id.strip())).findFirst();
    }

    /** "employee, manager, analyst, ingest, admin". */
    public static String names() {
        return Arrays.stream(values()).map(Role::id).collect(Collectors.joining(", "));
    }
}
