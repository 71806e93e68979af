package io.trajectory.app.bench;

import io.trajectory.ladder.Ladder;
import io.trajectory.schemas.CareerEvents;
import io.trajectory.schemas.Codecs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;

/**
 * Generates the benchmark's workload from a {@link WorkloadSpec}, deterministically (the same spec
 * gives the same records in the same order, whatever the number of cores):
 * <ol>
 *   <li>career lengths: about exponential with the mean {@code distinct / people} (many short
 *       histories, a few long ones), at least one event each, summing to exactly {@code distinct};</li>
 *   <li>one {@link CareerGenerator career} per person, in event-time order, each event validated;</li>
 *   <li>late records: events moved to just after a later event of the same person (strictly later
 *       event time), so they arrive after something that happened after them;</li>
 *   <li>re-sent copies: events written again (same bytes) somewhere after their first copy;</li>
 *   <li>the people's records interleaved at random, each person's in the order built above.</li>
 * </ol>
 */
public final class WorkloadGenerator {

    private WorkloadGenerator() {
    }

    public static Workload generate(WorkloadSpec spec, Ladder ladder) {
        Random master = new Random(spec.seed());
        int people = spec.people();
        int[] lengths = lengths(spec.distinct(), people, master);

        // careers, in parallel: each person has a random stream of their own, so the result does not depend on threads
        CareerGenerator generator = new CareerGenerator(ladder);
        byte[][][] encoded = new byte[people][][];
        long[][] occurred = new long[people][];
        Map<String, Integer> types = new ConcurrentHashMap<>();
        IntStream.range(0, people).parallel().forEach(p -> {
            List<SpecificRecord> career = generator.career(Workload.personId(p), lengths[p],
                    new Random(spec.seed() ^ (0x9E3779B97F4A7C15L * (p + 1))));
            encoded[p] = new byte[career.size()][];
            occurred[p] = new long[career.size()];
            for (int i = 0; i < career.size(); i++) {
                SpecificRecord event = career.get(i);
                encoded[p][i] = Codecs.events().encode(event);
                occurred[p][i] = CareerEvents.header(event).getOccurredAt().toEpochMilli();
                types.merge(event.getSchema().getName(), 1, Integer::sum);
            }
        });
        int[] start = new int[people + 1];
        for (int p = 0; p < people; p++) {
            start[p + 1] = start[p] + lengths[p];
        }

        BitSet late = chooseLate(spec.late(), start, occurred, master);
        BitSet duplicated = chooseDuplicates(spec.duplicates(), start[people], master);

        // each person's write order: event index i >= 0, or -(i + 1) for a re-sent copy of event i
        int[][] order = new int[people][];
        for (int p = 0; p < people; p++) {
            order[p] = writeOrder(start[p], occurred[p], late, duplicated, master);
        }

        int total = start[people] + duplicated.cardinality();
        int[] slots = new int[total];
        int s = 0;
        for (int p = 0; p < people; p++) {
            Arrays.fill(slots, s, s + order[p].length, p);
            s += order[p].length;
        }
        for (int i = total - 1; i > 0; i--) { // Fisher-Yates
            int j = master.nextInt(i + 1);
            int t = slots[i];
            slots[i] = slots[j];
            slots[j] = t;
        }
        byte[][] values = new byte[total][];
        int[] cursor = new int[people];
        for (int r = 0; r < total; r++) {
            int p = slots[r];
            int e = order[p][cursor[p]++];
            values[r] = encoded[p][e >= 0 ? e : -e - 1];
        }
        byte[][] keys = new byte[people][];
        for (int p = 0; p < people; p++) {
            keys[p] = Workload.utf8(Workload.personId(p));
        }
        return new Workload(spec, keys, values, slots, late.cardinality(), duplicated.cardinality(), new TreeMap<>(types));
    }

    /** About exponential lengths with mean {@code distinct / people}, each at least 1, summing to {@code distinct}. */
    static int[] lengths(int distinct, int people, Random random) {
        double mean = (double) distinct / people;
        int cap = (int) Math.max(4, Math.ceil(mean * 20));
        int[] lengths = new int[people];
        long sum = 0;
        for (int p = 0; p < people; p++) {
            double draw = 1 + (mean - 1) * -Math.log(1 - random.nextDouble());
            lengths[p] = (int) Math.min(cap, Math.max(1, Math.round(draw)));
            sum += lengths[p];
        }
        while (sum < distinct) {
            int p = random.nextInt(people);
            if (lengths[p] < cap || mean >= cap) {
                lengths[p]++;
                sum++;
            }
        }
        while (sum > distinct) {
            int p = random.nextInt(people);
            if (lengths[p] > 1) {
                lengths[p]--;
                sum--;
            }
        }
        return lengths;
    }

    /**
     * Picks up to {@code target} events (global index) that can arrive late: not the person's last
     * event, and earlier in event time than it.
     */
    private static BitSet chooseLate(int target, int[] start, long[][] occurred, Random random) {
        int distinct = start[start.length - 1];
        BitSet late = new BitSet(distinct);
        long attempts = 0;
        long maxAttempts = 50L * target + 1000;
        while (late.cardinality() < target && attempts++ < maxAttempts) {
            int g = random.nextInt(distinct);
            int p = personOfGlobal(start, g);
            int i = g - start[p];
            long[] times = occurred[p];
            if (i == times.length - 1 || late.get(g) || times[times.length - 1] <= times[i]) {
                continue;
            }
            late.set(g);
        }
        return late;
    }

    private static BitSet chooseDuplicates(int target, int distinct, Random random) {
        BitSet duplicated = new BitSet(distinct);
        int wanted = Math.min(target, distinct);
        while (duplicated.cardinality() < wanted) {
            duplicated.set(random.nextInt(distinct));
        }
        return duplicated;
    }

    static int personOfGlobal(int[] start, int g) {
        int i = Arrays.binarySearch(start, g);
        if (i >= 0) {
            // start[i] == g; empty ranges cannot happen (every person has an event), so i is the person
            return i;
        }
        return -i - 2;
    }

    /**
     * One person's write order: events in event-time order, each late one moved to just after a
     * randomly chosen later (strictly later event time, not itself late) event, then each re-sent copy
     * inserted somewhere after its event.
     */
    private static int[] writeOrder(int first, long[] times, BitSet late, BitSet duplicated, Random random) {
        int n = times.length;
        List<Integer> order = new ArrayList<>(n + 2);
        for (int i = 0; i < n; i++) {
            if (!late.get(first + i)) {
                order.add(i);
            }
        }
        for (int i = 0; i < n; i++) {
            if (!late.get(first + i)) {
                continue;
            }
            List<Integer> after = new ArrayList<>();
            for (int k = 0; k < order.size(); k++) {
                int j = order.get(k);
                if (j > i && !late.get(first + j) && times[j] > times[i]) {
                    after.add(k);
                }
            }
            order.add(after.get(random.nextInt(after.size())) + 1, i);
        }
        for (int i = 0; i < n; i++) {
            if (duplicated.get(first + i)) {
                int position = order.indexOf(i);
                order.add(position + 1 + random.nextInt(order.size() - position), -i - 1);
            }
        }
        return order.stream().mapToInt(Integer::intValue).toArray();
    }
}
