package io.trajectory.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.trajectory.api.analytics.AnalyticsSettings;
import io.trajectory.api.auth.Access;
import io.trajectory.api.auth.ApiAuth;
import io.trajectory.api.auth.AuthGuard;
import io.trajectory.api.auth.Role;
import io.trajectory.api.metrics.ApiMetrics;
import io.trajectory.ladder.Ladder;
import io.trajectory.producer.EventSink;
import io.trajectory.producer.cloudevents.CloudEventMapper;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Trajectory HTTP API (Javalin): person views, event ingest, liveness and readiness. Every
 * error is an RFC 9457 problem ({@code application/problem+json}); unknown routes are 404,
 * wrong methods 405, unexpected failures 500 without internals (logged server-side).
 *
 * <pre>
 * GET  /                          the dashboard page (HTML; its assets under /dashboard/)
 * GET  /api/v1                    index of the endpoints
 * GET  /api/v1/ladder             the ladder: stages in order and transitions
 * GET  /health                    liveness: {"status":"UP"}
 * GET  /ready                     readiness: 200 READY or 503 NOT_READY
 * GET  /metrics                   Prometheus metrics (text format 0.0.4; admin keys)
 * GET  /api/v1/people           people by stage and department, paged
 * GET  /api/v1/people/{personId}  a person's state (?asOf, ?knownAt, ?explain)
 * GET  /api/v1/people/{personId}/timeline  their stage transitions
 * POST /api/v1/events             CloudEvents 1.0 structured JSON, one or a batch
 * GET  /api/v1/analytics/promotion-velocity  time in a stage before promotion, naive and Kaplan-Meier
 * GET  /api/v1/analytics/stage-distribution  headcount per stage and department; hires, promotions, departures
 * POST /api/v1/admin/keys         issue an API key (admin)
 * GET  /api/v1/admin/keys         list the keys, without secrets (admin)
 * DELETE /api/v1/admin/keys/{keyId}  revoke a key (admin)
 * </pre>
 *
 * <p>Every endpoint is declared with its {@link Access} next to its route: {@code /health},
 * {@code /ready} and the dashboard's page and assets are open; the internal endpoints other instances
 * call ({@code /internal/v1/...}) take only a request signed with the cluster secret, never an API key;
 * everything else needs {@code Authorization: Bearer <key>} (401 without a valid one) of a role that may
 * use it (403 otherwise); an endpoint declared without an access is admin-only. Every GET route answers
 * HEAD with the same check, and a method a protected path does not take is 401 without a credential
 * (405 with one).
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    /** Access log, at DEBUG; never logs bodies. */
    private static final Logger access = LoggerFactory.getLogger("io.trajectory.api.access");

    private final Javalin app;

    private ApiServer(Javalin app) {
        this.app = app;
    }

    /** Builds and starts the server; {@code settings.port() == 0} binds a free port. */
    public static ApiServer start(ApiSettings settings, PersonQueries people, AnalyticsQueries analytics,
            AnalyticsSettings analyticsSettings, EventSink sink, CloudEventMapper mapper, Readiness readiness, Ladder ladder,
            ApiMetrics metrics, ApiAuth auth) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(auth, "auth");
        ObjectMapper json = ApiJson.objectMapper();
        PersonResource persons = new PersonResource(Objects.requireNonNull(people, "people"),
                Objects.requireNonNull(ladder, "ladder"), json, Clock.systemUTC());
        PeopleResource list = new PeopleResource(people, ladder, json);
        EventIngestResource ingest = new EventIngestResource(Objects.requireNonNull(mapper, "mapper"),
                Objects.requireNonNull(sink, "sink"), settings, json);
        AnalyticsResource analyticsResource = new AnalyticsResource(Objects.requireNonNull(analytics, "analytics"), ladder,
                Objects.requireNonNull(analyticsSettings, "analyticsSettings"), json, Clock.systemUTC());
        AuthGuard guard = new AuthGuard(auth.authenticator(), auth.cluster(), people);
        OpsResource ops = new OpsResource(Objects.requireNonNull(readiness, "readiness"), json,
                (method, path) -> guard.accessOf(method, path).describe());
        LadderResource ladderResource = new LadderResource(ladder, json);
        DashboardResource dashboard = new DashboardResource();
        ApiKeysResource keys = new ApiKeysResource(auth.keys(), json);
        Access analyticsAccess = Access.roles(Role.ANALYST);
        Access listAccess = Access.roles(Role.MANAGER);
        Access ingestAccess = Access.roles(Role.INGEST);

        Javalin app = Javalin.create(config -> {
            config.jsonMapper(new JavalinJackson(json, false));
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = settings.maxBodyBytes();
            config.requestLogger.http((ctx, millis) -> {
                metrics.request(ctx, millis);
                logAccess(ctx, millis);
            });
            config.jetty.modifyServer(server -> server.setErrorHandler(new JettyProblemErrorHandler(json)));
            ProblemHandlers.install(config, json);

            config.routes.before(guard::checkUnmatched);
            config.routes.beforeMatched(guard::check);
            Routes r = new Routes(config, guard);
            r.get(DashboardResource.PAGE_PATH, Access.OPEN, dashboard::page);
            r.get(DashboardResource.SCRIPT_PATH, Access.OPEN, dashboard::script);
            r.get(DashboardResource.STYLE_PATH, Access.OPEN, dashboard::style);
            r.get(DashboardResource.ECHARTS_PATH, Access.OPEN, dashboard::echarts);
            r.get("/health", Access.OPEN, ops::health);
            r.get("/ready", Access.OPEN, ops::ready);
            r.get("/metrics", Access.ADMIN_ONLY, ctx -> ctx.contentType(ApiMetrics.CONTENT_TYPE).result(metrics.scrape()));
            r.get(OpsResource.INDEX_PATH, Access.AUTHENTICATED, ops::index);
            r.get(LadderResource.PATH, Access.AUTHENTICATED, ladderResource::get);
            r.get(OpsResource.OPENAPI_PATH, Access.AUTHENTICATED, ops::openapi);
            r.get(PeopleResource.PATH, listAccess, list::list);
            r.get(PersonResource.PATH, Access.PERSON, persons::get);
            r.get(PersonResource.TIMELINE_PATH, Access.PERSON, persons::timeline);
            r.post(EventIngestResource.PATH, ingestAccess, ingest::post);
            r.get(AnalyticsResource.VELOCITY_PATH, analyticsAccess, analyticsResource::velocity);
            r.get(AnalyticsResource.DISTRIBUTION_PATH, analyticsAccess, analyticsResource::distribution);
            r.post(ApiKeysResource.PATH, Access.ADMIN_ONLY, keys::issue);
            r.get(ApiKeysResource.PATH, Access.ADMIN_ONLY, keys::list);
            r.delete(ApiKeysResource.KEY_PATH, Access.ADMIN_ONLY, keys::revoke);
            // the fan-out of listings and analytics between instances: only requests signed with the cluster secret;
            // the instance that took the client's request checked the client's key and filters the merged answer
            if (people instanceof InternalRoutes internal) {
                internal.internalGets().forEach((path, handler) -> r.get(path, Access.INTERNAL, handler));
            }
        });
        guard.routes(() -> app.unsafe.internalRouter);
        app.start(settings.host(), settings.port());
        log.info("query API listening on {}:{}", settings.host(), app.port());
        return new ApiServer(app);
    }

    /** One line per request at DEBUG: method, path, status, time and the caller's keyId (never the key, never a body). */
    private static void logAccess(Context ctx, Float millis) {
        if (access.isDebugEnabled()) {
            access.debug("{} {} {} {} ms{}", ctx.method(), ctx.path(), ctx.statusCode(), Math.round(millis),
                    AuthGuard.caller(ctx).map(c -> " key " + c.keyId()).orElse(""));
        }
    }

    /**
     * Declares each route together with who may call it. A GET route also answers HEAD, with the same access
     * and handler (the body is not sent): Javalin's own implicit HEAD would answer 200 without running the guard.
     */
    private record Routes(io.javalin.config.JavalinConfig config, AuthGuard guard) {
        void get(String path, Access access, io.javalin.http.Handler handler) {
            guard.declare("GET", path, access);
            config.routes.get(path, handler);
            guard.declare("HEAD", path, access);
            config.routes.head(path, handler);
        }

        void post(String path, Access access, io.javalin.http.Handler handler) {
            guard.declare("POST", path, access);
            config.routes.post(path, handler);
        }

        void delete(String path, Access access, io.javalin.http.Handler handler) {
            guard.declare("DELETE", path, access);
            config.routes.delete(path, handler);
        }
    }

    /**
     * Every route Javalin registered, as {@code METHOD path} (e.g. {@code GET /api/v1/people/{personId}}), read
     * from its router: what the route-table test walks.
     */
    public java.util.List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream().map(e -> e.endpoint)
                .filter(e -> e.method.isHttpMethod()).map(e -> e.method.name() + " " + e.path).toList();
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
