package io.trajectory.app.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACL table of the README ("Kafka ACLs each component needs"), read from the README itself and
 * turned into ACL bindings: the security integration tests create exactly these, so a missing or a
 * superfluous row shows up as a failing test.
 *
 * <p>A row is {@code | component | resource type | name | pattern | operations |}; the name column's
 * first {@code `...`} is the name with the default settings (topic names, {@code application.id}).
 */
public final class DocumentedAcls {

    /** One row of the table. */
    public record Row(String component, ResourceType type, String name, PatternType pattern, List<AclOperation> operations) {
    }

    private static final String TABLE_HEADER = "| component | resource type | name | pattern | operations |";

    private DocumentedAcls() {
    }

    /** Every row of the README's ACL table. */
    public static List<Row> rows() {
        List<String> lines;
        try {
            lines = Files.readAllLines(repositoryRoot().resolve("README.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = lines.indexOf(TABLE_HEADER);
        if (start < 0) {
            throw new IllegalStateException("README.md has no ACL table (header " + TABLE_HEADER + ")");
        }
        List<Row> rows = new ArrayList<>();
        for (int i = start + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String[] cells = lines.get(i).split("\\|");
            // cells[0] is empty (the line starts with |)
            String component = cells[1].strip().replace("`", "");
            ResourceType type = ResourceType.fromString(cells[2].strip().replace("`", ""));
            String nameCell = cells[3];
            int a = nameCell.indexOf('`');
            int b = nameCell.indexOf('`', a + 1);
            String name = nameCell.substring(a + 1, b);
            PatternType pattern = PatternType.fromString(cells[4].strip().replace("`", ""));
            List<AclOperation> ops = new ArrayList<>();
            for (String op : cells[5].replace("`", "").split(",")) {
                AclOperation operation = AclOperation.fromString(op.strip().toUpperCase(Locale.ROOT));
                if (operation == AclOperation.UNKNOWN) {
                    throw new IllegalStateException("README ACL table: unknown operation '" + op + "' in " + lines.get(i));
                }
                ops.add(operation);
            }
            if (type == ResourceType.UNKNOWN || pattern == PatternType.UNKNOWN) {
                throw new IllegalStateException("README ACL table: cannot read " + lines.get(i));
            }
            rows.add(new Row(component, type, name, pattern, List.copyOf(ops)));
        }
        return rows;
    }

    /**
     * ALLOW bindings for every row whose component is a key of {@code principals} (e.g.
     * {@code processor -> User:trajectory}); fails if the table names a component not given.
     */
    public static List<AclBinding> bindings(Map<String, String> principals) {
        List<AclBinding> out = new ArrayList<>();
        for (Row row : rows()) {
            String principal = principals.get(row.component());
            if (principal == null) {
                if (!principals.containsKey(row.component())) {
                    throw new IllegalStateException("README ACL table: component '" + row.component()
                            + "' is not one of " + principals.keySet());
                }
                continue; // a component this test does not run
            }
            for (AclOperation op : row.operations()) {
                out.add(new AclBinding(new ResourcePattern(row.type(), row.name(), row.pattern()),
                        new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW)));
            }
        }
        return out;
    }

    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no README.md above " + Path.of("").toAbsolutePath());
    }
}
