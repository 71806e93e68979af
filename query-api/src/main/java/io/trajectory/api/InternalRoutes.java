package io.trajectory.api;

import io.javalin.http.Handler;
import java.util.Map;

/**
 * Internal endpoints one instance calls on another (the fan-out of listings and analytics over the
 * partitions each instance holds). Installed by {@link ApiServer} when the queries provide them.
 */
public interface InternalRoutes {

    /** Path prefix of every internal endpoint; not for clients. */
    String PREFIX = "/internal/v1/";

    /** GET path to handler. */
    Map<String, Handler> internalGets();
}
