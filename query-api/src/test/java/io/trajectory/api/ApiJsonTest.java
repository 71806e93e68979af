package io.trajectory.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiJsonTest {

    private final ObjectMapper json = ApiJson.objectMapper();

    @Test
    void shouldEscapeBidiZeroWidthAndLineSeparatorCharactersOfFreeText() throws Exception {
        String written = json.writeValueAsString(Map.of("title", "TPM \u202Eevil\u200B\u2028\u2029\uFEFF\u0007"));

        assertThat(written).isEqualTo("{\"title\":\"TPM \\u202Eevil\\u200B\\u2028\\u2029\\uFEFF\\u0007\"}");
        // nothing is lost: a JSON reader gets the same text back
        assertThat(json.readTree(written).get("title").asText()).isEqualTo("TPM \u202Eevil\u200B\u2028\u2029\uFEFF\u0007");
    }

    @Test
    void shouldKeepPrintableNonAsciiTextAsItIs() throws Exception {
        assertThat(json.writeValueAsString(Map.of("title", "Caf\u00e9 \u0645\u062F\u064A\u0631 \uD83D\uDE00")))
                .isEqualTo("{\"title\":\"Caf\u00e9 \u0645\u062F\u064A\u0631 \uD83D\uDE00\"}");
    }
}
