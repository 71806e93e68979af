package io.trajectory.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.config.TrajectoryConfig;
import io.trajectory.ladder.LadderLoader;
import io.trajectory.schemas.CareerEvents;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.StageTransition;
import io.trajectory.state.TransitionKind;
import io.trajectory.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code stage-transitions} topic: each change once, corrections superseding by id. */
class StageTransitionsTopologyTest {

    private final Topics topics = Topics.from(TrajectoryConfig.defaults());
    private final TestEvents alice = new TestEvents("alice");
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<String, StageTransition> transitions;

    @BeforeEach
    void setUp() {
        TopologyConfig config = new TopologyConfig(topics, LadderLoader.defaultLadder(), TopologyConfig.StoreType.IN_MEMORY);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "transitions-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(TrajectoryTopology.build(config), props);
        input = driver.createInputTopic(topics.careerEventsRaw().name(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        transitions = driver.createOutputTopic(topics.stageTransitions().name(), Serdes.String().deserializer(),
                topics.stageTransitions().valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private List<StageTransition> send(SpecificRecord event) {
        input.pipeInput(CareerEvents.personId(event).getBytes(StandardCharsets.UTF_8), Codecs.events().encode(event));
        return transitions.readRecordsToList().stream().map(r -> {
            assertThat(r.key()).isEqualTo(r.value().getTransitionId());
            return r.value();
        }).toList();
    }

    @Test
    void shouldPublishEachStageChangeOnceWithTheTimeSpentInThePreviousStage() {
        List<StageTransition> hired = send(alice.hired("h", 0));
        List<StageTransition> promoted = send(alice.promotion("p", 30, "SENIOR"));
        List<StageTransition> again = send(alice.promotion("p", 30, "SENIOR"));
        List<StageTransition> noChange = send(alice.project("x", 40, true));

        assertThat(hired).singleElement().satisfies(t -> {
            assertThat(t.getTransitionId()).isEqualTo("alice/1");
            assertThat(t.getKind()).isEqualTo(TransitionKind.RECORDED);
            assertThat(t.getFromStage()).isNull();
            assertThat(t.getToStage()).isEqualTo("JUNIOR");
            assertThat(t.getMillisInPreviousStage()).isNull();
            assertThat(t.getDepartment()).isEqualTo("Payments");
            assertThat(t.getHiredAt()).isEqualTo(TestEvents.day(0));
        });
        assertThat(promoted).singleElement().satisfies(t -> {
            assertThat(t.getTransitionId()).isEqualTo("alice/2");
            assertThat(t.getKind()).isEqualTo(TransitionKind.RECORDED);
            assertThat(t.getFromStage()).isEqualTo("JUNIOR");
            assertThat(t.getToStage()).isEqualTo("SENIOR");
            assertThat(t.getEnteredAt()).isEqualTo(TestEvents.day(30));
            assertThat(t.getMillisInPreviousStage()).isEqualTo(Duration.ofDays(30).toMillis());
            assertThat(t.getCauseEventId()).isEqualTo("p");
        });
        assertThat(again).as("a duplicate event publishes nothing").isEmpty();
        assertThat(noChange).as("an event that changes no stage publishes nothing").isEmpty();
    }

    @Test
    void shouldCorrectLaterTransitionsWhenALateEventInsertsAnEarlierOne() {
        send(alice.hired("h", 0));
        send(alice.promotion("p2", 30, "SENIOR"));

        List<StageTransition> late = send(alice.promotion("p1", 10, "ADVANCING"));

        assertThat(late).extracting(StageTransition::getTransitionId, StageTransition::getKind,
                        StageTransition::getFromStage, StageTransition::getToStage, StageTransition::getMillisInPreviousStage)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("alice/2", TransitionKind.CORRECTED, "JUNIOR", "ADVANCING",
                                Duration.ofDays(10).toMillis()),
                        org.assertj.core.groups.Tuple.tuple("alice/3", TransitionKind.RECORDED, "ADVANCING", "SENIOR",
                                Duration.ofDays(20).toMillis()));
    }

    @Test
    void shouldRetractATransitionWhoseCauseIsRetracted() {
        send(alice.hired("h", 0));
        send(alice.promotion("p1", 10, "ADVANCING"));
        send(alice.promotion("p2", 30, "SENIOR"));

        List<StageTransition> retracted = send(alice.retraction("r", 40, "p1"));

        assertThat(retracted).extracting(StageTransition::getTransitionId, StageTransition::getKind, StageTransition::getToStage)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("alice/2", TransitionKind.CORRECTED, "SENIOR"),
                        org.assertj.core.groups.Tuple.tuple("alice/3", TransitionKind.RETRACTED, "SENIOR"));
        assertThat(retracted.get(0).getMillisInPreviousStage()).isEqualTo(Duration.ofDays(30).toMillis());
    }

    @Test
    void shouldCorrectTheDepartmentOfATransitionWhenABackDatedTransferArrives() {
        send(alice.hired("h", 0));
        send(alice.promotion("p", 30, "SENIOR"));

        List<StageTransition> late = send(alice.transferred("t", 20, "Platform"));

        assertThat(late).singleElement().satisfies(t -> {
            assertThat(t.getTransitionId()).isEqualTo("alice/2");
            assertThat(t.getKind()).isEqualTo(TransitionKind.CORRECTED);
            assertThat(t.getDepartment()).isEqualTo("Platform");
        });
    }
}
