package io.trajectory.producer.bulk;

import io.trajectory.producer.cloudevents.CloudEventMapper;
import io.trajectory.producer.cloudevents.MappingResult;
import io.trajectory.validation.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * JSON lines: one CloudEvent (structured JSON object) per line. Blank lines are skipped; each line
 * is checked on its own (UTF-8, JSON, CloudEvent), so one bad line never hides the others. A file
 * whose first line opens a JSON array is a JSON document, not JSON lines: it is refused whole
 * ({@link ImportException}) before anything is sent, rather than sending the events that happen to
 * sit on a line of their own.
 */
public final class JsonLinesSource implements EventSource {

    /** Longest line accepted (the HTTP body limit). */
    public static final int MAX_LINE_BYTES = 1 << 20;

    private final InputStream in;
    private final CloudEventMapper mapper;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private long line;
    private byte[] lineBytes = new byte[1024];
    private boolean started;

    public JsonLinesSource(InputStream in, CloudEventMapper mapper) {
        this.in = in;
        this.mapper = mapper;
    }

    @Override
    public SourceRecord next() throws IOException {
        while (true) {
            int length = 0;
            boolean tooLong = false;
            boolean any = false;
            while (true) {
                if (position == limit) {
                    limit = in.read(buffer);
                    position = 0;
                    if (limit <= 0) {
                        limit = 0;
                        break;
                    }
                }
                any = true;
                byte b = buffer[position++];
                if (b == '\n') {
                    break;
                }
                if (length == MAX_LINE_BYTES) {
                    tooLong = true;
                    continue;
                }
                if (length == lineBytes.length) {
                    lineBytes = Arrays.copyOf(lineBytes, Math.min(MAX_LINE_BYTES, lineBytes.length * 2));
                }
                lineBytes[length++] = b;
            }
            if (!any) {
                return null;
            }
            line++;
            if (length > 0 && lineBytes[length - 1] == '\r') {
                length--;
            }
            if (tooLong) {
                return new SourceRecord(line, new MappingResult(0, null, null,
                        List.of(new Violation(CloudEventMapper.BODY, "line is longer than " + MAX_LINE_BYTES + " bytes"))));
            }
            if (isBlank(lineBytes, length)) {
                continue;
            }
            if (!started && startsWith(lineBytes, length, (byte) '[')) {
                // a JSON document holding an array of events, not JSON lines: nothing is sent
                throw new ImportException(line, "the file is a JSON array, not JSON lines (one CloudEvent per line);"
                        + " convert it with jq -c '.[]' (one event per line)");
            }
            started = true;
            return new SourceRecord(line, mapper.mapJson(Arrays.copyOf(lineBytes, length), 0));
        }
    }

    /** True when the first byte that is not blank (nor a UTF-8 byte order mark) is {@code first}. */
    private static boolean startsWith(byte[] bytes, int length, byte first) {
        int i = length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF ? 3 : 0;
        for (; i < length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return b == first;
            }
        }
        return false;
    }

    private static boolean isBlank(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
