package io.trajectory.producer.cloudevents;

import static io.trajectory.producer.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import io.trajectory.events.Promotion;
import io.trajectory.events.RelationshipKind;
import io.trajectory.producer.Events;
import io.trajectory.producer.Fixtures;
import io.trajectory.validation.Violation;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CloudEventMapperTest {

    private static final Instant TIME = Instant.parse("2024-03-01T09:00:00Z");
    private static final String SINGLE = CloudEventMapper.CONTENT_TYPE_SINGLE;
    private static final String BATCH = CloudEventMapper.CONTENT_TYPE_BATCH;

    private final CloudEventMapper mapper = Fixtures.mapper();

    /** A CloudEvent with a valid envelope (id evt-1, person p-1001, time TIME) and the given data. */
    static ObjectNode cloudEvent(String type, String dataJson) {
        ObjectNode ce = JsonNodeFactory.instance.objectNode();
        ce.put("specversion", "1.0");
        ce.put("id", "evt-1");
        ce.put("source", "hr/workday");
        ce.put("type", type);
        ce.put("subject", "p-1001");
        ce.put("time", "2024-03-01T09:00:00Z");
        if (dataJson != null) {
            ce.set("data", json(dataJson));
        }
        return ce;
    }

    static JsonNode json(String text) {
        try {
            return StrictJson.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The envelope every expected record shares with {@link #cloudEvent}. */
    static <B extends Events.Builder<B, ?>> B envelope(B builder) {
        return builder.eventId("evt-1").source("hr/workday").occurredAt(TIME).recordedAt(NOW);
    }

    static Stream<Arguments> everyType() {
        return Stream.of(
                Arguments.of("trajectory.interview-passed", "{\"role\":\"TPM\",\"round\":2}",
                        envelope(Events.interviewPassed("p-1001")).role("TPM").round(2).build()),
                Arguments.of("trajectory.hired", "{\"title\":\"TPM I\",\"department\":\"Payments\",\"managerId\":\"p-42\",\"stage\":\"ADVANCING\"}",
                        envelope(Events.hired("p-1001")).title("TPM I").department("Payments").managerId("p-42").stage("ADVANCING").build()),
                Arguments.of("trajectory.hired", "{\"title\":\"TPM I\",\"department\":\"Payments\"}",
                        envelope(Events.hired("p-1001")).title("TPM I").department("Payments").stage("JUNIOR").build()),
                Arguments.of("trajectory.promotion", "{\"toStage\":\"SENIOR\",\"title\":\"Senior TPM\",\"department\":\"Risk\"}",
                        envelope(Events.promotion("p-1001")).toStage("SENIOR").title("Senior TPM").department("Risk").build()),
                Arguments.of("trajectory.promotion", "{\"toStage\":\"SENIOR\",\"title\":\"Senior TPM\"}",
                        envelope(Events.promotion("p-1001")).toStage("SENIOR").title("Senior TPM").build()),
                Arguments.of("trajectory.course-completed", "{\"courseId\":\"c-1\",\"title\":\"Scrum\",\"skills\":[\"agile\",\"relationship-building\"],\"hours\":12.5}",
                        envelope(Events.courseCompleted("p-1001")).courseId("c-1").title("Scrum").skills("agile", "relationship-building").hours("12.50").build()),
                Arguments.of("trajectory.course-completed", "{\"courseId\":\"c-1\",\"title\":\"Scrum\",\"skills\":[],\"hours\":3}",
                        envelope(Events.courseCompleted("p-1001")).courseId("c-1").title("Scrum").hours(3).build()),
                Arguments.of("trajectory.vendor-relationship-logged", "{\"counterparty\":\"Acme\",\"kind\":\"Stakeholder\"}",
                        envelope(Events.vendorRelationshipLogged("p-1001")).counterparty("Acme").kind(RelationshipKind.STAKEHOLDER).build()),
                Arguments.of("trajectory.project-delivered", "{\"projectId\":\"prj-1\",\"name\":\"Checkout\",\"crossTeam\":true}",
                        envelope(Events.projectDelivered("p-1001")).projectId("prj-1").name("Checkout").crossTeam(true).build()),
                Arguments.of("trajectory.skill-assessed", "{\"skill\":\"agile\",\"level\":0,\"assessorId\":\"p-7\"}",
                        envelope(Events.skillAssessed("p-1001")).skill("agile").level(0).assessorId("p-7").build()),
                Arguments.of("trajectory.transferred", "{\"department\":\"Risk\",\"managerId\":\"p-9\"}",
                        envelope(Events.transferred("p-1001")).department("Risk").managerId("p-9").build()),
                Arguments.of("trajectory.departed", "{\"reason\":\"relocation\"}",
                        envelope(Events.departed("p-1001")).reason("relocation").build()),
                Arguments.of("trajectory.departed", null,
                        envelope(Events.departed("p-1001")).build()),
                Arguments.of("trajectory.event-retracted", "{\"retractedEventId\":\"evt-0\",\"reason\":\"typo\"}",
                        envelope(Events.eventRetracted("p-1001")).retractedEventId("evt-0").reason("typo").build()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyType")
    void shouldMapEveryTypeToItsAvroRecord(String type, String data, SpecificRecord expected) {
        MappingResult result = mapper.map(cloudEvent(type, data), 0);

        assertThat(result.violations()).isEmpty();
        assertThat(result.ok()).isTrue();
        assertThat(result.eventId()).isEqualTo("evt-1");
        assertThat(result.event()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyType")
    void shouldRoundTripThroughToCloudEvent(String type, String data, SpecificRecord event) {
        ObjectNode cloudEvent = CloudEventJson.toCloudEvent(event);
        assertThat(cloudEvent.get("type").asText()).isEqualTo(type);

        assertThat(mapper.map(cloudEvent, 0).event()).isEqualTo(event);
        BatchResult viaText = mapper.mapBody(SINGLE, CloudEventJson.toJson(event).getBytes(StandardCharsets.UTF_8));
        assertThat(viaText.allOk()).isTrue();
        assertThat(viaText.events()).containsExactly(event);
    }

    @Test
    void shouldReportEveryViolationOfAnEventAtOnce() {
        ObjectNode ce = cloudEvent("trajectory.skill-assessed",
                "{\"skill\":\"juggling\",\"level\":9,\"assessorId\":42,\"comment\":\"great\"}");
        ce.remove("subject");
        ce.put("time", "yesterday");
        ce.put("id", "evt 1");

        MappingResult result = mapper.map(ce, 3);

        assertThat(result.ok()).isFalse();
        assertThat(result.event()).isNull();
        assertThat(result.index()).isEqualTo(3);
        assertThat(result.eventId()).isEqualTo("evt 1");
        assertThat(result.violations()).extracting(Violation::field).containsExactlyInAnyOrder(
                "subject", "time", "data.assessorId", "data.comment", "id", "data.skill", "data.level");
        assertThat(result.violations()).contains(
                new Violation("subject", "is required"),
                new Violation("data.level", "must be from 0 to 5, not 9"),
                new Violation("data.assessorId", "must be a string, not 42"));
        assertThat(message(result, "data.comment"))
                .contains("unknown attribute for trajectory.skill-assessed").contains("skill, level, assessorId");
        assertThat(message(result, "data.skill")).contains("unknown skill 'juggling'");
        assertThat(message(result, "time")).contains("RFC 3339").contains("\"yesterday\"");
    }

    @Test
    void shouldReportEachMissingDataAttributeWhenDataIsAbsent() {
        MappingResult result = mapper.map(cloudEvent("trajectory.promotion", null), 0);

        assertThat(result.violations()).extracting(Violation::field).containsExactly("data.toStage", "data.title");
        assertThat(message(result, "data.toStage")).startsWith("is required");
    }

    @Test
    void shouldRejectDataThatIsNotAnObjectOnce() {
        ObjectNode ce = cloudEvent("trajectory.promotion", null);
        ce.put("data", "SENIOR");

        assertThat(mapper.map(ce, 0).violations())
                .containsExactly(new Violation("data", "must be a JSON object, not \"SENIOR\""));
    }

    @Test
    void shouldRejectWrongJsonTypesInData() {
        MappingResult skill = mapper.map(cloudEvent("trajectory.skill-assessed",
                "{\"skill\":\"agile\",\"level\":3.5,\"assessorId\":\"p-7\"}"), 0);
        MappingResult skillText = mapper.map(cloudEvent("trajectory.skill-assessed",
                "{\"skill\":\"agile\",\"level\":\"3\",\"assessorId\":\"p-7\"}"), 0);
        MappingResult project = mapper.map(cloudEvent("trajectory.project-delivered",
                "{\"projectId\":\"prj\",\"name\":\"X\",\"crossTeam\":\"yes\"}"), 0);
        MappingResult course = mapper.map(cloudEvent("trajectory.course-completed",
                "{\"courseId\":\"c\",\"title\":\"T\",\"skills\":[\"agile\",3],\"hours\":\"12\"}"), 0);
        MappingResult vendor = mapper.map(cloudEvent("trajectory.vendor-relationship-logged",
                "{\"counterparty\":\"Acme\",\"kind\":\"partner\"}"), 0);
        MappingResult interview = mapper.map(cloudEvent("trajectory.interview-passed",
                "{\"role\":\"TPM\",\"round\":12345678901}"), 0);

        assertThat(skill.violations()).containsExactly(new Violation("data.level", "must be a whole number, not 3.5"));
        assertThat(skillText.violations()).containsExactly(new Violation("data.level", "must be a whole number, not \"3\""));
        assertThat(project.violations()).containsExactly(new Violation("data.crossTeam", "must be true or false, not \"yes\""));
        assertThat(course.violations()).containsExactly(
                new Violation("data.skills[1]", "must be a string, not 3"),
                new Violation("data.hours", "must be a number, not \"12\""));
        assertThat(vendor.violations()).containsExactly(
                new Violation("data.kind", "must be one of vendor, client, stakeholder, not \"partner\""));
        assertThat(interview.violations()).containsExactly(new Violation("data.round", "is out of range: 12345678901"));
    }

    @Test
    void shouldAcceptAWholeNumberWrittenWithAZeroFraction() {
        MappingResult result = mapper.map(cloudEvent("trajectory.skill-assessed",
                "{\"skill\":\"agile\",\"level\":4.0,\"assessorId\":\"p-7\"}"), 0);

        assertThat(result.violations()).isEmpty();
    }

    @ParameterizedTest(name = "hours {0}")
    @ValueSource(strings = {"1.005", "0.001", "12.345"})
    void shouldRejectHoursWithMoreThanTwoDecimalsInsteadOfRounding(String hours) {
        MappingResult result = mapper.map(cloudEvent("trajectory.course-completed",
                "{\"courseId\":\"c\",\"title\":\"T\",\"skills\":[],\"hours\":" + hours + "}"), 0);

        assertThat(result.violations()).containsExactly(new Violation("data.hours",
                "must have at most 2 decimal places, not " + hours + " (values are never rounded)"));
    }

    @Test
    void shouldRejectNumbersWithHugeExponentsQuickly() {
        MappingResult hours = mapper.map(cloudEvent("trajectory.course-completed",
                "{\"courseId\":\"c\",\"title\":\"T\",\"skills\":[],\"hours\":1e-999999999}"), 0);
        MappingResult bigHours = mapper.map(cloudEvent("trajectory.course-completed",
                "{\"courseId\":\"c\",\"title\":\"T\",\"skills\":[],\"hours\":1e999999999}"), 0);
        MappingResult level = mapper.map(cloudEvent("trajectory.skill-assessed",
                "{\"skill\":\"agile\",\"level\":1e999999999,\"assessorId\":\"p-7\"}"), 0);

        assertThat(hours.violations()).extracting(Violation::field).containsExactly("data.hours");
        assertThat(bigHours.violations()).extracting(Violation::message).containsExactly("is out of range: 1E+999999999");
        assertThat(level.violations()).extracting(Violation::message).containsExactly("is out of range: 1E+999999999");
    }

    @Test
    void shouldKeepHoursExactAtScaleTwo() {
        MappingResult result = mapper.map(cloudEvent("trajectory.course-completed",
                "{\"courseId\":\"c\",\"title\":\"T\",\"skills\":[],\"hours\":0.1}"), 0);

        var course = (io.trajectory.events.CourseCompleted) result.event();
        assertThat(course.getHours()).isEqualByComparingTo("0.10");
        assertThat(course.getHours().scale()).isEqualTo(2);
        assertThat(course.getHours().toPlainString()).isEqualTo("0.10");
    }

    @Test
    void shouldListTheValidTypesForAnUnknownTypeAndStillCheckTheEnvelope() {
        ObjectNode ce = cloudEvent("trajectory.promoted", "{\"toStage\":\"SENIOR\"}");
        ce.put("subject", "p 1001");

        MappingResult result = mapper.map(ce, 0);

        assertThat(result.violations()).extracting(Violation::field).containsExactly("type", "subject");
        assertThat(message(result, "type")).contains("unknown type \"trajectory.promoted\"")
                .contains("trajectory.promotion").contains("trajectory.event-retracted");
    }

    @Test
    void shouldRequireSpecVersionOneDotZero() {
        ObjectNode old = cloudEvent("trajectory.departed", null);
        old.put("specversion", "0.3");
        ObjectNode missing = cloudEvent("trajectory.departed", null);
        missing.remove("specversion");

        assertThat(mapper.map(old, 0).violations())
                .containsExactly(new Violation("specversion", "must be \"1.0\" (CloudEvents 1.0), not \"0.3\""));
        assertThat(mapper.map(missing, 0).violations()).extracting(Violation::field).containsExactly("specversion");
    }

    @Test
    void shouldCheckTheDataContentType() {
        ObjectNode xml = cloudEvent("trajectory.departed", null);
        xml.put("datacontenttype", "text/xml");
        ObjectNode json = cloudEvent("trajectory.departed", null);
        json.put("datacontenttype", "application/json; charset=utf-8");
        ObjectNode binary = cloudEvent("trajectory.departed", null);
        binary.put("data_base64", "AAEC");

        assertThat(mapper.map(xml, 0).violations()).extracting(Violation::field).containsExactly("datacontenttype");
        assertThat(mapper.map(json, 0).ok()).isTrue();
        assertThat(mapper.map(binary, 0).violations()).extracting(Violation::field).containsExactly("data_base64");
    }

    @Test
    void shouldTakeRecordedAtFromTheExtensionOrElseTheClock() {
        ObjectNode withExtension = cloudEvent("trajectory.departed", null);
        withExtension.put("recordedat", "2024-03-02T10:15:30.123+02:00");

        MappingResult defaulted = mapper.map(cloudEvent("trajectory.departed", null), 0);
        MappingResult given = mapper.map(withExtension, 0);

        assertThat(io.trajectory.schemas.CareerEvents.header(defaulted.event()).getRecordedAt()).isEqualTo(NOW);
        assertThat(io.trajectory.schemas.CareerEvents.header(given.event()).getRecordedAt())
                .isEqualTo(Instant.parse("2024-03-02T08:15:30.123Z"));
    }

    @Test
    void shouldRejectAnEventThatHappensLongAfterItWasRecorded() {
        ObjectNode future = cloudEvent("trajectory.departed", null);
        future.put("time", "2024-06-05T00:00:00Z");
        ObjectNode badRecordedAt = cloudEvent("trajectory.departed", null);
        badRecordedAt.put("recordedat", "soon");

        ObjectNode futureRecordedAt = cloudEvent("trajectory.departed", null);
        futureRecordedAt.put("time", "2030-01-01T00:00:00Z");
        futureRecordedAt.put("recordedat", "2030-01-01T00:00:00Z");

        assertThat(mapper.map(future, 0).violations()).extracting(Violation::field).containsExactly("time");
        assertThat(mapper.map(futureRecordedAt, 0).violations()).containsExactly(new Violation("recordedat",
                "is more than 24 h in the future (2030-01-01T00:00:00Z, received 2024-06-01T00:00:00Z)"));
        assertThat(mapper.map(badRecordedAt, 0).violations()).extracting(Violation::field).containsExactly("recordedat");
    }

    @Test
    void shouldAcceptRfc3339VariantsAndKeepMilliseconds() {
        assertThat(CloudEventMapper.parseTime("2024-03-01T09:00:00Z")).isEqualTo(TIME);
        assertThat(CloudEventMapper.parseTime("2024-03-01t10:00:00+01:00")).isEqualTo(TIME);
        assertThat(CloudEventMapper.parseTime("2024-03-01T09:00:00.123456789Z"))
                .isEqualTo(Instant.parse("2024-03-01T09:00:00.123Z"));
        assertThat(CloudEventMapper.parseTime("2024-03-01T09:00Z")).isNull();
        assertThat(CloudEventMapper.parseTime("2024-03-01T09:00:00")).isNull();
        assertThat(CloudEventMapper.parseTime("2024-02-30T09:00:00Z")).isNull();
    }

    @Test
    void shouldRejectBlankOptionalAttributesInsteadOfKeepingThem() {
        MappingResult result = mapper.map(cloudEvent("trajectory.transferred",
                "{\"department\":\"Risk\",\"managerId\":\"\"}"), 0);

        assertThat(result.violations()).containsExactly(
                new Violation("data.managerId", "must not be empty; leave the attribute out instead"));
    }

    @Test
    void shouldTreatOtherTopLevelAttributesAsIgnoredExtensions() {
        ObjectNode ce = cloudEvent("trajectory.departed", null);
        ce.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        ce.put("dataschema", "https://example.com/schema");

        assertThat(mapper.map(ce, 0).ok()).isTrue();
    }

    @Test
    void shouldNeverThrowOnNonObjects() {
        assertThat(mapper.map(null, 0).violations()).extracting(Violation::field).containsExactly("event");
        assertThat(mapper.map(json("[1,2]"), 1).violations())
                .containsExactly(new Violation("event", "must be a CloudEvent (a JSON object), not an array"));
        assertThat(mapper.map(json("\"x\""), 2).index()).isEqualTo(2);
    }

    @Test
    void shouldAcceptAnEventWrittenByTheCloudEventsJavaSdk() {
        CloudEvent event = CloudEventBuilder.v1()
                .withId("sdk-1")
                .withSource(URI.create("hr/workday"))
                .withType("trajectory.promotion")
                .withSubject("p-1001")
                .withTime(OffsetDateTime.parse("2024-03-01T10:00:00+01:00"))
                .withExtension("recordedat", "2024-03-02T00:00:00Z")
                .withData("application/json",
                        "{\"toStage\":\"SENIOR\",\"title\":\"Senior TPM\",\"department\":\"Payments\"}"
                                .getBytes(StandardCharsets.UTF_8))
                .build();
        byte[] body = new JsonFormat().serialize(event);

        BatchResult result = mapper.mapBody(JsonFormat.CONTENT_TYPE, body);

        assertThat(result.bodyErrors()).isEmpty();
        assertThat(result.results().get(0).violations()).isEmpty();
        Promotion expected = Events.promotion("p-1001").eventId("sdk-1").source("hr/workday").occurredAt(TIME)
                .recordedAt(Instant.parse("2024-03-02T00:00:00Z")).toStage("SENIOR").title("Senior TPM")
                .department("Payments").build();
        assertThat(result.events()).containsExactly(expected);
    }

    @Test
    void shouldProduceJsonThatTheCloudEventsJavaSdkReads() {
        Promotion promotion = envelope(Events.promotion("p-1001")).toStage("SENIOR").title("Senior TPM").build();

        CloudEvent read = new JsonFormat().deserialize(
                CloudEventJson.toJson(promotion).getBytes(StandardCharsets.UTF_8));

        assertThat(read.getId()).isEqualTo("evt-1");
        assertThat(read.getType()).isEqualTo("trajectory.promotion");
        assertThat(read.getSubject()).isEqualTo("p-1001");
        assertThat(read.getTime().toInstant()).isEqualTo(TIME);
        assertThat(read.getExtension("recordedat")).isEqualTo(NOW.toString());
        assertThat(new String(read.getData().toBytes(), StandardCharsets.UTF_8))
                .isEqualTo("{\"toStage\":\"SENIOR\",\"title\":\"Senior TPM\"}");
    }

    @Nested
    class Bodies {

        private final byte[] one = CloudEventJson.toJson(
                envelope(Events.departed("p-1001")).build()).getBytes(StandardCharsets.UTF_8);

        @Test
        void shouldMapASingleEventForEveryAcceptedContentType() {
            for (String contentType : List.of(SINGLE, "application/cloudevents+json; charset=utf-8",
                    "Application/JSON;charset=UTF-8", "application/json")) {
                BatchResult result = mapper.mapBody(contentType, one);
                assertThat(result.batch()).as(contentType).isFalse();
                assertThat(result.allOk()).as(contentType).isTrue();
                assertThat(result.events()).as(contentType).hasSize(1);
            }
        }

        @Test
        void shouldMapABatchWithAResultPerEventInOrder() {
            ArrayNode batch = JsonNodeFactory.instance.arrayNode();
            batch.add(cloudEvent("trajectory.departed", null).put("id", "evt-a"));
            batch.add(cloudEvent("trajectory.promotion", "{\"toStage\":\"NOWHERE\",\"title\":\"X\"}").put("id", "evt-b"));
            batch.add(cloudEvent("trajectory.transferred", "{\"department\":\"Risk\"}").put("id", "evt-c"));
            byte[] body = batch.toString().getBytes(StandardCharsets.UTF_8);

            for (String contentType : List.of(BATCH, "application/json")) {
                BatchResult result = mapper.mapBody(contentType, body);
                assertThat(result.batch()).isTrue();
                assertThat(result.bodyErrors()).isEmpty();
                assertThat(result.allOk()).isFalse();
                assertThat(result.results()).extracting(MappingResult::index).containsExactly(0, 1, 2);
                assertThat(result.events()).hasSize(2);
                assertThat(result.rejected()).singleElement().satisfies(r -> {
                    assertThat(r.index()).isEqualTo(1);
                    assertThat(r.violations()).extracting(Violation::field).containsExactly("data.toStage");
                });
            }
        }

        @Test
        void shouldReportMalformedJsonWithLineAndColumn() {
            BatchResult result = mapper.mapBody(SINGLE, "{\n  \"id\": \"x\",\n  oops\n}".getBytes(StandardCharsets.UTF_8));

            assertThat(result.results()).isEmpty();
            assertThat(result.bodyErrors()).singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo("body");
                assertThat(v.message()).startsWith("malformed JSON at line 3, column 3");
            });
        }

        @Test
        void shouldReportInvalidUtf8WithLineAndColumn() {
            byte[] body = "{\"id\": \"ab\u00e9\",\n \"source\": \"xy\"}".getBytes(StandardCharsets.UTF_8);
            // replace the 'x' of "xy" on line 2 by a lone continuation byte (+1: the é before it is two bytes)
            int x = new String(body, StandardCharsets.UTF_8).indexOf("xy") + 1;
            byte[] broken = body.clone();
            broken[x] = (byte) 0x80;

            BatchResult result = mapper.mapBody(SINGLE, broken);

            assertThat(result.bodyErrors()).singleElement().satisfies(v ->
                    assertThat(v.message()).isEqualTo("not valid UTF-8: byte 0x80 at line 2, column 13"));
        }

        @Test
        void shouldRejectDuplicateKeysAndTrailingContent() {
            BatchResult duplicate = mapper.mapBody(SINGLE,
                    "{\"id\":\"a\",\"id\":\"b\"}".getBytes(StandardCharsets.UTF_8));
            BatchResult trailing = mapper.mapBody(SINGLE, (new String(one, StandardCharsets.UTF_8) + " {}")
                    .getBytes(StandardCharsets.UTF_8));

            assertThat(duplicate.bodyErrors()).singleElement()
                    .satisfies(v -> assertThat(v.message()).contains("Duplicate field 'id'"));
            assertThat(trailing.bodyErrors()).singleElement()
                    .satisfies(v -> assertThat(v.message()).contains("malformed JSON").contains("Trailing token"));
        }

        @Test
        void shouldRejectAnEmptyBody() {
            assertThat(mapper.mapBody(SINGLE, new byte[0]).bodyErrors())
                    .containsExactly(new Violation("body", "empty body: expected a JSON object or array"));
            assertThat(mapper.mapBody(SINGLE, " \n ".getBytes(StandardCharsets.UTF_8)).bodyErrors())
                    .containsExactly(new Violation("body", "empty body: expected a JSON object or array"));
            assertThat(mapper.mapBody(SINGLE, null).bodyErrors()).hasSize(1);
        }

        @Test
        void shouldRejectUnsupportedContentTypesAndCharsets() {
            assertThat(mapper.mapBody("text/plain", one).bodyErrors()).singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo("Content-Type");
                assertThat(v.message()).contains("unsupported media type text/plain").contains(SINGLE).contains(BATCH);
            });
            assertThat(mapper.mapBody(null, one).bodyErrors()).extracting(Violation::field).containsExactly("Content-Type");
            assertThat(mapper.mapBody("application/json; charset=iso-8859-1", one).bodyErrors())
                    .singleElement().satisfies(v -> assertThat(v.message()).contains("iso-8859-1"));
        }

        @Test
        void shouldRejectAnArraySentAsASingleEventAndAnObjectSentAsABatch() {
            byte[] array = ("[" + new String(one, StandardCharsets.UTF_8) + "]").getBytes(StandardCharsets.UTF_8);

            assertThat(mapper.mapBody(SINGLE, array).bodyErrors()).singleElement()
                    .satisfies(v -> assertThat(v.message()).contains("carries one event").contains(BATCH));
            assertThat(mapper.mapBody(BATCH, one).bodyErrors()).singleElement()
                    .satisfies(v -> assertThat(v.message()).contains("carries a JSON array of events"));
            assertThat(mapper.mapBody("application/json", "42".getBytes(StandardCharsets.UTF_8)).bodyErrors())
                    .singleElement().satisfies(v -> assertThat(v.message()).contains("not 42"));
        }

        @Test
        void shouldRejectAnEmptyBatchAndABatchOverTheLimit() {
            ArrayNode big = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < CloudEventMapper.MAX_BATCH_SIZE + 1; i++) {
                big.add(cloudEvent("trajectory.departed", null));
            }
            ArrayNode full = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < CloudEventMapper.MAX_BATCH_SIZE; i++) {
                full.add(cloudEvent("trajectory.departed", null).put("id", "evt-" + i));
            }

            assertThat(mapper.mapBody(BATCH, "[]".getBytes(StandardCharsets.UTF_8)).bodyErrors())
                    .containsExactly(new Violation("body", "empty batch: send at least one event"));
            BatchResult tooBig = mapper.mapBody(BATCH, big.toString().getBytes(StandardCharsets.UTF_8));
            assertThat(tooBig.results()).isEmpty();
            assertThat(tooBig.bodyErrors()).containsExactly(new Violation("body",
                    "batch of 1001 events is larger than the limit of 1000; split it"));
            assertThat(mapper.mapBody(BATCH, full.toString().getBytes(StandardCharsets.UTF_8)).events()).hasSize(1000);
        }

        @Test
        void shouldMapEveryLineOfTheGoodSampleFile() throws IOException {
            List<String> lines = Files.readAllLines(Fixtures.sample("events-good.jsonl"));

            for (String line : lines) {
                MappingResult result = mapper.mapJson(line.getBytes(StandardCharsets.UTF_8), 0);
                assertThat(result.violations()).as(line).isEmpty();
            }
            assertThat(lines).hasSize(10);
        }
    }

    private static String message(MappingResult result, String field) {
        return result.violations().stream().filter(v -> v.field().equals(field)).findFirst()
                .map(Violation::message).orElseThrow(() -> new AssertionError("no violation on " + field
                        + " in " + result.violations()));
    }
    // ---- identifiers and text: invisible characters, lone surrogates, NFC ----

    @Test
    void shouldRefuseABidiOverrideInADepartmentNamingTheCodePoint() {
        BatchResult r = mapper.mapBody(SINGLE, (cloudEvent("trajectory.transferred", "{\"department\":\"Pay\\u202Ements\"}")
                .toString()).getBytes(StandardCharsets.UTF_8));

        assertThat(r.results().get(0).violations()).extracting(Violation::toString)
                .containsExactly("data.department: must not contain format character U+202E (RIGHT-TO-LEFT OVERRIDE)");
    }

    @Test
    void shouldRefuseALoneSurrogateInsteadOfLettingTheEncoderWriteAQuestionMark() {
        // JSON can spell a lone surrogate (\ud83d); Java's UTF-8 encoder, which Avro uses, would write '?'
        byte[] body = ("{\"specversion\":\"1.0\",\"id\":\"evt-1\",\"source\":\"hr/workday\",\"type\":\"trajectory.hired\","
                + "\"subject\":\"p-1001\",\"time\":\"2024-03-01T09:00:00Z\",\"data\":{\"title\":\"TPM \\ud83d\","
                + "\"department\":\"Payments\"}}").getBytes(StandardCharsets.UTF_8);

        MappingResult r = mapper.mapJson(body, 0);

        assertThat(r.ok()).isFalse();
        assertThat(r.violations()).extracting(Violation::toString).singleElement().asString()
                .startsWith("data.title: must not contain an unpaired surrogate U+D83D");
    }

    @Test
    void shouldNormalizeADecomposedDepartmentToNfcSoBothSpellingsAreTheSameDepartment() {
        MappingResult decomposed = mapper.map(cloudEvent("trajectory.transferred", "{\"department\":\"Cafe\\u0301\"}"), 0);
        MappingResult composed = mapper.map(cloudEvent("trajectory.transferred", "{\"department\":\"Caf\\u00e9\"}"), 0);

        assertThat(decomposed.ok()).as("%s", decomposed.violations()).isTrue();
        assertThat(((io.trajectory.events.Transferred) decomposed.event()).getDepartment()).isEqualTo("Caf\u00e9");
        assertThat(io.trajectory.schemas.Codecs.events().encode(decomposed.event()))
                .isEqualTo(io.trajectory.schemas.Codecs.events().encode(composed.event()));
    }

    @Test
    void shouldKeepAZeroWidthJoinerInFreeText() {
        MappingResult r = mapper.map(cloudEvent("trajectory.departed", "{\"reason\":\"moved\\u200Dabroad\"}"), 0);

        assertThat(r.ok()).isTrue();
        assertThat(((io.trajectory.events.Departed) r.event()).getReason()).isEqualTo("moved\u200Dabroad");
    }

    @Test
    void shouldEscapeAnUnknownTypeQuotedInAMessage() {
        MappingResult r = mapper.map(cloudEvent("trajectory.promoted\u001b[31m", null), 0);

        assertThat(r.violations()).extracting(Violation::message).anySatisfy(m -> assertThat(m)
                .startsWith("unknown type \"trajectory.promoted\\x1B[31m\"").doesNotContain("\u001b"));
    }
    // ---- the same id twice in a batch ----

    private static String assessedJson(String id, String subject, int level) {
        ObjectNode ce = cloudEvent("trajectory.skill-assessed", "{\"skill\":\"agile\",\"level\":" + level + ",\"assessorId\":\"a-1\"}");
        ce.put("id", id);
        ce.put("subject", subject);
        return ce.toString();
    }

    @Test
    void shouldRefuseABatchUsingOneEventIdForTwoPeople() {
        BatchResult r = mapper.mapBody(BATCH, ("[" + assessedJson("evt-1", "p-1", 3) + "," + assessedJson("evt-2", "p-1", 3)
                + "," + assessedJson("evt-1", "p-2", 3) + "]").getBytes(StandardCharsets.UTF_8));

        assertThat(r.allOk()).isFalse();
        assertThat(r.rejected()).singleElement().satisfies(m -> {
            assertThat(m.index()).isEqualTo(2);
            assertThat(m.violations()).extracting(Violation::toString).containsExactly(
                    "id: evt-1 is also the id of event 0 of this batch, for another person (p-1); an eventId must name one event");
        });
    }

    @Test
    void shouldRefuseABatchWithAConflictingDuplicateNamingTheFieldsThatDiffer() {
        BatchResult r = mapper.mapBody(BATCH, ("[" + assessedJson("evt-1", "p-1", 3) + "," + assessedJson("evt-1", "p-1", 4)
                + "]").getBytes(StandardCharsets.UTF_8));

        assertThat(r.rejected()).singleElement().satisfies(m -> assertThat(m.violations()).extracting(Violation::toString)
                .containsExactly("id: evt-1 conflicts with event 0 of this batch: same id, different data.level;"
                        + " send a correction under a new id"));
    }

    @Test
    void shouldAcceptTheSameEventTwiceInABatch() {
        BatchResult r = mapper.mapBody(BATCH, ("[" + assessedJson("evt-1", "p-1", 3) + "," + assessedJson("evt-1", "p-1", 3)
                + "]").getBytes(StandardCharsets.UTF_8));

        assertThat(r.allOk()).isTrue();
    }
}
