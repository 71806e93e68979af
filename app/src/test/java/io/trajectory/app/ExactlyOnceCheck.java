package io.trajectory.app;

import io.trajectory.app.bench.Workload;
import io.trajectory.ladder.Ladder;
import io.trajectory.processor.fold.Ledger;
import io.trajectory.processor.fold.StageTransitions;
import io.trajectory.schemas.CareerEvents;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.PersonLedger;
import io.trajectory.state.PersonState;
import io.trajectory.state.StageTransition;
import io.trajectory.validation.EventValidator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Checks what the app published against what it was given, record by record:
 * <ol>
 *   <li>{@code career-events} (read_committed) holds exactly the workload's records (nothing lost on the way in);</li>
 *   <li>replaying {@code career-events} in partition order through the processor's own pure pieces
 *       ({@link Ledger#accept}, {@link StageTransitions#changes}) gives, per person, the sequence of states the
 *       processor must publish to {@code person-state} (one per accepted event) and, per transitionId, the sequence
 *       of {@code stage-transitions} records (RECORDED, then CORRECTED / RETRACTED superseding it);</li>
 *   <li>those sequences are compared, byte for byte, with what {@code person-state} and {@code stage-transitions}
 *       hold under read_committed: a record missing is <em>lost</em>, one too many is <em>duplicated</em>;</li>
 *   <li>every person's latest published state equals the pure fold ({@link Workload#expectedStates}, the
 *       benchmark's reference: {@code PersonFold.foldAll} of all the person's records).</li>
 * </ol>
 */
final class ExactlyOnceCheck {

    /**
     * @param inputRecords       records in career-events
     * @param inputMismatches    workload records missing from career-events plus records there that are not the workload's
     * @param expectedStates     person-state records the processor must publish (one per accepted event)
     * @param publishedStates    person-state records published (committed)
     * @param expectedTransitions stage-transitions records it must publish
     * @param publishedTransitions stage-transitions records published (committed)
     * @param transitionIds      distinct transitionIds published
     * @param lost               expected records (states and transitions) not published
     * @param duplicated         published records beyond the expected ones (a second copy, or one never expected)
     * @param outOfOrder         keys whose records are all there but in another order
     * @param wrongFinalStates   people whose latest published state differs from the pure fold (or who are missing)
     * @param deadLetters        records in the dead-letter topic
     * @param example            a key where something differs, or null
     */
    record Result(long inputRecords, long inputMismatches, long expectedStates, long publishedStates,
            long expectedTransitions, long publishedTransitions, long transitionIds, long lost, long duplicated,
            long outOfOrder, long wrongFinalStates, long deadLetters, String example) {

        boolean clean() {
            return inputMismatches == 0 && lost == 0 && duplicated == 0 && outOfOrder == 0 && wrongFinalStates == 0
                    && deadLetters == 0;
        }
    }

    private ExactlyOnceCheck() {
    }

    static Result run(String bootstrap, AppTopics topics, Workload workload, Ladder ladder) {
        List<ConsumerRecord<byte[], byte[]>> input = readAll(bootstrap, topics.careerEvents());

        // 1. the input is exactly the workload
        Map<ByteBuffer, Integer> balance = new HashMap<>();
        for (int r = 0; r < workload.size(); r++) {
            balance.merge(recordKey(workload.key(r), workload.value(r)), 1, Integer::sum);
        }
        for (ConsumerRecord<byte[], byte[]> record : input) {
            balance.merge(recordKey(record.key(), record.value()), -1, Integer::sum);
        }
        long inputMismatches = balance.values().stream().mapToLong(Math::abs).sum();

        // 2. what the processor must publish, replayed with its own pure steps, in partition (offset) order
        EventValidator validator = new EventValidator(ladder);
        Map<String, PersonLedger> ledgers = new HashMap<>();
        Map<String, List<ByteBuffer>> expectedStates = new LinkedHashMap<>();
        Map<String, List<ByteBuffer>> expectedTransitions = new LinkedHashMap<>();
        long expectedDeadLetters = 0;
        for (ConsumerRecord<byte[], byte[]> record : input) {
            SpecificRecord event = Codecs.events().decode(record.value());
            String personId = CareerEvents.personId(event);
            if (!validator.validate(event).isEmpty()
                    || !personId.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                expectedDeadLetters++;
                continue;
            }
            PersonLedger before = ledgers.get(personId);
            Ledger.Outcome outcome = Ledger.accept(before, event, record.value(), ladder);
            if (outcome instanceof Ledger.Outcome.Accepted accepted) {
                ledgers.put(personId, accepted.ledger());
                PersonState state = accepted.ledger().getState();
                expectedStates.computeIfAbsent(personId, k -> new ArrayList<>())
                        .add(ByteBuffer.wrap(Codecs.personState().encode(state)));
                for (StageTransition t : StageTransitions.changes(before == null ? null : before.getState(), state,
                        CareerEvents.header(event).getRecordedAt())) {
                    expectedTransitions.computeIfAbsent(t.getTransitionId(), k -> new ArrayList<>())
                            .add(ByteBuffer.wrap(Codecs.stageTransition().encode(t)));
                }
            } else if (outcome instanceof Ledger.Outcome.Conflict) {
                expectedDeadLetters++;
            }
        }

        // 3. what it published (committed transactions only)
        Map<String, List<ByteBuffer>> publishedStates = byKey(readAll(bootstrap, topics.personState()));
        Map<String, List<ByteBuffer>> publishedTransitions = byKey(readAll(bootstrap, topics.stageTransitions()));
        long deadLetters = readAll(bootstrap, topics.deadLetters()).size();

        Tally tally = new Tally();
        tally.compare(expectedStates, publishedStates);
        tally.compare(expectedTransitions, publishedTransitions);

        // 4. the latest published state of every person is the pure fold of all their records
        byte[][] pureFold = workload.expectedStates(ladder);
        long wrongFinal = 0;
        for (int p = 0; p < workload.people(); p++) {
            List<ByteBuffer> published = publishedStates.get(Workload.personId(p));
            ByteBuffer latest = published == null ? null : published.get(published.size() - 1);
            if (latest == null || !latest.equals(ByteBuffer.wrap(pureFold[p]))) {
                wrongFinal++;
                tally.example = tally.example == null ? Workload.personId(p) : tally.example;
            }
        }
        return new Result(input.size(), inputMismatches, count(expectedStates), count(publishedStates),
                count(expectedTransitions), count(publishedTransitions), publishedTransitions.size(), tally.lost,
                tally.duplicated, tally.outOfOrder, wrongFinal, deadLetters - expectedDeadLetters, tally.example);
    }

    /** Lost and duplicated records of one topic: multiset differences per key, and keys in another order. */
    static final class Tally {
        long lost;
        long duplicated;
        long outOfOrder;
        String example;

        void compare(Map<String, List<ByteBuffer>> expected, Map<String, List<ByteBuffer>> published) {
            Set<String> keys = new TreeSet<>(expected.keySet());
            keys.addAll(published.keySet());
            for (String key : keys) {
                List<ByteBuffer> e = expected.getOrDefault(key, List.of());
                List<ByteBuffer> a = published.getOrDefault(key, List.of());
                if (e.equals(a)) {
                    continue;
                }
                example = example == null ? key : example;
                Map<ByteBuffer, Long> diff = new HashMap<>();
                e.forEach(v -> diff.merge(v, 1L, Long::sum));
                a.forEach(v -> diff.merge(v, -1L, Long::sum));
                long missing = diff.values().stream().filter(d -> d > 0).mapToLong(Long::longValue).sum();
                long extra = -diff.values().stream().filter(d -> d < 0).mapToLong(Long::longValue).sum();
                lost += missing;
                duplicated += extra;
                if (missing == 0 && extra == 0) {
                    outOfOrder++;
                }
            }
        }
    }

    private static long count(Map<String, List<ByteBuffer>> byKey) {
        return byKey.values().stream().mapToLong(List::size).sum();
    }

    private static ByteBuffer recordKey(byte[] key, byte[] value) {
        return ByteBuffer.allocate(4 + key.length + value.length).putInt(key.length).put(key).put(value).flip();
    }

    private static Map<String, List<ByteBuffer>> byKey(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().collect(Collectors.groupingBy(r -> new String(r.key(), StandardCharsets.UTF_8),
                LinkedHashMap::new, Collectors.mapping(r -> ByteBuffer.wrap(r.value()), Collectors.toList())));
    }

    /**
     * Every committed record of {@code topic}, partition by partition in offset order (aborted transactions of
     * killed instances are invisible: read_committed).
     */
    static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> byPartition = new LinkedHashMap<>();
            partitions.forEach(tp -> byPartition.put(tp, new ArrayList<>()));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end within 60 s");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    byPartition.get(new TopicPartition(r.topic(), r.partition())).add(r);
                }
            }
            return byPartition.values().stream().flatMap(List::stream).toList();
        }
    }

    /** The app's topic names (each test gives its app its own). */
    record AppTopics(String careerEvents, String deadLetters, String personState, String stageTransitions) {

        static AppTopics prefixed(String prefix) {
            return new AppTopics(prefix + "-career-events", prefix + "-career-events-dlq", prefix + "-person-state",
                    prefix + "-stage-transitions");
        }

        List<String> settings() {
            return List.of("--set", "topic.career-events=" + careerEvents, "--set", "topic.career-events-dlq=" + deadLetters,
                    "--set", "topic.person-state=" + personState, "--set", "topic.stage-transitions=" + stageTransitions);
        }
    }
}
