package io.trajectory.processor.analytics;

import static io.trajectory.processor.TestEvents.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.trajectory.events.Promotion;
import io.trajectory.processor.TestEvents;
import io.trajectory.state.DepartmentChange;
import org.junit.jupiter.api.Test;

class DepartmentChangesTest {

    private final TestEvents e = new TestEvents("p-1");

    @Test
    void shouldListTheDepartmentSetByHiresTransfersAndPromotionsNamingOne() {
        Promotion moving = new Promotion(e.header("p2", 90), "SENIOR", "Senior TPM", "Mobile");

        var changes = DepartmentChanges.of(SpellsTest.ledger(e.hired("h", 0), e.project("x", 5, true),
                e.transferred("t", 30, "Search"), e.promotion("p1", 60, "ADVANCING"), moving));

        assertThat(changes).extracting(DepartmentChange::getAt, DepartmentChange::getDepartment).containsExactly(
                tuple(day(0), "Payments"), tuple(day(30), "Search"), tuple(day(90), "Mobile"));
    }

    @Test
    void shouldLeaveOutRetractedTransfersAndTransfersToTheSameDepartment() {
        var changes = DepartmentChanges.of(SpellsTest.ledger(e.hired("h", 0), e.transferred("same", 10, "Payments"),
                e.transferred("t", 30, "Search"), e.retraction("r", 40, "t")));

        assertThat(changes).extracting(DepartmentChange::getDepartment).containsExactly("Payments");
    }

    @Test
    void shouldOrderABackDatedTransferByWhenItHappened() {
        var changes = DepartmentChanges.of(SpellsTest.ledger(e.hired("h", 0), e.transferred("t2", 80, "Mobile"),
                e.transferred("t1", 30, "Search")));

        assertThat(changes).extracting(DepartmentChange::getAt, DepartmentChange::getDepartment).containsExactly(
                tuple(day(0), "Payments"), tuple(day(30), "Search"), tuple(day(80), "Mobile"));
    }

    @Test
    void shouldLeaveOutATransferAfterADepartureButNotAfterARehire() {
        io.trajectory.events.Hired rehire = new io.trajectory.events.Hired(e.header("h2", 200), "TPM", "Mobile", "m-9", "JUNIOR");
        var changes = DepartmentChanges.of(SpellsTest.ledger(e.hired("h", 0), e.departed("d", 100),
                e.transferred("after", 120, "Search"), rehire, e.transferred("t", 220, "Risk")));

        assertThat(changes).extracting(DepartmentChange::getAt, DepartmentChange::getDepartment).containsExactly(
                tuple(day(0), "Payments"), tuple(day(200), "Mobile"), tuple(day(220), "Risk"));
    }
}
