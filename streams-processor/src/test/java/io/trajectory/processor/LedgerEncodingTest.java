package io.trajectory.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.processor.Histories.History;
import io.trajectory.processor.fold.Ledger;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.PersonLedger;
import io.trajectory.state.PersonState;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The processor's own encoders write exactly Avro's single-object encoding of the current schemas. */
class LedgerEncodingTest {

    private static PersonLedger ledgerOf(History h) {
        PersonLedger ledger = null;
        for (SpecificRecord e : h.events()) {
            if (Ledger.accept(ledger, e, Codecs.events().encode(e), Histories.LADDER) instanceof Ledger.Outcome.Accepted a) {
                ledger = a.ledger();
            }
        }
        return ledger;
    }

    @Test
    void shouldWriteTheSameBytesAsAvroForAnyLedgerAndState() {
        Laws.check(500, 1_000, Histories.histories(), h -> {
            PersonLedger ledger = ledgerOf(h);
            PersonState state = ledger.getState();
            assertThat(LedgerEncoding.encodeLedger(ledger)).as("ledger of %s", h).isEqualTo(Codecs.personLedger().encode(ledger));
            assertThat(LedgerEncoding.encodeState(state)).as("state of %s", h).isEqualTo(Codecs.personState().encode(state));
            assertThat(Codecs.personLedger().decode(LedgerEncoding.encodeLedger(ledger))).isEqualTo(ledger);
        });
    }

    @Test
    void shouldEncodeANewStateAfterAnotherOneOnTheSameThread() {
        TestEvents ann = new TestEvents("ann");
        PersonLedger one = ((Ledger.Outcome.Accepted) Ledger.accept(null, ann.hired("h", 1),
                Codecs.events().encode(ann.hired("h", 1)), Histories.LADDER)).ledger();
        PersonLedger two = ((Ledger.Outcome.Accepted) Ledger.accept(one, ann.project("p", 2, true),
                Codecs.events().encode(ann.project("p", 2, true)), Histories.LADDER)).ledger();
        assertThat(LedgerEncoding.encodeState(one.getState())).isEqualTo(Codecs.personState().encode(one.getState()));
        assertThat(LedgerEncoding.encodeLedger(two)).isEqualTo(Codecs.personLedger().encode(two));
        assertThat(LedgerEncoding.encodeState(two.getState())).isEqualTo(Codecs.personState().encode(two.getState()));
        assertThat(LedgerEncoding.encodeState(one.getState())).isEqualTo(Codecs.personState().encode(one.getState()));
    }

    /** The hand-written ledger encoder knows these fields; a schema change must update it (the byte test would fail too). */
    @Test
    void shouldKnowEveryFieldOfTheLedgerSchema() {
        assertThat(PersonLedger.getClassSchema().getFields()).extracting(Schema.Field::name)
                .containsExactly("personId", "events", "state");
        assertThat(PersonLedger.getClassSchema().getField("events").schema().getElementType().getFields())
                .extracting(Schema.Field::name).containsExactly("eventId", "occurredAt", "recordedAt", "retracts", "payload");
    }
}
