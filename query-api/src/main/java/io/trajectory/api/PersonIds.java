package io.trajectory.api;

import io.trajectory.validation.EventValidator;
import java.util.regex.Pattern;

/** The id rule of {@link EventValidator} ({@code id}, {@code subject}), applied to ids in URLs. */
public final class PersonIds {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]*");
    public static final String RULE = "must start with a letter or digit, contain only letters, digits and . _ : @ -, and be at most "
            + EventValidator.MAX_ID_LENGTH + " characters long";

    private PersonIds() {
    }

    public static boolean isValid(String id) {
        return id != null && !id.isEmpty() && id.length() <= EventValidator.MAX_ID_LENGTH && ID.matcher(id).matches();
    }
}
