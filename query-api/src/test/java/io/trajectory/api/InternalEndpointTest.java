package io.trajectory.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.api.auth.ClusterCredentials;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The internal endpoints over HTTP: a request signed with this instance's cluster secret is answered, once; a
 * replay of it, a signature made for another query, and one made with another secret get the 401, with no
 * data; and the same signature is no key on a public endpoint.
 */
class InternalEndpointTest extends ApiTestSupport {

    private static final String INDEX = "/internal/v1/people-index?partitions=0,1,2,3,4,5&limit=10";

    @Test
    void shouldAnswerASignedInternalRequestOnceAndRefuseItsReplay() {
        people.put(PersonStates.senior("p-1"));
        String signed = auth.cluster().sign("GET", INDEX);

        Answer first = send(anonymous(INDEX).header("Authorization", signed).GET());
        Answer replay = send(anonymous(INDEX).header("Authorization", signed).GET());

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).contains("p-1");
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.json().get("detail").asText()).contains("replay");
        assertThat(replay.body()).doesNotContain("p-1");
    }

    @Test
    void shouldRefuseASignatureForAnotherQueryOrWithAnotherSecret() {
        people.put(PersonStates.senior("p-1"));
        ClusterCredentials stranger = ClusterCredentials.of(List.of("another-cluster-0123456789-0123456789"));

        Answer otherQuery = send(anonymous(INDEX).header("Authorization",
                auth.cluster().sign("GET", "/internal/v1/people-index?partitions=0&limit=10")).GET());
        Answer otherSecret = send(anonymous(INDEX).header("Authorization", stranger.sign("GET", INDEX)).GET());

        for (Answer a : List.of(otherQuery, otherSecret)) {
            assertThat(a.status()).isEqualTo(401);
            assertThat(a.contentType()).startsWith("application/problem+json");
            assertThat(a.header("WWW-Authenticate")).contains(ClusterCredentials.CHALLENGE);
            assertThat(a.body()).doesNotContain("p-1");
        }
        assertThat(otherSecret.json().get("detail").asText()).contains("do not share cluster.secret");
    }

    @Test
    void shouldSignTheForwardersInternalRequestsSoTheOtherInstanceAnswersThem() {
        people.put(PersonStates.senior("p-1"));
        Forwarder forwarder = new Forwarder(Duration.ofSeconds(2), Duration.ofSeconds(1), auth.cluster());
        Forwarder stranger = new Forwarder(Duration.ofSeconds(2), Duration.ofSeconds(1),
                ClusterCredentials.of(List.of("another-cluster-0123456789-0123456789")));
        ForwardRequired.Target self = new ForwardRequired.Target("127.0.0.1", server.port(), ReadContext.Hop.FANOUT);

        var answered = forwarder.get(self, INDEX, ReadContext.client()).orElseThrow();
        var refused = stranger.get(self, INDEX, ReadContext.client()).orElseThrow();

        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(new String(answered.body())).contains("p-1");
        assertThat(refused.statusCode()).isEqualTo(401);
    }

    @Test
    void shouldNotTakeTheClusterSignatureAsAKeyOnAPublicEndpoint() {
        people.put(PersonStates.senior("p-1"));
        Answer a = send(anonymous("/api/v1/people").header("Authorization", auth.cluster().sign("GET", "/api/v1/people")).GET());

        assertThat(a.status()).isEqualTo(401);
        assertThat(a.body()).doesNotContain("p-1");
    }
}
