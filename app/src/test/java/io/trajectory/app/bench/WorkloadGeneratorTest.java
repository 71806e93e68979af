package io.trajectory.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trajectory.ladder.Ladder;
import io.trajectory.ladder.LadderLoader;
import io.trajectory.schemas.CareerEvents;
import io.trajectory.schemas.Codecs;
import io.trajectory.validation.EventValidator;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The benchmark's workload: deterministic, valid, with the late and re-sent shares asked for. */
class WorkloadGeneratorTest {

    private static final Ladder LADDER = LadderLoader.defaultLadder();
    private static final WorkloadSpec SPEC = new WorkloadSpec(20_000, 2_000, 42, 3, 0.5);
    private static Workload workload;

    @BeforeAll
    static void generate() {
        workload = WorkloadGenerator.generate(SPEC, LADDER);
    }

    @Test
    void shouldWriteExactlyTheRecordsAndPeopleAskedFor() {
        assertThat(workload.size()).isEqualTo(20_000);
        assertThat(workload.people()).isEqualTo(2_000);
        Set<Integer> people = new HashSet<>();
        for (int i = 0; i < workload.size(); i++) {
            people.add(workload.personOf(i));
        }
        assertThat(people).hasSize(2_000);
    }

    @Test
    void shouldGiveTheSameRecordsInTheSameOrderForTheSameSeed() {
        Workload again = WorkloadGenerator.generate(SPEC, LADDER);

        for (int i = 0; i < workload.size(); i++) {
            assertThat(again.key(i)).isEqualTo(workload.key(i));
            assertThat(again.value(i)).isEqualTo(workload.value(i));
        }
    }

    @Test
    void shouldGiveOtherRecordsForAnotherSeed() {
        Workload other = WorkloadGenerator.generate(new WorkloadSpec(20_000, 2_000, 43, 3, 0.5), LADDER);

        int same = 0;
        for (int i = 0; i < 1000; i++) {
            same += Arrays.equals(other.value(i), workload.value(i)) ? 1 : 0;
        }
        assertThat(same).isLessThan(10);
    }

    @Test
    void shouldMakeOnlyValidEventsKeyedByTheirPerson() {
        EventValidator validator = new EventValidator(LADDER);
        for (int i = 0; i < workload.size(); i++) {
            SpecificRecord event = Codecs.events().decode(workload.value(i));
            assertThat(validator.validate(event)).as("record %d: %s", i, event).isEmpty();
            assertThat(new String(workload.key(i))).isEqualTo(CareerEvents.personId(event));
        }
    }

    @Test
    void shouldHaveTheLateAndReSentSharesAskedFor() {
        Map<String, Instant> latestByPerson = new HashMap<>();
        Set<String> seen = new HashSet<>();
        int late = 0;
        int resent = 0;
        for (int i = 0; i < workload.size(); i++) {
            SpecificRecord event = Codecs.events().decode(workload.value(i));
            String person = CareerEvents.personId(event);
            Instant at = CareerEvents.header(event).getOccurredAt();
            if (!seen.add(CareerEvents.eventId(event))) {
                resent++;
                continue;
            }
            Instant latest = latestByPerson.get(person);
            if (latest != null && at.isBefore(latest)) {
                late++;
            }
            if (latest == null || at.isAfter(latest)) {
                latestByPerson.put(person, at);
            }
        }
        assertThat(late).isEqualTo(workload.late()).isBetween(560, 640); // 3 % of 20,000, roughly
        assertThat(resent).isEqualTo(workload.duplicates()).isEqualTo(100); // 0.5 %
    }

    @Test
    void shouldReSendCopiesByteForByte() {
        Map<String, byte[]> firstCopy = new HashMap<>();
        int copies = 0;
        for (int i = 0; i < workload.size(); i++) {
            String id = CareerEvents.eventId(Codecs.events().decode(workload.value(i)));
            byte[] earlier = firstCopy.putIfAbsent(id, workload.value(i));
            if (earlier != null) {
                assertThat(workload.value(i)).isEqualTo(earlier);
                copies++;
            }
        }
        assertThat(copies).isEqualTo(100);
    }

    @Test
    void shouldMixEveryEventTypeOfTheLadder() {
        assertThat(workload.typeCounts().keySet()).containsExactlyInAnyOrder("InterviewPassed", "Hired", "Promotion",
                "CourseCompleted", "VendorRelationshipLogged", "ProjectDelivered", "SkillAssessed", "Transferred",
                "Departed", "EventRetracted");
        assertThat(workload.typeCounts().values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(workload.size() - workload.duplicates());
    }

    @Test
    void shouldEndEveryHistoryBeforeNowSoAProbeEventComesLast() {
        Instant cutoff = Instant.parse("2024-01-01T00:00:00Z");
        for (int i = 0; i < workload.size(); i += 7) {
            assertThat(CareerEvents.header(Codecs.events().decode(workload.value(i))).getOccurredAt()).isBefore(cutoff);
        }
    }

    @Test
    void shouldGiveEveryPersonAnEventAndSumToTheDistinctEvents() {
        int[] lengths = WorkloadGenerator.lengths(9_950, 1_000, new Random(1));

        assertThat(Arrays.stream(lengths).sum()).isEqualTo(9_950);
        assertThat(Arrays.stream(lengths).min().getAsInt()).isGreaterThanOrEqualTo(1);
        assertThat(Arrays.stream(lengths).max().getAsInt()).isGreaterThan(30); // a long tail of long careers
    }

    @Test
    void shouldFindEachPersonsRecordsBack() {
        int person = 1234;
        for (SpecificRecord event : workload.eventsOf(person)) {
            assertThat(CareerEvents.personId(event)).isEqualTo(Workload.personId(person));
        }
        assertThat(workload.indexOf(Workload.personId(person))).isEqualTo(person);
        assertThat(workload.indexOf("p-9999999")).isEqualTo(-1);
        assertThat(workload.indexOf("someone")).isEqualTo(-1);
    }

    @Test
    void shouldRefuseAWorkloadWithFewerEventsThanPeople() {
        assertThatThrownBy(() -> new WorkloadSpec(100, 200, 1, 3, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one distinct event per person");
        assertThatThrownBy(() -> new WorkloadSpec(100, 10, 1, 60, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--late-percent");
    }
}
