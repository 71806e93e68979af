package io.trajectory.validation;

/**
 * One problem with one field of an event. {@code field} uses the CloudEvents names users send:
 * {@code id}, {@code subject}, {@code time}, {@code source}, {@code data.toStage}, ...
 */
public record Violation(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
