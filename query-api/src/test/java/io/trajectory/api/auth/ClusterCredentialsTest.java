package io.trajectory.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.trajectory.api.ApiProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signed requests between instances: what is accepted, what is refused, and rotation without downtime. */
class ClusterCredentialsTest {

    private static final String OLD = "old-secret-0123456789-0123456789-abc";
    private static final String NEW = "new-secret-0123456789-0123456789-xyz";
    private static final String PATH = "/internal/v1/people-index?partitions=0,3&limit=10";

    @TempDir
    Path dir;

    @Test
    void shouldAcceptARequestSignedWithTheSharedSecretOnce() {
        ClusterCredentials a = ClusterCredentials.of(List.of(OLD));
        ClusterCredentials b = ClusterCredentials.of(List.of(OLD));
        String signed = a.sign("GET", PATH);

        b.verify("GET", PATH, signed);
        assertRefused(() -> b.verify("GET", PATH, signed), "replay");
    }

    @Test
    void shouldRefuseAnotherSecretAnotherPathQueryOrMethodAndNoSignature() {
        ClusterCredentials a = ClusterCredentials.of(List.of(OLD));
        ClusterCredentials stranger = ClusterCredentials.of(List.of(NEW));

        assertRefused(() -> a.verify("GET", PATH, stranger.sign("GET", PATH)), "do not share cluster.secret");
        assertRefused(() -> a.verify("GET", PATH.replace("0,3", "0,1,2,3,4,5"), a.sign("GET", PATH)), "matches no cluster secret");
        assertRefused(() -> a.verify("POST", PATH, a.sign("GET", PATH)), "matches no cluster secret");
        assertRefused(() -> a.verify("GET", PATH, null), "API keys are not accepted");
        assertRefused(() -> a.verify("GET", PATH, "Bearer trj_0123456789abcdef_x"), "API keys are not accepted");
        assertRefused(() -> a.verify("GET", PATH, "Trajectory-Cluster ts=1,nonce=x"), "malformed");
        assertRefused(() -> a.verify("GET", PATH, "Trajectory-Cluster nonsense"), "malformed");
        String signed = a.sign("GET", PATH);
        String tampered = signed.substring(0, signed.length() - 2) + (signed.endsWith("AA") ? "BB" : "AA");
        assertRefused(() -> a.verify("GET", PATH, tampered), "matches no cluster secret");
    }

    @Test
    void shouldRefuseARequestSignedOutsideTheValidityWindow() {
        ClusterCredentials now = ClusterCredentials.of(List.of(OLD));
        Instant t = Instant.now();
        ClusterCredentials past = now.withClock(Clock.fixed(t.minus(ClusterCredentials.WINDOW).minusSeconds(1), ZoneOffset.UTC));
        ClusterCredentials future = now.withClock(Clock.fixed(t.plus(ClusterCredentials.WINDOW).plusSeconds(5), ZoneOffset.UTC));
        ClusterCredentials slightlyBehind = now.withClock(Clock.fixed(t.minusSeconds(5), ZoneOffset.UTC));

        assertRefused(() -> now.verify("GET", PATH, past.sign("GET", PATH)), "older than 30 s");
        assertRefused(() -> now.verify("GET", PATH, future.sign("GET", PATH)), "from the future");
        now.verify("GET", PATH, slightlyBehind.sign("GET", PATH));
    }

    @Test
    void shouldRotateWithoutDowntimeThroughASecondAcceptedSecret() {
        ClusterCredentials before = ClusterCredentials.of(List.of(OLD));
        ClusterCredentials added = ClusterCredentials.fromSettings(OLD + "," + NEW, "");
        ClusterCredentials swapped = ClusterCredentials.fromSettings(NEW + ", " + OLD, "");
        ClusterCredentials after = ClusterCredentials.of(List.of(NEW));

        // step 1: some instances accept the new secret too, all still sign with the old one
        added.verify("GET", PATH, before.sign("GET", PATH));
        before.verify("GET", PATH, added.sign("GET", PATH));
        // step 2: some sign with the new one; every instance accepts both
        added.verify("GET", PATH, swapped.sign("GET", PATH));
        swapped.verify("GET", PATH, added.sign("GET", PATH));
        // step 3: the old one removed
        after.verify("GET", PATH, swapped.sign("GET", PATH));
        swapped.verify("GET", PATH, after.sign("GET", PATH));
        assertRefused(() -> after.verify("GET", PATH, before.sign("GET", PATH)), "matches no cluster secret");
    }

    @Test
    void shouldReReadTheSecretFileWhenItChangesAndKeepTheOldSecretsWhenTheChangeIsUnusable() throws Exception {
        Path file = dir.resolve("cluster.secret");
        Files.writeString(file, "# the first line signs\n" + OLD + "\n");
        ClusterCredentials fromFile = ClusterCredentials.fromSettings("", file.toString());
        ClusterCredentials old = ClusterCredentials.of(List.of(OLD));
        ClusterCredentials fresh = ClusterCredentials.of(List.of(NEW));
        fromFile.verify("GET", PATH, old.sign("GET", PATH));
        assertRefused(() -> fromFile.verify("GET", PATH, fresh.sign("GET", PATH)), "matches no cluster secret");

        Files.writeString(file, NEW + "\n" + OLD + "\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(2)));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).ignoreException(ApiProblem.class).untilAsserted(() ->
                fresh.verify("GET", PATH, fromFile.sign("GET", PATH)));
        fromFile.verify("GET", PATH, old.sign("GET", PATH));

        Files.writeString(file, "too short\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(4)));
        // for longer than a re-read interval, the unusable change is refused and the secrets before stay in force
        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> fresh.verify("GET", PATH, fromFile.sign("GET", PATH)));
    }

    @Test
    void shouldRefuseShortSecretsBothSettingsAndAnUnreadableFileAtStart() {
        assertThatThrownBy(() -> ClusterCredentials.fromSettings("short", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 32");
        assertThatThrownBy(() -> ClusterCredentials.fromSettings(OLD, dir.resolve("f").toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> ClusterCredentials.fromSettings("", dir.resolve("missing").toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read cluster.secret.file");
        assertThatThrownBy(() -> ClusterCredentials.fromSettings(" , ", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds no secret");
    }

    @Test
    void shouldMakeARandomSecretNoOtherInstanceKnowsWhenNoneIsSet() {
        ClusterCredentials one = ClusterCredentials.fromSettings("", "");
        ClusterCredentials two = ClusterCredentials.fromSettings(null, null);

        assertThat(one.generated()).isTrue();
        assertThat(ClusterCredentials.of(List.of(OLD)).generated()).isFalse();
        one.verify("GET", PATH, one.sign("GET", PATH));
        assertRefused(() -> two.verify("GET", PATH, one.sign("GET", PATH)), "matches no cluster secret");
    }

    @Test
    void shouldNeverPutTheSecretInTheSignature() {
        ClusterCredentials a = ClusterCredentials.of(List.of(OLD));
        String signed = a.sign("GET", PATH);
        assertThat(signed).startsWith("Trajectory-Cluster ts=").doesNotContain(OLD).doesNotContain("secret");
    }

    private static void assertRefused(Runnable call, String detail) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.status()).isEqualTo(401);
            assertThat(p.detail()).contains(detail);
            assertThat(p.headers().get("WWW-Authenticate")).isEqualTo(ClusterCredentials.CHALLENGE);
        });
    }
}
