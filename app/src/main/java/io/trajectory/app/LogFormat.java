package io.trajectory.app;

import java.util.Locale;
import java.util.Optional;

/**
 * The log format chosen for this process: {@code TRAJECTORY_LOG_FORMAT} (or the system property
 * {@code trajectory.log.format}) is {@code text} (default) or {@code json}; {@code logback.xml}
 * picks the appender of that name. Checked before a server starts, because logback would otherwise
 * log nothing at all for an unknown name.
 */
final class LogFormat {

    static final String PROPERTY = "trajectory.log.format";
    static final String VARIABLE = "TRAJECTORY_LOG_FORMAT";

    private LogFormat() {
    }

    /** The chosen format's name as given (logback uses it verbatim), text when none is. */
    static String chosen() {
        return Optional.ofNullable(System.getProperty(PROPERTY))
                .or(() -> Optional.ofNullable(System.getenv(VARIABLE)))
                .orElse("text");
    }

    /** @throws UserError when the chosen format is neither {@code text} nor {@code json} */
    static void check() {
        String format = chosen();
        if (!format.equals("text") && !format.equals("json")) {
            throw new UserError(VARIABLE + " must be text or json, not '" + format + "'"
                    + (format.toLowerCase(Locale.ROOT).matches("text|json") ? " (lower case)" : ""));
        }
    }
}
