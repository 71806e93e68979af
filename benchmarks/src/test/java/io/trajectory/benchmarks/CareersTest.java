package io.trajectory.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.processor.fold.Ledger;
import io.trajectory.processor.fold.PersonFold;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.PersonLedger;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The benchmarks measure what they say: cheap checks, no measuring during the build. */
class CareersTest {

    @Test
    void shouldGenerateTheSameRealisticCareerForTheSameSeed() {
        List<SpecificRecord> career = Careers.career("p-1", 200, 42);

        assertThat(career).hasSize(200).isEqualTo(Careers.career("p-1", 200, 42));
        assertThat(career).extracting(e -> e.getSchema().getName()).contains("InterviewPassed", "Hired", "Promotion",
                "CourseCompleted", "SkillAssessed", "ProjectDelivered", "VendorRelationshipLogged", "Transferred",
                "EventRetracted");
        PersonLedger ledger = Careers.ledgerOf(career);
        assertThat(ledger.getEvents()).hasSize(200);
        assertThat(ledger.getState()).isEqualTo(PersonFold.foldAll("p-1", career, Careers.LADDER));
        assertThat(ledger.getState().getStageHistory()).hasSizeGreaterThan(2);
    }

    @Test
    void shouldApplyTheInOrderEventIncrementallyAndRefoldForTheLateOne() {
        List<SpecificRecord> career = Careers.career("p-1", 200, 42);
        PersonLedger ledger = Careers.ledgerOf(career);
        SpecificRecord next = Careers.nextInOrder(career, 43);
        SpecificRecord late = Careers.lateArrival(career, 44);

        assertThat(Ledger.accept(ledger, next, Codecs.events().encode(next), Careers.LADDER))
                .isInstanceOfSatisfying(Ledger.Outcome.Accepted.class, a -> assertThat(a.refolded()).isFalse());
        assertThat(Ledger.accept(ledger, late, Codecs.events().encode(late), Careers.LADDER))
                .isInstanceOfSatisfying(Ledger.Outcome.Accepted.class, a -> {
                    assertThat(a.refolded()).isTrue();
                    assertThat(a.ledger().getEvents().get(0).getEventId()).isEqualTo(
                            io.trajectory.schemas.CareerEvents.eventId(late));
                });
    }

    @Test
    void shouldMeasureLedgersThatGrowWithTheirEvents() {
        FoldSizes.Sizes small = FoldSizes.measure(10);
        FoldSizes.Sizes large = FoldSizes.measure(200);

        assertThat(large.ledgerBytes()).isGreaterThan(large.eventBytes()).isGreaterThan(10 * small.ledgerBytes());
        assertThat(large.stateBytes()).isGreaterThan(small.stateBytes()).isLessThan(large.ledgerBytes());
    }
}
