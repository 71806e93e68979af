package io.trajectory.producer.bulk;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Formats of event files. */
public enum FileFormat {
    /** One CloudEvent (structured JSON) per line: {@code .jsonl}, {@code .ndjson}, {@code .json}. */
    JSON_LINES,
    /** A header line, then one event per row: {@code .csv}. */
    CSV;

    /** The format a file name implies, if any. */
    public static Optional<FileFormat> detect(Path file) {
        Path name = file.getFileName();
        String n = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".json")) {
            return Optional.of(JSON_LINES);
        }
        if (n.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        return Optional.empty();
    }

    /** {@code jsonl}, {@code ndjson}, {@code json} or {@code csv} (any case). */
    public static FileFormat parse(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "jsonl", "ndjson", "json", "json-lines", "json_lines" -> JSON_LINES;
            case "csv" -> CSV;
            default -> throw new IllegalArgumentException("unknown format '" + name + "'; use jsonl or csv");
        };
    }
}
