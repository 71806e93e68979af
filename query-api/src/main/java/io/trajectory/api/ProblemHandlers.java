package io.trajectory.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into an RFC 9457 problem: typed {@link ApiProblem}s as they are,
 * {@link NotReadyException} as 503 with {@code Retry-After}, Javalin's own responses (unknown
 * route 404, wrong method 405, ...) as {@code about:blank} problems, and anything unexpected as a
 * 500 that names only a reference to the server-side log entry.
 */
final class ProblemHandlers {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandlers.class);

    private final ObjectMapper json;

    private ProblemHandlers(ObjectMapper json) {
        this.json = json;
    }

    static void install(JavalinConfig config, ObjectMapper json) {
        ProblemHandlers handlers = new ProblemHandlers(json);
        config.routes.exception(ApiProblem.class, handlers::problem);
        config.routes.exception(NotReadyException.class, handlers::notReady);
        config.routes.exception(ForwardRequired.class, handlers::forward);
        config.routes.exception(HttpResponseException.class, handlers::javalinResponse);
        config.routes.exception(Exception.class, handlers::unexpected);
        config.router.javaLangErrorHandler(handlers::fatal);
    }

    private void problem(ApiProblem problem, Context ctx) {
        ApiJson.writeProblem(ctx, json, problem);
    }

    private void notReady(NotReadyException e, Context ctx) {
        log.debug("not ready for {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
        ApiJson.writeProblem(ctx, json, ApiProblem.of(503, "not-ready", "Not ready", e.getMessage())
                .with("retryAfterSeconds", e.retryAfterSeconds())
                .withHeader("Retry-After", Integer.toString(e.retryAfterSeconds())));
    }

    /** Another instance holds the data: forward there and relay its answer (503 when none answers). */
    private void forward(ForwardRequired required, Context ctx) {
        try {
            required.forwarder().forward(required, ctx);
        } catch (NotReadyException e) {
            notReady(e, ctx);
        }
    }

    private void javalinResponse(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        ApiProblem problem = switch (status) {
            case 404 -> ApiProblem.http(404, "no endpoint " + ctx.method() + " " + ctx.path() + "; see GET / for the endpoints");
            case 405 -> ApiProblem.http(405, "method " + ctx.method() + " is not allowed on " + ctx.path());
            case 413 -> ApiProblem.http(413, "the request body is too large");
            default -> ApiProblem.http(status, status >= 500 ? "the request could not be served" : e.getMessage());
        };
        if (status == 405) {
            String allowed = allowedMethods(e.getDetails());
            if (!allowed.isEmpty()) {
                problem = problem.withHeader("Allow", allowed).with("allowed", List.of(allowed.split(",\\s*")));
            }
        }
        ApiJson.writeProblem(ctx, json, problem);
    }

    /** Javalin puts the methods the path does take under "availableMethods" ("GET, POST"). */
    private static String allowedMethods(Map<String, String> details) {
        if (details == null) {
            return "";
        }
        String methods = details.getOrDefault("availableMethods", details.getOrDefault("Available methods", ""));
        return methods.replaceAll("[^A-Z, ]", "").strip();
    }

    private void unexpected(Exception e, Context ctx) {
        String reference = UUID.randomUUID().toString();
        log.error("unexpected error serving {} {} (reference {})", ctx.method(), ctx.path(), reference, e);
        ApiJson.writeProblem(ctx, json, internal(reference));
    }

    private void fatal(HttpServletResponse response, Error error) {
        String reference = UUID.randomUUID().toString();
        log.error("fatal error serving a request (reference {})", reference, error);
        if (response.isCommitted()) {
            return;
        }
        try {
            response.reset();
            response.setStatus(HttpStatus.INTERNAL_SERVER_ERROR.getCode());
            response.setContentType(ApiJson.PROBLEM_JSON);
            response.getOutputStream().write(ApiJson.bytes(json, internal(reference).body(null)));
        } catch (IOException | RuntimeException e) {
            log.debug("could not write the 500 problem", e);
        }
    }

    private static ApiProblem internal(String reference) {
        return ApiProblem.http(500, "an unexpected error occurred; it was logged with reference " + reference)
                .with("reference", reference);
    }
}
