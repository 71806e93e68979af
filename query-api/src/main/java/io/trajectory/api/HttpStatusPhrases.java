package io.trajectory.api;

import io.javalin.http.HttpStatus;
import java.util.Map;

/** Reason phrases (RFC 9110) for problem titles of type {@code about:blank}. */
final class HttpStatusPhrases {

    private static final Map<Integer, String> PHRASES = Map.ofEntries(
            Map.entry(400, "Bad Request"),
            Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"),
            Map.entry(406, "Not Acceptable"),
            Map.entry(408, "Request Timeout"),
            Map.entry(413, "Content Too Large"),
            Map.entry(414, "URI Too Long"),
            Map.entry(415, "Unsupported Media Type"),
            Map.entry(500, "Internal Server Error"),
            Map.entry(503, "Service Unavailable"));

    private HttpStatusPhrases() {
    }

    static String of(int status) {
        String phrase = PHRASES.get(status);
        if (phrase != null) {
            return phrase;
        }
        HttpStatus known = HttpStatus.forStatus(status);
        return known == HttpStatus.UNKNOWN ? "HTTP " + status : known.getMessage();
    }
}
