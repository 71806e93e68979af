package io.trajectory.api.auth;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.trajectory.api.ApiProblem;
import io.trajectory.api.PersonIds;
import io.trajectory.api.PersonQueries;
import io.trajectory.state.PersonState;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API's access check, run before every matched endpoint: authenticates the bearer key (401)
 * and checks the endpoint's {@link Access} (403). Endpoints are declared with their access next
 * to their route ({@link #declare}); one declared without is admin-only, so a new endpoint is
 * closed until someone opens it.
 *
 * <p>A refusal never tells whether a person exists: an employee or manager asking for someone they
 * may not see gets the same 403 (same type, title, detail) for an existing and an unknown person,
 * decided before the person handler runs. (The only difference is {@code instance}, the path asked.)
 */
public final class AuthGuard {

    /** The context attribute holding the {@link Caller} of an authenticated request. */
    public static final String CALLER_ATTRIBUTE = "trajectory.caller";

    private final Authenticator authenticator;
    private final PersonQueries people;
    private final Map<String, Access> rules = new ConcurrentHashMap<>();

    public AuthGuard(Authenticator authenticator, PersonQueries people) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.people = Objects.requireNonNull(people, "people");
    }

    /** Declares who may call {@code METHOD path} (the path as routed, e.g. {@code /api/v1/people/{personId}}). */
    public void declare(String method, String path, Access access) {
        rules.put(method + " " + path, access);
    }

    /** The access of a route; undeclared routes are admin-only. */
    public Access accessOf(String method, String path) {
        return rules.getOrDefault(method + " " + path, Access.ADMIN_ONLY);
    }

    /** The caller of an authenticated request; empty on open endpoints. */
    public static Optional<Caller> caller(Context ctx) {
        return Optional.ofNullable(ctx.attribute(CALLER_ATTRIBUTE));
    }

    /** The Javalin before-matched handler. */
    public void check(Context ctx) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        if (endpoint == null) {
            return; // nothing matched: Javalin answers 404/405, which reveals no data
        }
        String method = endpoint.method.name();
        Access access = accessOf(method, endpoint.path);
        if (access instanceof Access.Open) {
            return;
        }
        Caller caller = authenticator.authenticate(ctx.header("Authorization"));
        ctx.attribute(CALLER_ATTRIBUTE, caller);
        if (access instanceof Access.Roles r && !r.roles().contains(caller.role())) {
            throw forbidden(caller, "a key of role " + caller.role().id() + " may not use " + method + " "
                    + endpoint.path + " (allowed: " + r.describe() + ")");
        }
        if (access instanceof Access.Person) {
            checkPerson(caller, ctx.pathParam("personId"));
        }
    }

    private void checkPerson(Caller caller, String personId) {
        if (caller.is(Role.ADMIN)) {
            return;
        }
        if (caller.is(Role.EMPLOYEE)) {
            if (!caller.isPerson(personId)) {
                throw forbidden(caller, "a key of role employee may read only its own person's record");
            }
            return;
        }
        if (caller.is(Role.MANAGER)) {
            if (!caller.isPerson(personId) && !isReport(caller, personId)) {
                throw forbidden(caller, "a key of role manager may read only its own person's record and those of"
                        + " its direct reports");
            }
            return;
        }
        throw forbidden(caller, "a key of role " + caller.role().id() + " may not read person records");
    }

    /** True when the person exists and their current manager is the caller's person. */
    private boolean isReport(Caller manager, String personId) {
        if (!PersonIds.isValid(personId)) {
            return false;
        }
        Optional<PersonState> person = people.person(personId);
        return person.isPresent() && manager.isPerson(person.get().getManagerId());
    }

    private static ApiProblem forbidden(Caller caller, String detail) {
        return ApiProblem.of(403, "forbidden", "Forbidden", detail).with("role", caller.role().id());
    }
}
