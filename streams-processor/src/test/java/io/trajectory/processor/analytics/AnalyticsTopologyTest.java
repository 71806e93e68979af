package io.trajectory.processor.analytics;

import static io.trajectory.processor.TestEvents.day;
import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.config.TrajectoryConfig;
import io.trajectory.ladder.LadderLoader;
import io.trajectory.processor.TestEvents;
import io.trajectory.processor.TopologyConfig;
import io.trajectory.processor.TrajectoryTopology;
import io.trajectory.schemas.CareerEvents;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.PersonSpells;
import io.trajectory.state.Spell;
import io.trajectory.state.SpellOutcome;
import io.trajectory.topics.Stores;
import io.trajectory.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The analytics buckets the topology keeps (and every person's spells, put together from them), corrected exactly. */
class AnalyticsTopologyTest {

    private final Topics topics = Topics.from(TrajectoryConfig.defaults());
    private final TestEvents ann = new TestEvents("ann");
    private final TestEvents bob = new TestEvents("bob");
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    /** A person's whole spells, put together from their bucket entries (as the API reads them). */
    private final SpellsView spells = new SpellsView();

    private final class SpellsView {
        PersonSpells get(String personId) {
            try (KeyValueIterator<String, PersonSpells> it = buckets.all()) {
                java.util.List<PersonSpells> mine = new java.util.ArrayList<>();
                it.forEachRemaining(kv -> {
                    if (kv.value.getPersonId().equals(personId)) {
                        mine.add(kv.value);
                    }
                });
                return AnalyticsBuckets.merge(mine.iterator()).stream().findFirst().orElse(null);
            }
        }
    }
    private KeyValueStore<String, PersonSpells> buckets;

    @BeforeEach
    void setUp() {
        TopologyConfig config = new TopologyConfig(topics, LadderLoader.defaultLadder(), TopologyConfig.StoreType.IN_MEMORY);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "analytics-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(TrajectoryTopology.build(config), props);
        input = driver.createInputTopic(topics.careerEventsRaw().name(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        buckets = driver.getKeyValueStore(Stores.ANALYTICS_BUCKETS);
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void send(SpecificRecord... events) {
        for (SpecificRecord event : events) {
            input.pipeInput(CareerEvents.personId(event).getBytes(StandardCharsets.UTF_8), Codecs.events().encode(event));
        }
    }

    /** Every bucket entry, as "stage|department|cohort|person" → the stages of its spells. */
    private Map<String, String> bucketContents() {
        Map<String, String> out = new LinkedHashMap<>();
        try (KeyValueIterator<String, PersonSpells> it = buckets.all()) {
            while (it.hasNext()) {
                KeyValue<String, PersonSpells> kv = it.next();
                out.put(kv.key.replace('\u0000', '|'), kv.value.getSpells().stream()
                        .map(s -> s.getStage() + ":" + s.getOutcome()).toList().toString());
            }
        }
        return out;
    }

    @Test
    void shouldKeepEveryPersonsSpellsAndOneBucketEntryPerStageDepartmentAndCohort() {
        send(ann.hired("a-h", 0), ann.promotion("a-p", 100, "ADVANCING"), bob.hired("b-h", 200));

        assertThat(spells.get("ann").getSpells()).extracting(Spell::getOutcome)
                .containsExactly(SpellOutcome.PROMOTED, SpellOutcome.ONGOING);
        assertThat(bucketContents()).containsExactly(
                Map.entry("ADVANCING|Payments|2024-Q1|ann", "[ADVANCING:ONGOING]"),
                Map.entry("JUNIOR|Payments|2024-Q1|ann", "[JUNIOR:PROMOTED]"),
                Map.entry("JUNIOR|Payments|2024-Q3|bob", "[JUNIOR:ONGOING]"));
    }

    @Test
    void shouldRemoveARetractedPromotionFromEveryBucketItTouched() {
        send(ann.hired("a-h", 0), ann.promotion("a-p", 100, "ADVANCING"));
        send(ann.retraction("a-r", 120, "a-p"));

        assertThat(bucketContents()).containsExactly(Map.entry("JUNIOR|Payments|2024-Q1|ann", "[JUNIOR:ONGOING]"));
        assertThat(spells.get("ann").getSpells()).hasSize(1);
    }

    @Test
    void shouldMoveASpellToTheBucketOfItsCorrectedDepartmentWhenATransferIsBackDated() {
        send(ann.hired("a-h", 0), ann.promotion("a-p", 100, "ADVANCING"));
        send(ann.transferred("late", 50, "Search"));

        assertThat(bucketContents()).containsExactly(
                Map.entry("ADVANCING|Search|2024-Q1|ann", "[ADVANCING:ONGOING]"),
                Map.entry("JUNIOR|Payments|2024-Q1|ann", "[JUNIOR:PROMOTED]"));
        assertThat(spells.get("ann").getSpells().get(0).getDepartmentChanges()).hasSize(1);
    }

    @Test
    void shouldMoveEveryBucketEntryOfAPersonWhoseHireIsBackDatedIntoAnotherCohort() {
        send(ann.hired("a-h", 100), ann.promotion("a-p", 150, "ADVANCING"));
        send(ann.retraction("a-r", 160, "a-h"), new io.trajectory.events.Hired(ann.header("a-h2", -30),
                "Technical Program Manager I", "Payments", "m-1", "JUNIOR"));

        assertThat(bucketContents()).containsExactly(
                Map.entry("ADVANCING|Payments|2023-Q4|ann", "[ADVANCING:ONGOING]"),
                Map.entry("JUNIOR|Payments|2023-Q4|ann", "[JUNIOR:PROMOTED]"));
    }

    @Test
    void shouldWriteNothingForADuplicateOrAnEventThatChangesNoSpell() {
        send(ann.hired("a-h", 0));
        PersonSpells before = spells.get("ann");
        Map<String, String> bucketsBefore = bucketContents();

        send(ann.hired("a-h", 0), ann.project("x", 10, true));

        assertThat(spells.get("ann")).isEqualTo(before);
        assertThat(bucketContents()).isEqualTo(bucketsBefore);
    }

    @Test
    void shouldEndTheSpellsOfSomeoneWhoLeftAndReopenThemWhenTheDepartureIsRetracted() {
        send(ann.hired("a-h", 0), ann.departed("a-d", 90));
        assertThat(spells.get("ann").getDepartedAt()).isEqualTo(day(90));
        assertThat(bucketContents()).containsExactly(Map.entry("JUNIOR|Payments|2024-Q1|ann", "[JUNIOR:DEPARTED]"));

        send(ann.retraction("a-r", 95, "a-d"));

        assertThat(spells.get("ann").getDepartedAt()).isNull();
        assertThat(bucketContents()).containsExactly(Map.entry("JUNIOR|Payments|2024-Q1|ann", "[JUNIOR:ONGOING]"));
    }
}
