package io.trajectory.config;

/** A configuration value is missing, unknown or malformed. The message is meant for the user. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
