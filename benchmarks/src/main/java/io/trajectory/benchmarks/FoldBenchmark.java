package io.trajectory.benchmarks;

import io.trajectory.processor.fold.Ledger;
import io.trajectory.processor.fold.PersonFold;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.PersonLedger;
import io.trajectory.state.PersonState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one person's fold costs the processor, for a person with {@code events} accepted events on
 * the default ladder (200 by default).
 *
 * <ul>
 *   <li>{@link #acceptInOrder}: one more event after all the others, the common case: applied
 *       incrementally to the folded state (plus the duplicate scan and the copy of the entry list).</li>
 *   <li>{@link #acceptLate}: one event from before all the others: the ledger decodes every stored
 *       payload and folds the person again from the start.</li>
 *   <li>{@link #foldAll}: the pure fold of the person's decoded events, given in random order (sort,
 *       dedupe, retractions); {@link #foldAllInOrder} the same given in event-time order.</li>
 *   <li>{@link #ledgerRoundTrip}: encode and decode the store value (the {@code PersonLedger}), as
 *       every processed record does once each (store put, store get).</li>
 * </ul>
 *
 * Run: {@code java -jar benchmarks/target/benchmarks.jar FoldBenchmark -wi 3 -i 5 -f 1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FoldBenchmark {

    @Param("200")
    public int events;

    private List<SpecificRecord> career;
    private List<SpecificRecord> shuffled;
    private PersonLedger ledger;
    private byte[] ledgerBytes;
    private SpecificRecord inOrder;
    private byte[] inOrderBytes;
    private SpecificRecord late;
    private byte[] lateBytes;

    @Setup
    public void setUp() {
        career = Careers.career("p-bench", events, 42);
        shuffled = new ArrayList<>(career);
        Collections.shuffle(shuffled, new Random(7));
        ledger = Careers.ledgerOf(career);
        ledgerBytes = Codecs.personLedger().encode(ledger);
        inOrder = Careers.nextInOrder(career, 43);
        inOrderBytes = Codecs.events().encode(inOrder);
        late = Careers.lateArrival(career, 44);
        lateBytes = Codecs.events().encode(late);
        // measure what the names say
        if (((Ledger.Outcome.Accepted) Ledger.accept(ledger, inOrder, inOrderBytes, Careers.LADDER)).refolded()
                || !((Ledger.Outcome.Accepted) Ledger.accept(ledger, late, lateBytes, Careers.LADDER)).refolded()) {
            throw new IllegalStateException("the in-order event must not re-fold, the late one must");
        }
    }

    @Benchmark
    public Ledger.Outcome acceptInOrder() {
        return Ledger.accept(ledger, inOrder, inOrderBytes, Careers.LADDER);
    }

    @Benchmark
    public Ledger.Outcome acceptLate() {
        return Ledger.accept(ledger, late, lateBytes, Careers.LADDER);
    }

    @Benchmark
    public PersonState foldAll() {
        return PersonFold.foldAll("p-bench", shuffled, Careers.LADDER);
    }

    /** The same fold given the events already in event-time order: the sort costs next to nothing. */
    @Benchmark
    public PersonState foldAllInOrder() {
        return PersonFold.foldAll("p-bench", career, Careers.LADDER);
    }

    @Benchmark
    public PersonLedger ledgerRoundTrip() {
        return Codecs.personLedger().decode(Codecs.personLedger().encode(ledger));
    }

    /** Decode alone: what a store get costs beyond RocksDB. */
    @Benchmark
    public PersonLedger ledgerDecode() {
        return Codecs.personLedger().decode(ledgerBytes);
    }
}
