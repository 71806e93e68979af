package io.trajectory.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trajectory.api.ApiProblem;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The key format, hashing, the stored record, issue and revoke, without HTTP. */
class ApiKeysTest {

    private final List<ApiKeyRecord> written = new ArrayList<>();
    private final KeyStore store = new KeyStore();
    private final ApiKeys keys = new ApiKeys(store, written::add, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    private final Authenticator authenticator = new Authenticator(store);

    @Test
    void shouldMakeRandomKeysOfTheDocumentedFormat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = ApiKeyTokens.generate().value();
            assertThat(token).matches("trj_[0-9a-f]{16}_[A-Za-z0-9_-]{43}");
            assertThat(ApiKeyTokens.parse(token)).isPresent();
            seen.add(token);
        }
        assertThat(seen).hasSize(1000);
        for (String bad : List.of("", "trj_", "trj_0123456789abcdef", "trj_0123456789ABCDEF_" + "a".repeat(43),
                "xyz_0123456789abcdef_" + "a".repeat(43), "trj_0123456789abcdef_" + "a".repeat(42),
                "trj_0123456789abcdef_" + "a".repeat(42) + "=", "trj_0123456789abcdef-" + "a".repeat(43))) {
            assertThat(ApiKeyTokens.parse(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void shouldStoreOnlyTheSha256OfTheSecret() {
        ApiKeys.IssuedKey issued = keys.issue(Role.MANAGER, Optional.of("eve"), Optional.of("Eve's laptop"));
        String secret = issued.token().substring("trj_".length() + 17);
        assertThat(secret).hasSize(43);

        assertThat(written).hasSize(1);
        String json = written.get(0).toJson();
        assertThat(json).doesNotContain(secret).contains(ApiKeyTokens.hash(secret)).contains("\"hashAlgorithm\":\"SHA-256\"");
        // the well-known SHA-256 of "abc"
        assertThat(ApiKeyTokens.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(written.get(0).toString()).doesNotContain(ApiKeyTokens.hash(secret));
        assertThat(issued.toString()).doesNotContain(secret);

        ApiKeyRecord back = ApiKeyRecord.fromJson(json);
        assertThat(back).isEqualTo(written.get(0));
        assertThat(authenticator.authenticate("Bearer " + issued.token()))
                .isEqualTo(new Caller(issued.record().keyId(), Role.MANAGER, Optional.of("eve"), "Eve's laptop"));
    }

    @Test
    void shouldRefuseARevokedKeyEvenIfAnOlderActiveRecordArrivesLater() {
        ApiKeys.IssuedKey issued = keys.issue(Role.ANALYST, Optional.empty(), Optional.empty());
        ApiKeyRecord active = issued.record();
        ApiKeyRecord revoked = keys.revoke(active.keyId()).orElseThrow();

        assertThat(revoked.secretHash()).as("a revocation drops the hash").isNull();
        assertThat(written).extracting(ApiKeyRecord::active).containsExactly(true, false);
        assertThat(authenticator.check(issued.token())).isEmpty();

        store.apply(active); // e.g. the topic read back after the local revocation
        assertThat(authenticator.check(issued.token())).isEmpty();
        assertThatThrownBy(() -> authenticator.authenticate("Bearer " + issued.token()))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.status()).isEqualTo(401));
        assertThat(keys.revoke("0123456789abcdef")).isEmpty();
    }

    @Test
    void shouldNameEveryProblemOfAnIssueRequest() {
        assertThatThrownBy(() -> keys.issue(Role.EMPLOYEE, Optional.empty(), Optional.of("x".repeat(201) + "\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("personId").hasMessageContaining("at most 200").hasMessageContaining("control characters");
        assertThatThrownBy(() -> keys.issue(Role.ADMIN, Optional.of("eve"), Optional.empty()))
                .hasMessageContaining("only employee and manager keys belong to a person");
        assertThatThrownBy(() -> keys.issue(Role.MANAGER, Optional.of("not ok!"), Optional.empty()))
                .hasMessageContaining("personId: must start with a letter or digit");
        assertThat(written).isEmpty();
    }

    @Test
    void shouldRejectRecordsThatAreNotKeyRecordsOfAKnownVersion() {
        for (String bad : List.of("", "[]", "{}", "{\"v\":2,\"keyId\":\"0123456789abcdef\"}",
                "{\"v\":1,\"keyId\":\"0123456789abcdef\",\"role\":\"king\",\"secretHash\":\"00\",\"createdAt\":\"2026-01-01T00:00:00Z\"}",
                "{\"v\":1,\"keyId\":\"0123456789abcdef\",\"role\":\"admin\",\"createdAt\":\"2026-01-01T00:00:00Z\"}",
                "{\"v\":1,\"keyId\":\"0123456789abcdef\",\"role\":\"admin\",\"secretHash\":\"00\",\"createdAt\":\"yesterday\"}",
                "{\"v\":1,\"keyId\":\"0123456789abcdef\",\"role\":\"employee\",\"secretHash\":\"00\",\"createdAt\":\"2026-01-01T00:00:00Z\"}",
                "{\"v\":1,\"hashAlgorithm\":\"MD5\",\"keyId\":\"0123456789abcdef\",\"role\":\"admin\",\"secretHash\":\"00\",\"createdAt\":\"2026-01-01T00:00:00Z\"}")) {
            assertThatThrownBy(() -> ApiKeyRecord.fromJson(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
