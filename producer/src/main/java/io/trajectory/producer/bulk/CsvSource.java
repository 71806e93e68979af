package io.trajectory.producer.bulk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.trajectory.producer.cloudevents.CloudEventMapper;
import io.trajectory.producer.cloudevents.DataFields;
import io.trajectory.producer.cloudevents.MappingResult;
import io.trajectory.schemas.EventType;
import io.trajectory.validation.Characters;
import io.trajectory.validation.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * CSV events: a header line, then one event per row. Columns: {@code id,type,subject,time,source}
 * (required), optional {@code recordedat} and {@code specversion}, and {@code data.<attribute>}
 * columns such as {@code data.toStage}. Empty cells are absent attributes; numbers and booleans are
 * read according to the attribute's kind; {@code data.skills} is a list separated by {@code ;}.
 * {@code type} may be short ({@code promotion}) or full ({@code trajectory.promotion}).
 */
public final class CsvSource implements EventSource {

    public static final List<String> REQUIRED_COLUMNS = List.of("id", "type", "subject", "time", "source");
    public static final List<String> OPTIONAL_COLUMNS = List.of(CloudEventMapper.RECORDED_AT, "specversion");
    private static final String DATA_PREFIX = "data.";
    /** A header line with more problems than this (a binary file, say) lists only the first ones. */
    private static final int MAX_HEADER_PROBLEMS = 8;
    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .build();

    private final CsvParser parser;
    private final CloudEventMapper mapper;
    private final List<String> columns;
    private boolean done;

    /** Reads the header; throws {@link ImportException} when it is missing or unusable. */
    public CsvSource(InputStream in, CloudEventMapper mapper) throws IOException {
        this.mapper = mapper;
        // Undecodable bytes become U+FFFD so that the row can be rejected while the rest is read.
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        this.parser = (CsvParser) CSV.getFactory().createParser(new InputStreamReader(in, decoder));
        Row header;
        try {
            header = readRow();
        } catch (JsonProcessingException e) {
            throw new ImportException(1, "malformed CSV header: " + Characters.printable(e.getOriginalMessage()));
        }
        if (header == null) {
            throw new ImportException("empty file: expected a header line with the columns "
                    + String.join(",", REQUIRED_COLUMNS) + " and data.<attribute> columns");
        }
        this.columns = checkHeader(header);
    }

    private static List<String> checkHeader(Row header) {
        List<String> columns = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < header.cells().size(); i++) {
            String raw = header.cells().get(i).strip();
            if (i == 0 && raw.startsWith("\uFEFF")) {
                raw = raw.substring(1);
            }
            String column = raw.startsWith(DATA_PREFIX) ? raw : raw.toLowerCase(Locale.ROOT);
            boolean known = REQUIRED_COLUMNS.contains(column) || OPTIONAL_COLUMNS.contains(column)
                    || (column.startsWith(DATA_PREFIX) && column.length() > DATA_PREFIX.length());
            if (!known) {
                problems.add("unknown column '" + Characters.excerpt(raw) + "'");
            } else if (!seen.add(column)) {
                problems.add("duplicate column '" + Characters.excerpt(raw) + "'");
            }
            columns.add(column);
        }
        for (String required : REQUIRED_COLUMNS) {
            if (!seen.contains(required)) {
                problems.add("missing column '" + required + "'");
            }
        }
        if (problems.size() > MAX_HEADER_PROBLEMS) {
            int more = problems.size() - MAX_HEADER_PROBLEMS;
            problems = new ArrayList<>(problems.subList(0, MAX_HEADER_PROBLEMS));
            problems.add("and " + more + " more");
        }
        if (!problems.isEmpty()) {
            throw new ImportException(header.line(), String.join("; ", problems) + ". Columns are "
                    + String.join(",", REQUIRED_COLUMNS) + ", optionally " + String.join(",", OPTIONAL_COLUMNS)
                    + ", and data.<attribute> (e.g. data.toStage)");
        }
        return columns;
    }

    @Override
    public SourceRecord next() throws IOException {
        while (!done) {
            Row row;
            long line = parser.currentLocation().getLineNr();
            try {
                row = readRow();
            } catch (JsonProcessingException e) {
                done = true;
                long at = e.getLocation() == null ? line : e.getLocation().getLineNr();
                return reject(at, "malformed CSV: " + Characters.printable(e.getOriginalMessage())
                        + " (the rest of the file is not read)");
            }
            if (row == null) {
                done = true;
                return null;
            }
            if (row.cells().stream().allMatch(String::isBlank)) {
                continue;
            }
            if (row.cells().size() > columns.size()) {
                return reject(row.line(), "has " + row.cells().size() + " cells but the header has "
                        + columns.size() + " columns");
            }
            if (row.cells().stream().anyMatch(c -> c.indexOf('\uFFFD') >= 0)) {
                return reject(row.line(), "not valid UTF-8 (the row contains bytes that are not UTF-8 text)");
            }
            return new SourceRecord(row.line(), mapper.map(toCloudEvent(row), 0));
        }
        return null;
    }

    private ObjectNode toCloudEvent(Row row) {
        ObjectNode ce = JsonNodeFactory.instance.objectNode();
        ce.put("specversion", CloudEventMapper.SPEC_VERSION);
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        Optional<EventType> type = Optional.empty();
        int typeColumn = columns.indexOf("type");
        if (typeColumn < row.cells().size() && !row.cells().get(typeColumn).isBlank()) {
            type = EventType.fromCloudEventType(DataFields.cloudEventType(row.cells().get(typeColumn)));
        }
        for (int i = 0; i < row.cells().size(); i++) {
            String cell = row.cells().get(i);
            if (cell.isBlank()) {
                continue;
            }
            String column = columns.get(i);
            if (column.startsWith(DATA_PREFIX)) {
                String name = column.substring(DATA_PREFIX.length());
                data.set(name, dataValue(type, name, cell));
            } else if (column.equals("type")) {
                ce.put("type", DataFields.cloudEventType(cell));
            } else {
                ce.put(column, cell.strip());
            }
        }
        ce.set("data", data);
        return ce;
    }

    private static JsonNode dataValue(Optional<EventType> type, String name, String cell) {
        Optional<DataFields.Field> field = type.flatMap(t -> DataFields.field(t, name));
        return field.map(f -> DataFields.fromText(f, cell)).orElseGet(() -> JsonNodeFactory.instance.textNode(cell));
    }

    private SourceRecord reject(long line, String message) {
        return new SourceRecord(line, new MappingResult(0, null, null,
                List.of(new Violation(CloudEventMapper.BODY, message))));
    }

    private record Row(long line, List<String> cells) {
    }

    private Row readRow() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            return null;
        }
        if (token != JsonToken.START_ARRAY) {
            throw new IllegalStateException("unexpected CSV token " + token);
        }
        // Without a schema each row is an array of strings; its first cell tells where the row starts.
        long line = -1;
        List<String> cells = new ArrayList<>();
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
            if (line < 0) {
                line = parser.currentTokenLocation().getLineNr();
            }
            cells.add(parser.getValueAsString(""));
        }
        return new Row(line, cells);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
