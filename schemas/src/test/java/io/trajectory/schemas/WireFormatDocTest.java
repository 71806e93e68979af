package io.trajectory.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.events.Hired;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

/**
 * The README's wire-format section is what clients in other languages build on: its fingerprint
 * table must list every released schema version with the fingerprint this build really writes.
 */
class WireFormatDocTest {

    private static final Pattern ROW = Pattern.compile(
            "^\\| `([\\w.]+)` \\| v(\\d+) \\| `([0-9a-f]{16})` \\| `([0-9a-f]{16})` \\|$", Pattern.MULTILINE);

    private static String readme() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("README.md"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("README.md above " + Path.of("").toAbsolutePath()).isNotNull();
        return Files.readString(dir.resolve("README.md"));
    }

    @Test
    void shouldDocumentTheFingerprintOfEveryReleasedSchemaVersion() throws IOException {
        Map<String, String> documented = new TreeMap<>();
        Matcher m = ROW.matcher(readme());
        while (m.find()) {
            long number = Long.parseUnsignedLong(m.group(3), 16);
            byte[] wire = HexFormat.of().parseHex(m.group(4));
            assertThat(littleEndian(wire)).as("the two fingerprint columns of %s v%s agree", m.group(1), m.group(2))
                    .isEqualTo(number);
            documented.put(m.group(1) + " v" + m.group(2), m.group(3));
        }

        Map<String, String> shipped = new TreeMap<>();
        SchemaHistory.shipped().all().forEach((name, versions) -> {
            for (int i = 0; i < versions.size(); i++) {
                shipped.put(name + " v" + (i + 1), String.format("%016x", fingerprint(versions.get(i))));
            }
        });
        assertThat(documented).isEqualTo(shipped);
    }

    @Test
    void shouldWriteTheMarkerAndTheLittleEndianFingerprintTheReadmeDescribes() throws IOException {
        Hired hired = Hired.newBuilder()
                .setHeader(SingleObjectCodecTest.header("e-1"))
                .setTitle("TPM").setDepartment("Payments").build();
        byte[] bytes = Codecs.events().encode(hired);

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        String wireHex = HexFormat.of().formatHex(bytes, 2, 10);
        assertThat(readme()).contains("| `io.trajectory.events.Hired` | v" + SchemaHistory.shipped()
                .versionsOf(Hired.getClassSchema().getFullName()).size() + " | `"
                + String.format("%016x", fingerprint(Hired.getClassSchema())) + "` | `" + wireHex + "` |");
    }

    private static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    private static long littleEndian(byte[] b) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }
}
