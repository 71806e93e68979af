package io.trajectory.app.bench;

import io.trajectory.ladder.Ladder;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.PersonState;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Correctness as the benchmark measures: every person's state in a running app's store (read with
 * IQv2, every partition, active copies only) against the pure fold of that person's generated
 * records. States are compared as their single-object encoding, byte for byte.
 */
final class StateCheck {

    private StateCheck() {
    }

    /**
     * The outcome of one check.
     *
     * @param people       people in the workload
     * @param stored       entries found in the store
     * @param wrong        people whose stored state differs from the pure fold, or who are missing, plus entries for
     *                     people not in the workload
     * @param missing      people of the workload absent from the store
     * @param example      a personId in the wrong state, or null
     * @param storedBytes  the store's values, encoded, in all (the compacted size of the state)
     */
    record Result(int people, long stored, long wrong, long missing, String example, long storedBytes) {
    }

    /**
     * Scans {@code store} of {@code streams} and compares each value's state ({@code stateOf}) with
     * the workload's pure fold. Waits (bounded) until every partition answers.
     */
    static <V> Result check(KafkaStreams streams, String store, int partitions, Function<V, PersonState> stateOf,
            Function<V, byte[]> encode, Workload workload, Ladder ladder, Duration timeout) throws InterruptedException {
        byte[][] expected = workload.expectedStates(ladder);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            StateQueryResult<KeyValueIterator<String, V>> result = streams.query(
                    StateQueryRequest.inStore(store).withQuery(RangeQuery.<String, V>withNoBounds()).requireActive());
            Map<Integer, QueryResult<KeyValueIterator<String, V>>> byPartition = result.getPartitionResults();
            boolean complete = byPartition.size() == partitions && byPartition.values().stream().allMatch(QueryResult::isSuccess);
            if (!complete) {
                byPartition.values().stream().filter(QueryResult::isSuccess).forEach(r -> r.getResult().close());
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("store " + store + " did not answer for all " + partitions
                            + " partitions within " + timeout.toSeconds() + " s");
                }
                TimeUnit.MILLISECONDS.sleep(100);
                continue;
            }
            boolean[] seen = new boolean[workload.people()];
            long stored = 0;
            long wrong = 0;
            long bytes = 0;
            String example = null;
            for (QueryResult<KeyValueIterator<String, V>> partition : byPartition.values()) {
                try (KeyValueIterator<String, V> it = partition.getResult()) {
                    while (it.hasNext()) {
                        KeyValue<String, V> kv = it.next();
                        stored++;
                        bytes += encode.apply(kv.value).length;
                        int person = workload.indexOf(kv.key);
                        byte[] actual = Codecs.personState().encode(stateOf.apply(kv.value));
                        if (person < 0 || !Arrays.equals(actual, expected[person])) {
                            wrong++;
                            example = example == null ? kv.key : example;
                        }
                        if (person >= 0) {
                            seen[person] = true;
                        }
                    }
                }
            }
            long missing = 0;
            for (int p = 0; p < seen.length; p++) {
                if (!seen[p]) {
                    missing++;
                    example = example == null ? Workload.personId(p) : example;
                }
            }
            return new Result(workload.people(), stored, wrong + missing, missing, example, bytes);
        }
    }
}
