package io.trajectory.api;

import io.javalin.http.Handler;
import java.util.Map;

/**
 * Internal endpoints one instance calls on another (the fan-out of listings and analytics over the
 * partitions each instance holds). Installed by {@link ApiServer} when the queries provide them, with
 * {@link io.trajectory.api.auth.Access#INTERNAL}: only requests signed with the cluster secret, never an
 * API key. They answer every row of the partitions asked for; the calling instance filters for its client.
 */
public interface InternalRoutes {

    /** Path prefix of every internal endpoint; not for clients. */
    String PREFIX = "/internal/v1/";

    /** GET path to handler. */
    Map<String, Handler> internalGets();
}
