package io.trajectory.schemas;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12.2 refuses to instantiate generated classes whose package is not trusted. This adds
 * Trajectory's own generated packages to the global trusted set, once, keeping whatever was
 * trusted before (the JDK defaults and the {@code org.apache.avro.SERIALIZABLE_PACKAGES} property).
 */
public final class AvroTrust {

    private static final String[] TRUSTED_PREFIXES = {"io.trajectory.events.", "io.trajectory.state."};
    private static boolean installed;

    private AvroTrust() {
    }

    public static synchronized void ensureTrusted() {
        AvroLimits.ensure(); // before any decoding, like the trust itself
        if (installed) {
            return;
        }
        ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous, AvroTrust::isOurs));
        installed = true;
    }

    private static boolean isOurs(Class<?> type) {
        String name = type.getName();
        for (String prefix : TRUSTED_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
