package io.trajectory.api.auth;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** Who may call an endpoint. An endpoint declared without one is {@link #ADMIN_ONLY}. */
public sealed interface Access {

    /** No key needed ({@code /health}, {@code /ready}, the dashboard's page and assets). */
    Access OPEN = new Open();
    /** Any valid key, whatever its role (the index, the OpenAPI document, the ladder). */
    Access AUTHENTICATED = new Authenticated();
    /** Admin keys only: key management, operations, and every endpoint not declared otherwise. */
    Access ADMIN_ONLY = roles(Role.ADMIN);
    /**
     * One person's record, the path parameter {@code personId}: admin keys; an employee key for its
     * own person; a manager key for its own person and its direct reports.
     */
    Access PERSON = new Person();
    /**
     * Other Trajectory instances only, with a request signed with the cluster secret
     * ({@link ClusterCredentials}); no API key of any role, admin included.
     */
    Access INTERNAL = new Internal();

    /** Keys of these roles (admin is always among them). */
    static Access roles(Role... roles) {
        EnumSet<Role> set = EnumSet.of(Role.ADMIN, roles);
        return new Roles(Set.copyOf(set));
    }

    /** The roles that may call, for the endpoint index and the docs. */
    String describe();

    record Open() implements Access {
        @Override
        public String describe() {
            return "open";
        }
    }

    record Authenticated() implements Access {
        @Override
        public String describe() {
            return "any key";
        }
    }

    record Roles(Set<Role> roles) implements Access {
        @Override
        public String describe() {
            return roles.stream().sorted().map(Role::id).collect(Collectors.joining(", "));
        }
    }

    record Internal() implements Access {
        @Override
        public String describe() {
            return "other instances only (signed with the cluster secret); no API key";
        }
    }

    record Person() implements Access {
        @Override
        public String describe() {
            return "admin; employee (own record); manager (own record and direct reports)";
        }
    }
}
