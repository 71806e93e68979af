package io.trajectory.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.ladder.LadderLoader;
import io.trajectory.producer.cloudevents.CloudEventMapper;
import io.trajectory.state.PersonLedger;
import io.trajectory.state.PersonState;
import io.trajectory.validation.EventValidator;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The API side of scale-out without a broker: position tokens on ingest, {@code ?after=} checked, and
 * a request forwarded to another instance (a second server on a random port) with the caller's
 * Authorization header, marked so it is not forwarded again, its answer relayed; an unreachable
 * owner gives 503 with Retry-After.
 */
class ScaleOutEndpointTest extends ApiTestSupport {

    private static final String EVENTS = "/api/v1/events";

    private ApiServer owner;
    private final AtomicReference<ReadContext> seenByOwner = new AtomicReference<>();

    @AfterEach
    void stopOwner() {
        if (owner != null) {
            owner.close();
        }
    }

    @Test
    void shouldAnswerAPositionTokenInTheBodyAndAHeaderNamingTheHighestOffsetPerPartition() {
        Answer a = post(EVENTS, "application/cloudevents-batch+json", EventIngestEndpointTest.batch(
                EventIngestEndpointTest.course("evt-1", "p-1"), EventIngestEndpointTest.promotion("evt-2", "p-1"),
                EventIngestEndpointTest.promotion("evt-3", "p-2")));

        assertThat(a.status()).isEqualTo(202);
        String token = a.json().get("position").asText();
        assertThat(a.header("Trajectory-Position")).contains(token);
        PositionToken decoded = PositionToken.decode(token);
        for (var accepted : a.json().get("accepted")) {
            int partition = accepted.get("partition").asInt();
            assertThat(decoded.offset(partition).orElseThrow()).isGreaterThanOrEqualTo(accepted.get("offset").asLong());
        }
    }

    @Test
    void shouldAnswer400ForAMalformedAfterTokenOnEveryReadEndpoint() {
        people.put(PersonStates.senior("p-1"));
        for (String path : List.of("/api/v1/people/p-1?after=nope", "/api/v1/people/p-1/timeline?after=nope",
                "/api/v1/people?after=nope", "/api/v1/analytics/stage-distribution?after=nope",
                "/api/v1/analytics/promotion-velocity?transition=JUNIOR-ADVANCING&after=nope")) {
            Answer a = get(path);
            assertThat(a.status()).as(path).isEqualTo(400);
            assertThat(a.contentType()).startsWith("application/problem+json");
            assertThat(a.json().get("errors").findValuesAsText("field")).as(path).contains("after");
        }
    }

    @Test
    void shouldTakeAWellFormedAfterToken() {
        people.put(PersonStates.senior("p-1"));
        String token = new PositionToken(java.util.Map.of(0, 3L)).encode();

        assertThat(get("/api/v1/people/p-1?after=" + token).status()).isEqualTo(200);
    }

    @Test
    void shouldForwardToTheOwnerWithTheCallersAuthorizationAndRelayItsAnswer() {
        int ownerPort = startOwner();
        people.failWith(new ForwardRequired(new Forwarder(Duration.ofSeconds(2), Duration.ofSeconds(1), auth.cluster()),
                List.of(new ForwardRequired.Target("127.0.0.1", ownerPort, ReadContext.Hop.ACTIVE))));

        Answer a = send(request("/api/v1/people/p-9?explain=false").GET());

        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.json().get("personId").asText()).isEqualTo("p-9");
        assertThat(seenByOwner.get().hop()).isEqualTo(ReadContext.Hop.ACTIVE);
        assertThat(seenByOwner.get().mayForward()).isFalse();
        assertThat(seenByOwner.get().authorization()).contains("Bearer " + adminKey);
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenNoInstanceHoldingTheDataAnswers() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        people.failWith(new ForwardRequired(new Forwarder(Duration.ofSeconds(1), Duration.ofSeconds(1), auth.cluster()),
                List.of(new ForwardRequired.Target("127.0.0.1", closedPort, ReadContext.Hop.ACTIVE),
                        new ForwardRequired.Target("127.0.0.1", closedPort, ReadContext.Hop.STANDBY))));

        Answer a = get("/api/v1/people/p-9");

        assertThat(a.status()).isEqualTo(503);
        assertThat(a.header("Retry-After")).isPresent();
        assertThat(a.json().get("type").asText()).isEqualTo("urn:trajectory:problem:not-ready");
    }

    /** A second API whose queries know p-9 and remember how they were asked. */
    private int startOwner() {
        FakePersonQueries known = new FakePersonQueries();
        known.put(PersonStates.senior("p-9"));
        PersonQueries recording = new PersonQueries() {
            @Override
            public Optional<PersonState> person(String personId) {
                return known.person(personId);
            }

            @Override
            public Optional<PersonLedger> ledger(String personId) {
                return known.ledger(personId);
            }

            @Override
            public PeoplePage people(PeopleQuery query) {
                return known.people(query);
            }

            @Override
            public PersonQueries reading(ReadContext read) {
                seenByOwner.set(read);
                return this;
            }
        };
        owner = ApiServer.start(new ApiSettings("127.0.0.1", 0, MAX_BODY_BYTES, SEND_TIMEOUT), recording, analytics,
                analyticsSettings(), sink, new CloudEventMapper(new EventValidator(LadderLoader.defaultLadder()), CLOCK),
                readiness, LadderLoader.defaultLadder(), metrics, auth);
        return owner.port();
    }
}
