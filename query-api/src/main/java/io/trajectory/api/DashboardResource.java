package io.trajectory.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /}: the dashboard page for browsers, its script and style, and the charting library
 * (Apache ECharts from the {@code org.webjars.npm:echarts} WebJar on the classpath: no CDN at run
 * time). Each asset has its own fixed route and is read once at start; no file name is ever taken
 * from a URL.
 */
final class DashboardResource {

    static final String PAGE_PATH = "/";
    static final String SCRIPT_PATH = "/dashboard/dashboard.js";
    static final String STYLE_PATH = "/dashboard/dashboard.css";
    static final String ECHARTS_PATH = "/dashboard/echarts.min.js";

    /** Must follow {@code echarts.version} in the parent pom; {@code DashboardEndpointTest} fails if it does not. */
    static final String ECHARTS_RESOURCE = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

    private static final String JS = "text/javascript; charset=utf-8";

    private final byte[] page = read("/io/trajectory/api/dashboard/index.html");
    private final byte[] script = read("/io/trajectory/api/dashboard/dashboard.js");
    private final byte[] style = read("/io/trajectory/api/dashboard/dashboard.css");
    private final byte[] echarts = read(ECHARTS_RESOURCE);

    void page(Context ctx) {
        serve(ctx, "text/html; charset=utf-8", page, "no-cache");
    }

    void script(Context ctx) {
        serve(ctx, JS, script, "no-cache");
    }

    void style(Context ctx) {
        serve(ctx, "text/css; charset=utf-8", style, "no-cache");
    }

    void echarts(Context ctx) {
        serve(ctx, JS, echarts, "public, max-age=86400");
    }

    private static void serve(Context ctx, String contentType, byte[] body, String cacheControl) {
        ctx.status(200).contentType(contentType).header("Cache-Control", cacheControl)
                .header("X-Content-Type-Options", "nosniff").result(body);
    }

    private static byte[] read(String resource) {
        try (InputStream in = DashboardResource.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
