package io.trajectory.benchmarks;

import io.trajectory.schemas.Codecs;
import io.trajectory.state.PersonLedger;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Prints the serialized size (Avro single-object encoding, as stored and published) of the
 * processor's store value ({@code PersonLedger}) and of the published {@code PersonState}, for
 * realistic careers of 10, 50 and 200 events.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.trajectory.benchmarks.FoldSizes [events...]}.
 */
public final class FoldSizes {

    private FoldSizes() {
    }

    /** Sizes in bytes of one person's ledger and state. */
    public record Sizes(int events, int eventBytes, int ledgerBytes, int stateBytes) {
    }

    public static Sizes measure(int events) {
        List<SpecificRecord> career = Careers.career("p-" + events, events, 42);
        PersonLedger ledger = Careers.ledgerOf(career);
        int eventBytes = career.stream().mapToInt(e -> Codecs.events().encode(e).length).sum();
        return new Sizes(events, eventBytes, Codecs.personLedger().encode(ledger).length,
                Codecs.personState().encode(ledger.getState()).length);
    }

    public static void main(String[] args) {
        int[] counts = args.length == 0 ? new int[] {10, 50, 200}
                : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        System.out.println("| events | events encoded (B) | PersonLedger (B) | PersonState (B) |");
        System.out.println("| ---: | ---: | ---: | ---: |");
        for (int n : counts) {
            Sizes s = measure(n);
            System.out.printf("| %d | %d | %d | %d |%n", s.events(), s.eventBytes(), s.ledgerBytes(), s.stateBytes());
        }
    }
}
