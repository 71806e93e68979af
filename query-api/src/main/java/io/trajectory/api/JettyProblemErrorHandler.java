package io.trajectory.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error pages (requests rejected before they reach Javalin: unparsable request lines,
 * bad URI encodings, oversized headers) as problem JSON instead of HTML, without stack traces.
 */
final class JettyProblemErrorHandler extends ErrorHandler {

    private final ObjectMapper json;

    JettyProblemErrorHandler(ObjectMapper json) {
        this.json = json;
        setShowStacks(false);
        setShowCauses(false);
        setShowOrigin(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        String phrase = HttpStatusPhrases.of(code);
        String detail = "the server rejected the request before routing it"
                + (message == null || message.isBlank() || message.equals(phrase) || message.length() > 200
                        ? "" : ": " + message);
        byte[] body = ApiJson.bytes(json, ApiProblem.http(code, detail).body(null));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ApiJson.PROBLEM_JSON);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Integer.toString(body.length));
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
