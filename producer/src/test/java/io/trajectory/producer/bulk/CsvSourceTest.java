package io.trajectory.producer.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trajectory.events.Departed;
import io.trajectory.producer.Fixtures;
import io.trajectory.validation.Violation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvSourceTest {

    private static final String HEADER = "id,type,subject,time,source,data.reason\n";

    private static List<SourceRecord> readAll(byte[] csv) throws IOException {
        List<SourceRecord> records = new ArrayList<>();
        try (CsvSource source = new CsvSource(new ByteArrayInputStream(csv), Fixtures.mapper())) {
            SourceRecord record;
            while ((record = source.next()) != null) {
                records.add(record);
            }
        }
        return records;
    }

    private static List<SourceRecord> readAll(String csv) throws IOException {
        return readAll(csv.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldAcceptAByteOrderMarkAndSkipBlankRows() throws IOException {
        List<SourceRecord> records = readAll("\uFEFF" + HEADER + "\n"
                + "e1,departed,p-1,2024-01-01T00:00:00Z,hr/x,\n,,,,,\ne2,departed,p-2,2024-01-01T00:00:00Z,hr/x,moved\n");

        assertThat(records).extracting(SourceRecord::line).containsExactly(3L, 5L);
        assertThat(records).allMatch(r -> r.result().ok());
        assertThat(((Departed) records.get(1).result().event()).getReason()).isEqualTo("moved");
    }

    @Test
    void shouldRejectARowWithMoreCellsThanTheHeader() throws IOException {
        List<SourceRecord> records = readAll(HEADER + "e1,departed,p-1,2024-01-01T00:00:00Z,hr/x,moved,extra\n");

        assertThat(records).singleElement().satisfies(r -> assertThat(r.result().violations())
                .containsExactly(new Violation("body", "has 7 cells but the header has 6 columns")));
    }

    @Test
    void shouldRejectARowThatIsNotUtf8AndReadTheNextOne() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write((HEADER + "e1,departed,p-1,2024-01-01T00:00:00Z,hr/x,d").getBytes(StandardCharsets.UTF_8));
        bytes.write(0xE9);
        bytes.write("part\ne2,departed,p-2,2024-01-01T00:00:00Z,hr/x,\n".getBytes(StandardCharsets.UTF_8));

        List<SourceRecord> records = readAll(bytes.toByteArray());

        assertThat(records).hasSize(2);
        assertThat(records.get(0).result().violations()).extracting(Violation::message)
                .containsExactly("not valid UTF-8 (the row contains bytes that are not UTF-8 text)");
        assertThat(records.get(1).result().ok()).isTrue();
    }

    @Test
    void shouldRejectTheRestOfAFileWithAnUnterminatedQuote() throws IOException {
        List<SourceRecord> records = readAll(HEADER + "e1,departed,p-1,2024-01-01T00:00:00Z,hr/x,\n"
                + "e2,departed,p-2,2024-01-01T00:00:00Z,hr/x,\"never closed\n");

        assertThat(records).hasSize(2);
        assertThat(records.get(0).result().ok()).isTrue();
        assertThat(records.get(1).result().violations()).singleElement().satisfies(v -> assertThat(v.message())
                .startsWith("malformed CSV").endsWith("(the rest of the file is not read)"));
    }

    @Test
    void shouldRefuseAnEmptyFile() {
        assertThatThrownBy(() -> readAll("")).isInstanceOf(ImportException.class).hasMessageStartingWith("empty file");
    }

    @Test
    void shouldRefuseDuplicateColumns() {
        assertThatThrownBy(() -> readAll("id,type,subject,time,source,ID\n"))
                .isInstanceOf(ImportException.class).hasMessageStartingWith("line 1: duplicate column 'ID'");
    }
}
