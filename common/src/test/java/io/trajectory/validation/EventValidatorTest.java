package io.trajectory.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.events.CourseCompleted;
import io.trajectory.events.Departed;
import io.trajectory.events.EventHeader;
import io.trajectory.events.EventRetracted;
import io.trajectory.events.Hired;
import io.trajectory.events.InterviewPassed;
import io.trajectory.events.ProjectDelivered;
import io.trajectory.events.Promotion;
import io.trajectory.events.RelationshipKind;
import io.trajectory.events.SkillAssessed;
import io.trajectory.events.Transferred;
import io.trajectory.events.VendorRelationshipLogged;
import io.trajectory.ladder.LadderLoader;
import io.trajectory.state.RelationshipCounts;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventValidatorTest {

    private static final Instant OCCURRED = Instant.parse("2024-03-01T09:00:00Z");
    private static final Instant RECORDED = Instant.parse("2024-03-02T10:00:00Z");

    private final EventValidator validator = new EventValidator(LadderLoader.defaultLadder());

    // ---- builders of valid events; each case changes one thing ----

    private static EventHeader header() {
        return header(h -> h);
    }

    private static EventHeader header(UnaryOperator<EventHeader.Builder> change) {
        return change.apply(EventHeader.newBuilder()
                .setEventId("evt-8c7f2a")
                .setPersonId("p-1001")
                .setOccurredAt(OCCURRED)
                .setRecordedAt(RECORDED)
                .setSource("hr/workday")).build();
    }

    private static InterviewPassed.Builder interviewPassed() {
        return InterviewPassed.newBuilder().setHeader(header()).setRole("Technical Program Manager").setRound(1);
    }

    private static Hired.Builder hired() {
        return Hired.newBuilder().setHeader(header()).setTitle("TPM I").setDepartment("Payments").setManagerId("p-7")
                .setStage("JUNIOR");
    }

    private static Promotion.Builder promotion() {
        return Promotion.newBuilder().setHeader(header()).setToStage("SENIOR").setTitle("Senior TPM")
                .setDepartment("Payments");
    }

    private static CourseCompleted.Builder courseCompleted() {
        return CourseCompleted.newBuilder().setHeader(header()).setCourseId("c-42").setTitle("Scrum at scale")
                .setSkills(List.of("agile", "stakeholder-relations")).setHours(new BigDecimal("12.50"));
    }

    private static VendorRelationshipLogged.Builder relationshipLogged() {
        return VendorRelationshipLogged.newBuilder().setHeader(header()).setCounterparty("Acme Cloud")
                .setKind(RelationshipKind.VENDOR);
    }

    private static ProjectDelivered.Builder projectDelivered() {
        return ProjectDelivered.newBuilder().setHeader(header()).setProjectId("prj-9").setName("Ledger migration")
                .setCrossTeam(true);
    }

    private static SkillAssessed.Builder skillAssessed() {
        return SkillAssessed.newBuilder().setHeader(header()).setSkill("stakeholder-relations").setLevel(3)
                .setAssessorId("p-7");
    }

    private static Transferred.Builder transferred() {
        return Transferred.newBuilder().setHeader(header()).setDepartment("Platform").setManagerId("p-8");
    }

    private static Departed.Builder departed() {
        return Departed.newBuilder().setHeader(header()).setReason("moved abroad");
    }

    private static EventRetracted.Builder retracted() {
        return EventRetracted.newBuilder().setHeader(header()).setRetractedEventId("evt-0001")
                .setReason("entered for the wrong person");
    }

    // ---- tables ----

    static Stream<Arguments> validEvents() {
        return Stream.of(
                Arguments.of("InterviewPassed", interviewPassed().build()),
                Arguments.of("Hired", hired().build()),
                Arguments.of("Promotion", promotion().build()),
                Arguments.of("CourseCompleted", courseCompleted().build()),
                Arguments.of("VendorRelationshipLogged", relationshipLogged().build()),
                Arguments.of("ProjectDelivered", projectDelivered().build()),
                Arguments.of("SkillAssessed", skillAssessed().build()),
                Arguments.of("Transferred", transferred().build()),
                Arguments.of("Departed", departed().build()),
                Arguments.of("EventRetracted", retracted().build()),
                // edges that are still valid
                Arguments.of("Hired without manager", hired().setManagerId(null).build()),
                Arguments.of("Hired with the schema's default stage", Hired.newBuilder().setHeader(header())
                        .setTitle("TPM I").setDepartment("Payments").build()),
                Arguments.of("Promotion without department", promotion().setDepartment(null).build()),
                Arguments.of("Departed without reason", departed().setReason(null).build()),
                Arguments.of("Course without skills or hours", courseCompleted().setSkills(List.of())
                        .setHours(BigDecimal.ZERO).build()),
                Arguments.of("level 0", skillAssessed().setLevel(0).build()),
                Arguments.of("level 5", skillAssessed().setLevel(5).build()),
                Arguments.of("id of exactly 128 characters", departed().setHeader(header(h -> h.setEventId("e".repeat(128)))).build()),
                Arguments.of("UUID id", departed().setHeader(header(h -> h.setEventId("0b6d1c1e-5f4a-4c1a-9d1e-3f2b8a7c6d5e"))).build()),
                Arguments.of("time exactly 1 day after recordedAt", departed().setHeader(header(h -> h
                        .setOccurredAt(RECORDED.plus(Duration.ofDays(1))))).build()),
                Arguments.of("time of 1900-01-01", departed().setHeader(header(h -> h
                        .setOccurredAt(EventValidator.EARLIEST))).build()),
                Arguments.of("tab in text", departed().setReason("moved\tabroad").build()));
    }

    static Stream<Arguments> invalidEvents() {
        return Stream.of(
                // envelope
                Arguments.of("empty id", departed().setHeader(header(h -> h.setEventId(""))).build(), "id"),
                Arguments.of("blank id", departed().setHeader(header(h -> h.setEventId("   "))).build(), "id"),
                Arguments.of("id of 129 characters", departed().setHeader(header(h -> h.setEventId("e".repeat(129)))).build(), "id"),
                Arguments.of("id with a space", departed().setHeader(header(h -> h.setEventId("evt 1"))).build(), "id"),
                Arguments.of("id starting with a dash", departed().setHeader(header(h -> h.setEventId("-evt"))).build(), "id"),
                Arguments.of("id with a non-ASCII letter", departed().setHeader(header(h -> h.setEventId("évt-1"))).build(), "id"),
                Arguments.of("blank subject", departed().setHeader(header(h -> h.setPersonId(" "))).build(), "subject"),
                Arguments.of("subject with a slash", departed().setHeader(header(h -> h.setPersonId("p/1001"))).build(), "subject"),
                Arguments.of("blank source", departed().setHeader(header(h -> h.setSource(""))).build(), "source"),
                Arguments.of("source with a control character", departed().setHeader(header(h -> h.setSource("hr/\u001bworkday"))).build(), "source"),
                Arguments.of("time before 1900", departed().setHeader(header(h -> h
                        .setOccurredAt(Instant.parse("1899-12-31T23:59:59Z")))).build(), "time"),
                Arguments.of("time more than 1 day after recordedAt", departed().setHeader(header(h -> h
                        .setOccurredAt(RECORDED.plus(Duration.ofDays(1)).plusMillis(1)))).build(), "time"),
                Arguments.of("recordedAt before 1900", departed().setHeader(header(h -> h
                        .setOccurredAt(EventValidator.EARLIEST)
                        .setRecordedAt(Instant.parse("1899-12-31T12:00:00Z")))).build(), "recordedAt"),
                Arguments.of("time after 9999 (Avro's timestamp-millis goes further than RFC 3339)", departed()
                        .setHeader(header(h -> h.setOccurredAt(Instant.ofEpochMilli(Long.MAX_VALUE)))).build(), "time"),
                Arguments.of("recordedAt after 9999", departed().setHeader(header(h -> h
                        .setRecordedAt(EventValidator.LATEST.plusMillis(1)))).build(), "recordedAt"),
                // stages
                Arguments.of("Promotion to an unknown stage", promotion().setToStage("PRINCIPAL").build(), "data.toStage"),
                Arguments.of("Promotion to a stage in lower case", promotion().setToStage("senior").build(), "data.toStage"),
                Arguments.of("Promotion to CANDIDATE, which only interviews enter", promotion().setToStage("CANDIDATE").build(), "data.toStage"),
                Arguments.of("Promotion with blank stage", promotion().setToStage("").build(), "data.toStage"),
                Arguments.of("Promotion without title", promotion().setTitle(" ").build(), "data.title"),
                Arguments.of("Hired into CANDIDATE", hired().setStage("CANDIDATE").build(), "data.stage"),
                Arguments.of("Hired into an unknown stage", hired().setStage("CEO").build(), "data.stage"),
                Arguments.of("Hired with a bad manager id", hired().setManagerId("boss #1").build(), "data.managerId"),
                Arguments.of("Hired without department", hired().setDepartment("").build(), "data.department"),
                // skills, levels, hours
                Arguments.of("course with an unknown skill", courseCompleted().setSkills(List.of("agile", "juggling")).build(), "data.skills[1]"),
                Arguments.of("course with a duplicate skill", courseCompleted().setSkills(List.of("agile", "agile")).build(), "data.skills[1]"),
                Arguments.of("course with negative hours", courseCompleted().setHours(new BigDecimal("-0.50")).build(), "data.hours"),
                Arguments.of("course of more than 10000 hours", courseCompleted().setHours(new BigDecimal("10000.01")).build(), "data.hours"),
                Arguments.of("course without id", courseCompleted().setCourseId("").build(), "data.courseId"),
                Arguments.of("skill level 6", skillAssessed().setLevel(6).build(), "data.level"),
                Arguments.of("skill level -1", skillAssessed().setLevel(-1).build(), "data.level"),
                Arguments.of("assessment of an unknown skill", skillAssessed().setSkill("juggling").build(), "data.skill"),
                Arguments.of("assessment without assessor", skillAssessed().setAssessorId("").build(), "data.assessorId"),
                // other data
                Arguments.of("interview round 0", interviewPassed().setRound(0).build(), "data.round"),
                Arguments.of("interview round 51", interviewPassed().setRound(51).build(), "data.round"),
                Arguments.of("interview without role", interviewPassed().setRole("").build(), "data.role"),
                Arguments.of("relationship of kind UNKNOWN", relationshipLogged().setKind(RelationshipKind.UNKNOWN).build(), "data.kind"),
                Arguments.of("relationship with a 501-character counterparty", relationshipLogged()
                        .setCounterparty("x".repeat(501)).build(), "data.counterparty"),
                Arguments.of("project without name", projectDelivered().setName(" ").build(), "data.name"),
                Arguments.of("transfer without department", transferred().setDepartment("").build(), "data.department"),
                Arguments.of("transfer to a bad manager id", transferred().setManagerId("p 8").build(), "data.managerId"),
                Arguments.of("retraction of itself", retracted().setRetractedEventId("evt-8c7f2a").build(), "data.retractedEventId"),
                Arguments.of("retraction of a blank id", retracted().setRetractedEventId("").build(), "data.retractedEventId"),
                // control characters in text
                Arguments.of("NUL in a title", hired().setTitle("Senior\u0000TPM").build(), "data.title"),
                Arguments.of("escape in a reason", departed().setReason("left\u001b[31m").build(), "data.reason"),
                Arguments.of("DEL in a counterparty", relationshipLogged().setCounterparty("Acme\u007f").build(), "data.counterparty"),
                Arguments.of("newline in a retraction reason", retracted().setReason("line1\nline2").build(), "data.reason"));
    }

    private static List<String> manySkills(int n) {
        List<String> all = LadderLoader.defaultLadder().skillIds();
        return Stream.iterate(0, i -> i + 1).limit(n).map(i -> all.get(i % all.size())).toList();
    }

    // ---- tests ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("validEvents")
    void shouldAcceptAValidEvent(String name, SpecificRecord event) {
        assertThat(validator.validate(event)).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("invalidEvents")
    void shouldReportTheBrokenFieldByItsCloudEventsName(String name, SpecificRecord event, String field) {
        List<Violation> violations = validator.validate(event);

        assertThat(violations).extracting(Violation::field).containsExactly(field);
        assertThat(violations).allSatisfy(v -> assertThat(v.message()).isNotBlank());
    }

    @Test
    void shouldCoverEveryEventTypeWithAValidExample() {
        assertThat(validEvents().map(a -> a.get()[1].getClass()).distinct()).hasSize(10);
    }

    @Test
    void shouldReportEveryViolationOfOneEvent() {
        Promotion event = promotion()
                .setHeader(header(h -> h.setEventId("").setPersonId("p 1").setSource(" ")
                        .setOccurredAt(Instant.parse("1850-01-01T00:00:00Z"))))
                .setToStage("PRINCIPAL")
                .setTitle("Senior\u0007TPM")
                .build();

        assertThat(validator.validate(event)).extracting(Violation::field)
                .containsExactlyInAnyOrder("id", "subject", "source", "time", "data.toStage", "data.title");
    }

    @Test
    void shouldReportEachBadSkillOfACourseAtItsIndex() {
        CourseCompleted event = courseCompleted().setSkills(List.of("juggling", "agile", "agile", "knitting")).build();

        assertThat(validator.validate(event)).extracting(Violation::field)
                .containsExactly("data.skills[0]", "data.skills[2]", "data.skills[3]");
    }

    @Test
    void shouldLimitTheNumberOfSkillsOfACourse() {
        CourseCompleted event = courseCompleted().setSkills(manySkills(33)).build();

        assertThat(validator.validate(event)).extracting(Violation::field).contains("data.skills");
        assertThat(validator.validate(courseCompleted().setSkills(manySkills(16)).build())).isEmpty();
    }

    @Test
    void shouldNameTheLadderStagesWhenAStageIsUnknown() {
        List<Violation> violations = validator.validate(promotion().setToStage("PRINCIPAL").build());

        assertThat(violations).singleElement().satisfies(v -> assertThat(v.message())
                .contains("PRINCIPAL").contains("SENIOR").contains("BEYOND"));
    }

    @Test
    void shouldSayThatCandidateCannotBeEnteredByPromotion() {
        List<Violation> violations = validator.validate(promotion().setToStage("CANDIDATE").build());

        assertThat(violations).singleElement().satisfies(v -> assertThat(v.message())
                .contains("CANDIDATE").contains("cannot be entered by Promotion"));
    }

    @Test
    void shouldRejectAnEventWithoutEnvelope() {
        Departed event = new Departed(null, "no header");

        assertThat(validator.validate(event)).extracting(Violation::field).containsExactly("id");
    }

    @Test
    void shouldRejectARecordThatIsNotACareerEventInsteadOfFailing() {
        RelationshipCounts notAnEvent = RelationshipCounts.newBuilder().setVendors(1).setClients(0).setStakeholders(0)
                .build();

        assertThat(validator.validate(notAnEvent)).extracting(Violation::field).containsExactly("type");
    }

    @Test
    void shouldDecideTheSameWayForTheSameEvent() {
        Promotion event = promotion().setToStage("PRINCIPAL").build();

        assertThat(validator.validate(event)).isEqualTo(validator.validate(event));
    }
    // ---- identifiers: invisible and reordering characters, NFC ----

    /** Every identifier field of every event type, with a function that puts a value into it. */
    static Stream<Arguments> identifierFields() {
        return Stream.of(
                Arguments.of("id", with(v -> departed().setHeader(header(h -> h.setEventId(v))).build())),
                Arguments.of("subject", with(v -> departed().setHeader(header(h -> h.setPersonId(v))).build())),
                Arguments.of("source", with(v -> departed().setHeader(header(h -> h.setSource(v))).build())),
                Arguments.of("data.department", with(v -> hired().setDepartment(v).build())),
                Arguments.of("data.department", with(v -> transferred().setDepartment(v).build())),
                Arguments.of("data.department", with(v -> promotion().setDepartment(v).build())),
                Arguments.of("data.managerId", with(v -> hired().setManagerId(v).build())),
                Arguments.of("data.managerId", with(v -> transferred().setManagerId(v).build())),
                Arguments.of("data.assessorId", with(v -> skillAssessed().setAssessorId(v).build())),
                Arguments.of("data.skill", with(v -> skillAssessed().setSkill(v).build())),
                Arguments.of("data.skills[0]", with(v -> courseCompleted().setSkills(List.of(v)).build())),
                Arguments.of("data.courseId", with(v -> courseCompleted().setCourseId(v).build())),
                Arguments.of("data.projectId", with(v -> projectDelivered().setProjectId(v).build())),
                Arguments.of("data.toStage", with(v -> promotion().setToStage(v).build())),
                Arguments.of("data.stage", with(v -> hired().setStage(v).build())),
                Arguments.of("data.retractedEventId", with(v -> retracted().setRetractedEventId(v).build())));
    }

    private static Function<String, SpecificRecord> with(Function<String, SpecificRecord> f) {
        return f;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("identifierFields")
    void shouldRefuseBidiControlsZeroWidthCharactersAndLoneSurrogatesInEveryIdentifier(String field,
            Function<String, SpecificRecord> withValue) {
        record Case(String value, String message) {
        }
        List<Case> cases = List.of(
                new Case("p-1\u202Eevil", "must not contain format character U+202E (RIGHT-TO-LEFT OVERRIDE)"),
                new Case("p-1\u2066x", "must not contain format character U+2066 (LEFT-TO-RIGHT ISOLATE)"),
                new Case("p-1\u200B", "must not contain format character U+200B (ZERO WIDTH SPACE)"),
                new Case("p-1\u200Dx", "must not contain format character U+200D (ZERO WIDTH JOINER)"),
                new Case("p-1\uFEFF", "must not contain format character U+FEFF (ZERO WIDTH NO-BREAK SPACE)"),
                new Case("p-1\u0085x", "must not contain control character U+0085"),
                new Case("p-1\u2028x", "must not contain line separator U+2028"),
                new Case("p-1\uD800x", "must not contain an unpaired surrogate U+D800"),
                new Case("p-1\uDC00", "must not contain an unpaired surrogate U+DC00"));
        for (Case c : cases) {
            List<Violation> violations = validator.validate(withValue.apply(c.value()));
            assertThat(violations).as("%s = %s", field, Characters.escape(c.value()))
                    .filteredOn(v -> v.field().equals(field)).singleElement()
                    .satisfies(v -> assertThat(v.message()).startsWith(c.message()));
            // no message carries the character itself
            String bad = c.value().substring(3, 4);
            assertThat(violations).allSatisfy(v -> assertThat(v.message()).doesNotContain(bad));
        }
    }

    @Test
    void shouldKeepFormatCharactersInFreeTextButRefuseLoneSurrogates() {
        // right-to-left scripts need the bidi controls and zero-width joiners: free text keeps them
        assertThat(validator.validate(hired().setTitle("\u202B\u0645\u062F\u064A\u0631\u202C").build())).isEmpty();
        assertThat(validator.validate(departed().setReason("moved\u200Dabroad").build())).isEmpty();
        // a lone surrogate is not a character: UTF-8 cannot carry it (Java's encoder writes '?')
        assertThat(validator.validate(hired().setTitle("TPM \uD83D").build())).singleElement()
                .satisfies(v -> assertThat(v.toString()).startsWith("data.title: must not contain an unpaired surrogate U+D83D"));
        assertThat(validator.validate(projectDelivered().setName("x\uDE00").build())).extracting(Violation::field)
                .containsExactly("data.name");
        // a surrogate pair is one character, and fine
        assertThat(validator.validate(hired().setTitle("TPM \uD83D\uDE00").build())).isEmpty();
    }

    @Test
    void shouldNameTheControlCharacterOfAText() {
        assertThat(validator.validate(hired().setTitle("Senior\u0007TPM").build())).singleElement()
                .satisfies(v -> assertThat(v.toString()).isEqualTo(
                        "data.title: must not contain control characters (U+0007 BEL)"));
    }

    @Test
    void shouldRefuseAnIdentifierNotInNfcAndNormalizeItOnRequest() {
        Hired decomposed = hired().setDepartment("Cafe\u0301").build();

        assertThat(validator.validate(decomposed)).singleElement().satisfies(v -> assertThat(v.toString())
                .startsWith("data.department: must be in Unicode normalization form NFC"));
        SpecificRecord normalized = EventValidator.normalized(decomposed);
        assertThat(((Hired) normalized).getDepartment()).isEqualTo("Caf\u00e9");
        assertThat(validator.validate(normalized)).isEmpty();
        // the caller's record is not changed; an event already in NFC is returned as it is
        assertThat(decomposed.getDepartment()).isEqualTo("Cafe\u0301");
        Hired composed = hired().setDepartment("Caf\u00e9").build();
        assertThat(EventValidator.normalized(composed)).isSameAs(composed);
        // free text is kept as sent
        Hired title = hired().setTitle("Re\u0301sume\u0301 writer").build();
        assertThat(((Hired) EventValidator.normalized(title)).getTitle()).isEqualTo("Re\u0301sume\u0301 writer");
    }

    @Test
    void shouldNormalizeEveryIdentifierOfEveryTypeAndNoFreeText() {
        String d = "Cafe\u0301"; // decomposed; "Caf\u00e9" composed
        EventHeader h = header(b -> b.setSource("hr/" + d));
        List<SpecificRecord> events = List.of(
                new Hired(h, d, d, "m-1", "JUNIOR"),
                new Promotion(h, "SENIOR", d, d),
                new CourseCompleted(h, d, d, List.of("agile", d), new BigDecimal("2.00")),
                new ProjectDelivered(h, d, d, true),
                new SkillAssessed(h, d, 3, "a-1"),
                new Transferred(h, d, "m-2"),
                new EventRetracted(h, d, d),
                new VendorRelationshipLogged(h, d, RelationshipKind.VENDOR),
                new Departed(h, d));

        for (SpecificRecord event : events) {
            SpecificRecord normalized = EventValidator.normalized(event);
            assertThat(EventValidator.identifiers(normalized).values()).as("%s", event).allMatch(Characters::isNfc);
            assertThat(EventValidator.identifiers(normalized).keySet()).isEqualTo(EventValidator.identifiers(event).keySet());
            // the free text of the event is as sent
            for (org.apache.avro.Schema.Field f : event.getSchema().getFields()) {
                if (!f.name().equals("header") && !EventValidator.IDENTIFIER_DATA_FIELDS.contains(f.name())) {
                    assertThat(normalized.get(f.pos())).as("%s %s", event.getSchema().getName(), f.name())
                            .isEqualTo(event.get(f.pos()));
                }
            }
        }
        assertThat(EventValidator.identifiers(events.get(2)).keySet())
                .containsExactly("id", "subject", "source", "data.courseId", "data.skills[0]", "data.skills[1]");
        assertThat(((CourseCompleted) EventValidator.normalized(events.get(2))).getSkills()).containsExactly("agile", "Caf\u00e9");
        assertThat(((Promotion) EventValidator.normalized(events.get(1))).getTitle()).isEqualTo(d);
    }

    @Test
    void shouldNeverQuoteAStageOrSkillRawInAMessage() {
        assertThat(validator.validate(promotion().setToStage("CEO\u0007").build())).singleElement()
                .satisfies(v -> assertThat(v.message()).startsWith("must not contain control character U+0007"));
        assertThat(validator.validate(skillAssessed().setSkill("jugg\u00e9ling").build())).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("unknown skill 'jugg\u00e9ling'"));
    }
}
