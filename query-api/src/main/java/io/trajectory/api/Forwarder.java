package io.trajectory.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import io.javalin.http.Context;
import io.trajectory.api.auth.ClusterCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a query to the instance that holds the data (Java's {@link HttpClient}, bounded timeouts).
 * Two kinds:
 * <ul>
 *   <li>{@link #forward}: a client's request for one person, forwarded to the public route of the instance
 *       holding that person, with the client's {@code Authorization} header unchanged (that instance
 *       authenticates and authorizes the key again, as for any client), and its answer relayed: status, body,
 *       content type and the {@code Retry-After}, replica and staleness headers;</li>
 *   <li>{@link #get}: this instance's own request to another's internal endpoint (the fan-out of listings and
 *       analytics), signed with the cluster secret ({@link ClusterCredentials}); never a client's key.</li>
 * </ul>
 * Both are marked with {@link ReadContext#FORWARDED_HEADER} so they are never forwarded twice. A target that
 * cannot be reached, times out or answers 503 is followed by the next one (a standby's host); when none
 * answers, 503 with {@code Retry-After}.
 */
public final class Forwarder {

    private static final Logger log = LoggerFactory.getLogger(Forwarder.class);
    private static final List<String> RELAYED = List.of("Retry-After", ReadContext.STALENESS_HEADER,
            ReadContext.REPLICA_HEADER, ReadContext.SERVED_BY_HEADER, "Content-Type");
    static final int RETRY_AFTER_SECONDS = 2;

    private final HttpClient http;
    private final Duration timeout;
    private final Duration afterTimeout;
    private final ClusterCredentials cluster;

    /**
     * @param timeout      connect and answer timeout of a forwarded request
     * @param afterTimeout added to the answer timeout when the request waits for a position ({@code ?after=})
     * @param cluster      signs the requests to other instances' internal endpoints
     */
    public Forwarder(Duration timeout, Duration afterTimeout, ClusterCredentials cluster) {
        this.timeout = timeout;
        this.afterTimeout = afterTimeout;
        this.cluster = java.util.Objects.requireNonNull(cluster, "cluster");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Forwards the request in {@code ctx} to the first target that answers, and writes that answer. */
    void forward(ForwardRequired required, Context ctx) {
        String pathAndQuery = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
        boolean waits = ctx.queryParam(ReadContext.AFTER_PARAM) != null;
        HttpResponse<byte[]> last = null;
        for (ForwardRequired.Target target : required.targets()) {
            Optional<HttpResponse<byte[]>> answer = send(target, pathAndQuery, Optional.ofNullable(ctx.header("Authorization")),
                    Optional.ofNullable(ctx.header("Accept")), waits);
            if (answer.isEmpty()) {
                continue;
            }
            last = answer.get();
            if (last.statusCode() != 503) {
                break;
            }
        }
        if (last == null) {
            throw new NotReadyException("the instance holding this data does not answer and no replica could; try again shortly",
                    RETRY_AFTER_SECONDS);
        }
        ctx.status(last.statusCode());
        for (String name : RELAYED) {
            last.headers().firstValue(name).ifPresent(v -> ctx.header(name, v));
        }
        ctx.result(last.body());
    }

    /**
     * One internal GET to another instance (fan-out of listings and analytics), signed with the cluster secret;
     * empty when it cannot be reached in time.
     */
    public Optional<HttpResponse<byte[]>> get(ForwardRequired.Target target, String pathAndQuery, ReadContext read) {
        return send(target, pathAndQuery, Optional.of(cluster.sign("GET", pathAndQuery)), Optional.empty(),
                read.after().isPresent());
    }

    private Optional<HttpResponse<byte[]>> send(ForwardRequired.Target target, String pathAndQuery, Optional<String> authorization,
            Optional<String> accept, boolean waits) {
        URI uri = URI.create("http://" + target.host() + ":" + target.port() + pathAndQuery);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET()
                .timeout(waits ? timeout.plus(afterTimeout) : timeout)
                .header(ReadContext.FORWARDED_HEADER, target.hop().name().toLowerCase(java.util.Locale.ROOT));
        authorization.ifPresent(a -> request.header("Authorization", a));
        accept.ifPresent(a -> request.header("Accept", a));
        try {
            return Optional.of(http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()));
        } catch (IOException e) {
            log.info("instance {}:{} did not answer a forwarded query: {}", target.host(), target.port(), e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
