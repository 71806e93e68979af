package io.trajectory.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Every released version of every schema, shipped as resources under
 * {@code io/trajectory/schemas/history/}. The file {@code index.txt} lists them, one
 * {@code FullName/vN.avsc} per line. A schema released once stays here forever: that is what lets
 * a consumer decode a message written by an older producer.
 */
public final class SchemaHistory {

    static final String ROOT = "/io/trajectory/schemas/history/";

    private final Map<String, List<Schema>> versionsByFullName;

    private SchemaHistory(Map<String, List<Schema>> versionsByFullName) {
        this.versionsByFullName = versionsByFullName;
    }

    /** Loads the history shipped in this jar. */
    public static SchemaHistory shipped() {
        String index = read(ROOT + "index.txt");
        Map<String, List<Schema>> versions = new LinkedHashMap<>();
        for (String line : index.split("\n")) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            Schema schema = new Schema.Parser().parse(read(ROOT + entry));
            versions.computeIfAbsent(schema.getFullName(), k -> new ArrayList<>()).add(schema);
        }
        versions.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return new SchemaHistory(Collections.unmodifiableMap(versions));
    }

    /** An explicit history, e.g. a shipped one plus versions under test. */
    public static SchemaHistory of(Map<String, List<Schema>> versionsByFullName) {
        Map<String, List<Schema>> copy = new LinkedHashMap<>();
        versionsByFullName.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return new SchemaHistory(Collections.unmodifiableMap(copy));
    }

    /** Released versions of the record with this full name, oldest first; empty if none. */
    public List<Schema> versionsOf(String fullName) {
        return versionsByFullName.getOrDefault(fullName, List.of());
    }

    public Map<String, List<Schema>> all() {
        return versionsByFullName;
    }

    /** This history plus one more version of a record. */
    public SchemaHistory plus(Schema olderOrNewer) {
        Map<String, List<Schema>> copy = new LinkedHashMap<>(versionsByFullName);
        List<Schema> list = new ArrayList<>(versionsOf(olderOrNewer.getFullName()));
        list.add(olderOrNewer);
        copy.put(olderOrNewer.getFullName(), list);
        return of(copy);
    }

    private static String read(String resource) {
        try (InputStream in = SchemaHistory.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema history resource missing: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
