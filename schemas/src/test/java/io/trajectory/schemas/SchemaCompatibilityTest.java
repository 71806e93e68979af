package io.trajectory.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.state.PersonLedger;
import io.trajectory.state.PersonSpells;
import io.trajectory.state.StageTransition;
import io.trajectory.state.PersonState;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The build's schema gate: every current schema is released (in the shipped history), documented,
 * and backward and forward compatible with every earlier released version of itself.
 */
class SchemaCompatibilityTest {

    static Stream<Class<?>> topLevelTypes() {
        List<Class<?>> types = new ArrayList<>(EventType.avroClasses());
        types.add(PersonState.class);
        types.add(PersonLedger.class);
        types.add(StageTransition.class);
        types.add(PersonSpells.class);
        return types.stream();
    }

    @ParameterizedTest
    @MethodSource("topLevelTypes")
    void shouldShipTheCurrentSchemaInTheHistory(Class<?> type) {
        Schema current = SingleObjectCodec.schemaOf(type);
        long fingerprint = SchemaNormalization.parsingFingerprint64(current);
        List<Long> released = Codecs.history().versionsOf(current.getFullName()).stream()
                .map(SchemaNormalization::parsingFingerprint64).toList();
        assertThat(released)
                .as("%s changed: release it by adding %s/v%d.avsc (Schema.toString(true) of the class) and a line in "
                        + "schemas/src/main/resources/io/trajectory/schemas/history/index.txt",
                        current.getFullName(), current.getFullName(), released.size() + 1)
                .contains(fingerprint);
    }

    @ParameterizedTest
    @MethodSource("topLevelTypes")
    void shouldStayCompatibleWithEveryReleasedVersion(Class<?> type) {
        Schema current = SingleObjectCodec.schemaOf(type);
        List<Schema> released = Codecs.history().versionsOf(current.getFullName());
        assertThat(released).isNotEmpty();
        for (Schema version : released) {
            assertThat(SchemaRules.incompatibilities(version, current)).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("topLevelTypes")
    void shouldDocumentEveryField(Class<?> type) {
        assertThat(SchemaRules.undocumented(SingleObjectCodec.schemaOf(type))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("topLevelTypes")
    void shouldGiveEveryEnumADefaultSymbol(Class<?> type) {
        assertThat(SchemaRules.enumsWithoutDefault(SingleObjectCodec.schemaOf(type))).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void shouldDetectAnIncompatibleChange() {
        Schema v1 = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
        Schema v2 = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
                        + "{\"name\":\"b\",\"type\":\"int\"}]}");
        assertThat(SchemaRules.incompatibilities(v1, v2)).anySatisfy(p -> assertThat(p).startsWith("backward"));
    }
}
