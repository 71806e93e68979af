package io.trajectory.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trajectory.events.CourseCompleted;
import io.trajectory.events.Hired;
import io.trajectory.events.Promotion;
import io.trajectory.schemas.CareerEvents;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventsTest {

    private static final Instant MARCH = Instant.parse("2024-03-01T09:00:00Z");

    @Test
    void shouldBuildAReadablePromotion() {
        Promotion promotion = Events.promotion("p-1001").toStage("SENIOR").title("Senior TPM")
                .occurredAt(MARCH).source("hr/workday").build();

        assertThat(promotion.getToStage()).isEqualTo("SENIOR");
        assertThat(promotion.getTitle()).isEqualTo("Senior TPM");
        assertThat(promotion.getDepartment()).isNull();
        assertThat(promotion.getHeader().getPersonId()).isEqualTo("p-1001");
        assertThat(promotion.getHeader().getOccurredAt()).isEqualTo(MARCH);
        assertThat(promotion.getHeader().getSource()).isEqualTo("hr/workday");
        assertThat(Fixtures.VALIDATOR.validate(promotion)).isEmpty();
    }

    @Test
    void shouldDefaultTheIdToAUuidRecordedAtToNowAndSourceToSdk() {
        Hired hired = Events.hired("p-1").title("TPM I").department("Payments").occurredAt(MARCH)
                .clock(Fixtures.CLOCK).build();

        assertThat(UUID.fromString(CareerEvents.eventId(hired))).isNotNull();
        assertThat(hired.getHeader().getRecordedAt()).isEqualTo(Fixtures.NOW);
        assertThat(hired.getHeader().getSource()).isEqualTo(Events.DEFAULT_SOURCE);
        assertThat(hired.getStage()).isEqualTo("JUNIOR");
        assertThat(CareerEvents.eventId(Events.hired("p-1").title("t").department("d").occurredAt(MARCH).build()))
                .isNotEqualTo(CareerEvents.eventId(hired));
    }

    @Test
    void shouldNameEveryMissingRequiredAttribute() {
        assertThatThrownBy(() -> Events.promotion("p-1").title("Senior TPM").source(" ").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("trajectory.promotion event is missing occurredAt, source, toStage");
    }

    @Test
    void shouldKeepHoursExactAndRefuseToRoundThem() {
        CourseCompleted course = Events.courseCompleted("p-1").courseId("c").title("Scrum").skills("agile")
                .hours("7.5").occurredAt(MARCH).build();

        assertThat(course.getHours()).isEqualTo(new BigDecimal("7.50"));
        assertThatThrownBy(() -> Events.courseCompleted("p-1").hours("1.005"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 2 decimal places");
    }

    @Test
    void shouldTruncateTimesToTheMillisecondLikeAvro() {
        Promotion promotion = Events.promotion("p-1").toStage("SENIOR").title("t")
                .occurredAt(Instant.parse("2024-03-01T09:00:00.123456Z")).build();

        assertThat(promotion.getHeader().getOccurredAt()).isEqualTo(Instant.parse("2024-03-01T09:00:00.123Z"));
    }
}
