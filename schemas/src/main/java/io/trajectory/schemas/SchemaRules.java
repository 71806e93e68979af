package io.trajectory.schemas;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/** The evolution rules the build enforces on every schema (see {@code SchemaCompatibilityTest}). */
public final class SchemaRules {

    private SchemaRules() {
    }

    /**
     * Problems that would stop {@code released} and {@code current} from reading each other's
     * messages: backward (current reads released) and forward (released reads current). Empty
     * means fully compatible.
     */
    public static List<String> incompatibilities(Schema released, Schema current) {
        List<String> problems = new ArrayList<>();
        var backward = SchemaCompatibility.checkReaderWriterCompatibility(current, released);
        if (backward.getType() != SchemaCompatibilityType.COMPATIBLE) {
            problems.add("backward: current cannot read released " + released.getFullName() + ": "
                    + backward.getResult().getIncompatibilities());
        }
        var forward = SchemaCompatibility.checkReaderWriterCompatibility(released, current);
        if (forward.getType() != SchemaCompatibilityType.COMPATIBLE) {
            problems.add("forward: released cannot read current " + current.getFullName() + ": "
                    + forward.getResult().getIncompatibilities());
        }
        return problems;
    }

    /** Paths of record fields (and named types) that carry no {@code doc}. */
    public static List<String> undocumented(Schema schema) {
        List<String> missing = new ArrayList<>();
        collectUndocumented(schema, schema.getFullName(), missing, new HashSet<>());
        return missing;
    }

    private static void collectUndocumented(Schema schema, String path, List<String> missing, Set<String> seen) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!seen.add(schema.getFullName())) {
                    return;
                }
                if (isBlank(schema.getDoc())) {
                    missing.add(path + " (record)");
                }
                for (Schema.Field field : schema.getFields()) {
                    if (isBlank(field.doc())) {
                        missing.add(path + "." + field.name());
                    }
                    collectUndocumented(field.schema(), path + "." + field.name(), missing, seen);
                }
            }
            case ENUM -> {
                if (seen.add(schema.getFullName()) && isBlank(schema.getDoc())) {
                    missing.add(path + " (enum " + schema.getName() + ")");
                }
            }
            case ARRAY -> collectUndocumented(schema.getElementType(), path + "[]", missing, seen);
            case MAP -> collectUndocumented(schema.getValueType(), path + "{}", missing, seen);
            case UNION -> schema.getTypes().forEach(t -> collectUndocumented(t, path, missing, seen));
            default -> {
            }
        }
    }

    /** Enums without a default symbol break forward compatibility when a symbol is added. */
    public static List<String> enumsWithoutDefault(Schema schema) {
        List<String> missing = new ArrayList<>();
        collectEnums(schema, missing, new HashSet<>());
        return missing;
    }

    private static void collectEnums(Schema schema, List<String> missing, Set<String> seen) {
        switch (schema.getType()) {
            case RECORD -> {
                if (seen.add(schema.getFullName())) {
                    schema.getFields().forEach(f -> collectEnums(f.schema(), missing, seen));
                }
            }
            case ENUM -> {
                if (seen.add(schema.getFullName()) && schema.getEnumDefault() == null) {
                    missing.add(schema.getFullName());
                }
            }
            case ARRAY -> collectEnums(schema.getElementType(), missing, seen);
            case MAP -> collectEnums(schema.getValueType(), missing, seen);
            case UNION -> schema.getTypes().forEach(t -> collectEnums(t, missing, seen));
            default -> {
            }
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
