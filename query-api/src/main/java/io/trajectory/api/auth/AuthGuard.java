package io.trajectory.api.auth;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.javalin.router.InternalRouter;
import io.trajectory.api.ApiProblem;
import io.trajectory.api.PersonIds;
import io.trajectory.api.PersonQueries;
import io.trajectory.api.ReadContext;
import io.trajectory.state.PersonState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API's access check, run before every matched endpoint: authenticates the bearer key (401)
 * and checks the endpoint's {@link Access} (403). Endpoints are declared with their access next
 * to their route ({@link #declare}); one declared without is admin-only, so a new endpoint is
 * closed until someone opens it. {@link Access#INTERNAL} endpoints take no API key at all, only a
 * request signed with the cluster secret ({@link ClusterCredentials}); every other endpoint refuses
 * that signature (it is not a bearer key).
 *
 * <p>A request whose method the path does not take ({@code OPTIONS}, {@code TRACE}, {@code PUT} on a GET
 * route, ...) is checked too ({@link #checkUnmatched}, before Javalin answers 405): on a path whose routes
 * all need a credential, it needs one of them (401 otherwise), so no method of a protected route answers
 * without a key.
 *
 * <p>A refusal never tells whether a person exists: an employee or manager asking for someone they
 * may not see gets the same 403 (same type, title, detail) for an existing and an unknown person,
 * decided before the person handler runs. (The only difference is {@code instance}, the path asked.)
 */
public final class AuthGuard {

    /** The context attribute holding the {@link Caller} of an authenticated request. */
    public static final String CALLER_ATTRIBUTE = "trajectory.caller";

    private final Authenticator authenticator;
    private final ClusterCredentials cluster;
    private final PersonQueries people;
    private final Map<String, Access> rules = new ConcurrentHashMap<>();
    private volatile java.util.function.Supplier<InternalRouter> router;

    public AuthGuard(Authenticator authenticator, ClusterCredentials cluster, PersonQueries people) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.people = Objects.requireNonNull(people, "people");
    }

    /** The server's router, once built: {@link #checkUnmatched} finds the routes of a path there. */
    public void routes(java.util.function.Supplier<InternalRouter> router) {
        this.router = Objects.requireNonNull(router, "router");
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
        if (access instanceof Access.Internal) {
            cluster.verify(ctx.method().name(), pathAndQuery(ctx), ctx.header("Authorization"));
            return;
        }
        Caller caller = authenticator.authenticate(ctx.header("Authorization"));
        ctx.attribute(CALLER_ATTRIBUTE, caller);
        if (access instanceof Access.Roles r && !r.roles().contains(caller.role())) {
            throw forbidden(caller, "a key of role " + caller.role().id() + " may not use " + method + " "
                    + endpoint.path + " (allowed: " + r.describe() + ")");
        }
        if (access instanceof Access.Person) {
            // the manager check reads the person where their data is (forwarding the whole request if elsewhere)
            checkPerson(caller, ctx.pathParam("personId"), people.reading(ReadContext.of(ctx, new java.util.ArrayList<>())));
        }
    }

    /**
     * The Javalin before handler (every request, matched or not): a request that no route of its method
     * matches, on a path that has routes for other methods, needs a credential those routes take (any API key;
     * the cluster signature on an internal path) unless one of them is open. Javalin then answers 405 (or, for a
     * HEAD with only a GET route, its implicit empty 200). Matched requests are left to {@link #check}.
     */
    public void checkUnmatched(Context ctx) {
        java.util.function.Supplier<InternalRouter> routes = router;
        if (routes == null) {
            throw new IllegalStateException("the guard has no router yet");
        }
        InternalRouter r = routes.get();
        String path = ctx.path();
        if (!r.findHttpHandlerEntries(ctx.method(), path).isEmpty()) {
            return;
        }
        List<Access> others = new ArrayList<>();
        for (HandlerType m : HandlerType.values()) {
            if (m.isHttpMethod()) {
                r.findHttpHandlerEntries(m, path).forEach(e -> others.add(accessOf(e.endpoint.method.name(), e.endpoint.path)));
            }
        }
        if (others.isEmpty() || others.stream().anyMatch(a -> a instanceof Access.Open)) {
            return; // no route here (404), or a path anyone may use
        }
        if (others.stream().allMatch(a -> a instanceof Access.Internal)) {
            cluster.verify(ctx.method().name(), pathAndQuery(ctx), ctx.header("Authorization"));
            return;
        }
        ctx.attribute(CALLER_ATTRIBUTE, authenticator.authenticate(ctx.header("Authorization")));
    }

    /** The path and query as received, undecoded: what the other instance signed. */
    private static String pathAndQuery(Context ctx) {
        String query = ctx.queryString();
        return ctx.req().getRequestURI() + (query == null ? "" : "?" + query);
    }

    private void checkPerson(Caller caller, String personId, PersonQueries people) {
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
            if (!caller.isPerson(personId) && !isReport(people, caller, personId)) {
                throw forbidden(caller, "a key of role manager may read only its own person's record and those of"
                        + " its direct reports");
            }
            return;
        }
        throw forbidden(caller, "a key of role " + caller.role().id() + " may not read person records");
    }

    /** True when the person exists and their current manager is the caller's person. */
    private static boolean isReport(PersonQueries people, Caller manager, String personId) {
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
