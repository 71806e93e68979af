package io.trajectory.producer.bulk;

import io.trajectory.producer.cloudevents.CloudEventMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A stream of events read from a file, one record at a time (the file is never loaded whole). */
public interface EventSource extends AutoCloseable {

    /** The next record, or {@code null} at the end of the input. */
    SourceRecord next() throws IOException;

    @Override
    void close() throws IOException;

    /** Opens a file in the given format. Throws {@link ImportException} when a CSV header is unusable. */
    static EventSource open(Path file, FileFormat format, CloudEventMapper mapper) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            return switch (format) {
                case JSON_LINES -> new JsonLinesSource(in, mapper);
                case CSV -> new CsvSource(in, mapper);
            };
        } catch (RuntimeException | IOException e) {
            in.close();
            throw e;
        }
    }
}
