package io.trajectory.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.trajectory.api.analytics.AnalyticsSettings;
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
 * GET  /api/v1/people           people by stage and department, paged
 * GET  /api/v1/people/{personId}  a person's state (?asOf, ?knownAt, ?explain)
 * GET  /api/v1/people/{personId}/timeline  their stage transitions
 * POST /api/v1/events             CloudEvents 1.0 structured JSON, one or a batch
 * GET  /api/v1/analytics/promotion-velocity  time in a stage before promotion, naive and Kaplan-Meier
 * GET  /api/v1/analytics/stage-distribution  headcount per stage and department; hires, promotions, departures
 * </pre>
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
            AnalyticsSettings analyticsSettings, EventSink sink, CloudEventMapper mapper, Readiness readiness, Ladder ladder) {
        Objects.requireNonNull(settings, "settings");
        ObjectMapper json = ApiJson.objectMapper();
        PersonResource persons = new PersonResource(Objects.requireNonNull(people, "people"),
                Objects.requireNonNull(ladder, "ladder"), json, Clock.systemUTC());
        PeopleResource list = new PeopleResource(people, ladder, json);
        EventIngestResource ingest = new EventIngestResource(Objects.requireNonNull(mapper, "mapper"),
                Objects.requireNonNull(sink, "sink"), settings, json);
        AnalyticsResource analyticsResource = new AnalyticsResource(Objects.requireNonNull(analytics, "analytics"), ladder,
                Objects.requireNonNull(analyticsSettings, "analyticsSettings"), json, Clock.systemUTC());
        OpsResource ops = new OpsResource(Objects.requireNonNull(readiness, "readiness"), json);
        LadderResource ladderResource = new LadderResource(ladder, json);
        DashboardResource dashboard = new DashboardResource();

        Javalin app = Javalin.create(config -> {
            config.jsonMapper(new JavalinJackson(json, false));
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = settings.maxBodyBytes();
            config.requestLogger.http(ApiServer::logAccess);
            config.jetty.modifyServer(server -> server.setErrorHandler(new JettyProblemErrorHandler(json)));
            ProblemHandlers.install(config, json);

            config.routes.get(DashboardResource.PAGE_PATH, dashboard::page);
            config.routes.get(DashboardResource.SCRIPT_PATH, dashboard::script);
            config.routes.get(DashboardResource.STYLE_PATH, dashboard::style);
            config.routes.get(DashboardResource.ECHARTS_PATH, dashboard::echarts);
            config.routes.get(OpsResource.INDEX_PATH, ops::index);
            config.routes.get(LadderResource.PATH, ladderResource::get);
            config.routes.get(OpsResource.OPENAPI_PATH, ops::openapi);
            config.routes.get("/health", ops::health);
            config.routes.get("/ready", ops::ready);
            config.routes.get(PeopleResource.PATH, list::list);
            config.routes.get(PersonResource.PATH, persons::get);
            config.routes.get(PersonResource.TIMELINE_PATH, persons::timeline);
            config.routes.post(EventIngestResource.PATH, ingest::post);
            config.routes.get(AnalyticsResource.VELOCITY_PATH, analyticsResource::velocity);
            config.routes.get(AnalyticsResource.DISTRIBUTION_PATH, analyticsResource::distribution);
            if (people instanceof InternalRoutes internal) {
                internal.internalGets().forEach(config.routes::get);
            }
        });
        app.start(settings.host(), settings.port());
        log.info("query API listening on {}:{}", settings.host(), app.port());
        return new ApiServer(app);
    }

    private static void logAccess(Context ctx, Float millis) {
        if (access.isDebugEnabled()) {
            access.debug("{} {} {} {} ms", ctx.method(), ctx.path(), ctx.statusCode(), Math.round(millis));
        }
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
