package io.trajectory.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trajectory.api.auth.ApiKeyTokens;
import io.trajectory.api.auth.Role;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Each role can do exactly its part and nothing more (a table of role x endpoint x status), 401 and
 * 403 as problems, a refusal that does not tell whether a person exists, revocation, and key
 * management that never shows a secret twice.
 */
class AuthEndpointTest extends ApiTestSupport {

    private static final String VELOCITY = "/api/v1/analytics/promotion-velocity?transition=JUNIOR-ADVANCING";
    private static final String DISTRIBUTION = "/api/v1/analytics/stage-distribution";

    /** The caller of a row: a role's key, or no key at all. */
    private static final String ANONYMOUS = "anonymous";

    private final Map<String, String> keys = new LinkedHashMap<>();

    /** emp reports to boss; boss reports to ceo; other reports to someone else. */
    @BeforeEach
    void peopleAndKeys() {
        people.put(hired("emp", "boss"));
        people.put(hired("boss", "ceo"));
        people.put(hired("other", "someone-else"));
        keys.put("admin", adminKey);
        keys.put("employee", issue(Role.EMPLOYEE, "emp"));
        keys.put("manager", issue(Role.MANAGER, "boss"));
        keys.put("analyst", issue(Role.ANALYST, null));
        keys.put("ingest", issue(Role.INGEST, null));
    }


    // ------------------------------------------------------------------ the table

    /** One endpoint and the status each caller gets. */
    private record Row(String method, String path, Map<String, Integer> expected) {
    }

    private static Row row(String method, String path, int anonymous, int admin, int employee, int manager, int analyst,
            int ingest) {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put(ANONYMOUS, anonymous);
        m.put("admin", admin);
        m.put("employee", employee);
        m.put("manager", manager);
        m.put("analyst", analyst);
        m.put("ingest", ingest);
        return new Row(method, path, m);
    }

    private static final List<Row> TABLE = List.of(
            //   method  path                                        anon admin emp  mgr  anal ingest
            row("GET", "/health",                                     200, 200, 200, 200, 200, 200),
            row("GET", "/ready",                                      200, 200, 200, 200, 200, 200),
            row("GET", "/",                                           200, 200, 200, 200, 200, 200),
            row("GET", "/dashboard/dashboard.js",                     200, 200, 200, 200, 200, 200),
            row("GET", "/api/v1",                                     401, 200, 200, 200, 200, 200),
            row("GET", "/api/v1/openapi.json",                        401, 200, 200, 200, 200, 200),
            row("GET", "/api/v1/ladder",                              401, 200, 200, 200, 200, 200),
            row("GET", "/api/v1/people",                              401, 200, 403, 200, 403, 403),
            row("GET", "/api/v1/people/emp",                          401, 200, 200, 200, 403, 403),
            row("GET", "/api/v1/people/emp/timeline",                 401, 200, 200, 200, 403, 403),
            row("GET", "/api/v1/people/emp?asOf=2024-01-01T00:00:00Z", 401, 200, 200, 200, 403, 403),
            row("GET", "/api/v1/people/boss",                         401, 200, 403, 200, 403, 403),
            row("GET", "/api/v1/people/other",                        401, 200, 403, 403, 403, 403),
            row("GET", "/api/v1/people/other/timeline",               401, 200, 403, 403, 403, 403),
            row("GET", "/api/v1/people/ghost",                        401, 404, 403, 403, 403, 403),
            row("POST", "/api/v1/events",                             401, 202, 403, 403, 403, 202),
            row("GET", VELOCITY,                                      401, 200, 403, 403, 200, 403),
            row("GET", DISTRIBUTION,                                  401, 200, 403, 403, 200, 403),
            row("GET", "/metrics",                                    401, 200, 403, 403, 403, 403),
            row("GET", "/api/v1/admin/keys",                          401, 200, 403, 403, 403, 403),
            row("POST", "/api/v1/admin/keys",                         401, 201, 403, 403, 403, 403),
            row("DELETE", "/api/v1/admin/keys/0123456789abcdef",      401, 404, 403, 403, 403, 403));

    @Test
    void shouldLetEachRoleDoExactlyItsPartAndNothingMore() {
        List<String> wrong = new ArrayList<>();
        int event = 0;
        for (Row row : TABLE) {
            for (Map.Entry<String, Integer> cell : row.expected().entrySet()) {
                HttpRequest.Builder request = cell.getKey().equals(ANONYMOUS) ? anonymous(row.path())
                        : requestAs(keys.get(cell.getKey()), row.path());
                Answer a = send(switch (row.method()) {
                    case "POST" -> row.path().equals("/api/v1/events")
                            ? request.header("Content-Type", "application/cloudevents+json")
                                    .POST(HttpRequest.BodyPublishers.ofString(EventIngestEndpointTest.promotion("evt-" + event++, "emp")))
                            : request.header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"analyst\",\"label\":\"table\"}"));
                    case "DELETE" -> request.DELETE();
                    default -> request.GET();
                });
                if (a.status() != cell.getValue()) {
                    wrong.add(cell.getKey() + " " + row.method() + " " + row.path() + ": " + a.status() + ", expected "
                            + cell.getValue() + " " + a.body());
                }
                if (a.status() == 401 || a.status() == 403) {
                    assertThat(a.contentType()).startsWith("application/problem+json");
                }
            }
        }
        assertThat(wrong).as("cells of the role table that differ").isEmpty();
    }

    @Test
    void shouldKeepEveryIndexedEndpointClosedToAnonymousCallersExceptHealthReadyAndTheDashboard() {
        for (JsonNode e : get("/api/v1").json().get("endpoints")) {
            String path = e.get("path").asText().replace("{personId}", "emp").replace("{keyId}", "0123456789abcdef");
            Answer a = send(anonymous(path).method(e.get("method").asText(), HttpRequest.BodyPublishers.noBody()));
            boolean open = path.equals("/health") || path.equals("/ready") || path.equals("/") || path.startsWith("/dashboard/");
            assertThat(a.status()).as(e.get("method").asText() + " " + path).isEqualTo(open ? 200 : 401);
        }
        // the index names who may call each endpoint
        JsonNode index = get("/api/v1").json().get("endpoints");
        assertThat(index.findValuesAsText("access")).hasSize(index.size()).contains("open", "any key", "admin",
                "analyst, admin", "ingest, admin", "manager, admin");
        // the OpenAPI document says the same: no security requirement exactly on the open operations
        JsonNode doc = get("/api/v1/openapi.json").json();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            boolean open = op.getValue().has("security") && op.getValue().get("security").isEmpty();
            String p = path.getKey().replace("{personId}", "emp").replace("{keyId}", "0123456789abcdef");
            Answer a = send(anonymous(p).method(op.getKey().toUpperCase(), HttpRequest.BodyPublishers.noBody()));
            assertThat(a.status() != 401).as(op.getKey() + " " + path.getKey() + " documented open").isEqualTo(open);
            assertThat(op.getValue().path("x-trajectory-access").asText()).as(path.getKey()).isNotEmpty();
        }));
    }

    // ------------------------------------------------------------------ 401 and 403

    @Test
    void shouldAnswer401WithABearerChallengeForAMissingMalformedUnknownOrWrongKey() {
        String unknown = ApiKeyTokens.generate().value();
        String admin = adminKey;
        String wrongSecret = admin.substring(0, admin.length() - 1) + (admin.endsWith("A") ? "B" : "A");
        Answer missing = send(anonymous("/api/v1/ladder").GET());
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.header("WWW-Authenticate").orElse("")).contains("Bearer realm=\"trajectory\"");
        assertThat(missing.json().get("type").asText()).isEqualTo("urn:trajectory:problem:unauthenticated");

        for (String header : List.of("Bearer " + unknown, "Bearer " + wrongSecret, "Bearer nonsense", "Basic YWRtaW46YWRtaW4=",
                "Bearer", admin)) {
            Answer a = send(anonymous("/api/v1/ladder").header("Authorization", header).GET());
            assertThat(a.status()).as(header).isEqualTo(401);
            assertThat(a.header("WWW-Authenticate").orElse("")).as(header).contains("Bearer");
            if (header.length() > 20) {
                assertThat(a.body()).as("the key is not echoed").doesNotContain(header.substring(header.length() - 20));
            }
        }
        // the scheme is case-insensitive (RFC 7235)
        assertThat(send(anonymous("/api/v1/ladder").header("Authorization", "bearer " + admin).GET()).status()).isEqualTo(200);
    }

    @Test
    void shouldAnswer403NamingTheRoleWhenTheRoleMayNotUseTheEndpoint() {
        Answer a = send(requestAs(keys.get("analyst"), "/api/v1/people").GET());

        assertThat(a.status()).isEqualTo(403);
        assertThat(a.json().get("type").asText()).isEqualTo("urn:trajectory:problem:forbidden");
        assertThat(a.json().get("role").asText()).isEqualTo("analyst");
        assertThat(a.json().get("detail").asText()).contains("analyst").contains("GET /api/v1/people");
    }

    @Test
    void shouldNotRevealWhetherAPersonExistsToAnEmployeeOrAManager() {
        for (String role : List.of("employee", "manager")) {
            for (String suffix : List.of("", "/timeline", "?asOf=2024-01-01T00:00:00Z", "?explain=true")) {
                Answer existing = send(requestAs(keys.get(role), "/api/v1/people/other" + suffix).GET());
                Answer missing = send(requestAs(keys.get(role), "/api/v1/people/ghost" + suffix).GET());

                assertThat(existing.status()).as(role + suffix).isEqualTo(403).isEqualTo(missing.status());
                assertThat(withoutInstance(existing.json())).as(role + suffix).isEqualTo(withoutInstance(missing.json()));
                assertThat(existing.response().headers().map().keySet())
                        .isEqualTo(missing.response().headers().map().keySet());
                // instance only echoes the path that was asked
                assertThat(existing.json().get("instance").asText()).isEqualTo("/api/v1/people/other" + suffix.replaceAll("\\?.*", ""));
            }
        }
    }

    private static JsonNode withoutInstance(JsonNode problem) {
        ObjectNode copy = problem.deepCopy();
        copy.remove("instance");
        return copy;
    }

    @Test
    void shouldShowAManagerOnlyTheirDirectReportsInTheListingPageByPage() {
        for (int i = 0; i < 7; i++) {
            people.put(hired("r-" + i, "boss"));
            people.put(hired("x-" + i, "another-manager"));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = send(requestAs(keys.get("manager"), "/api/v1/people?limit=3"
                    + (cursor == null ? "" : "&cursor=" + cursor)).GET()).json();
            page.get("people").forEach(p -> seen.add(p.get("personId").asText()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(seen).containsExactlyInAnyOrder("emp", "r-0", "r-1", "r-2", "r-3", "r-4", "r-5", "r-6");
        assertThat(pages).isEqualTo(3);
        assertThat(get("/api/v1/people?limit=500").json().get("count").asInt()).as("admin sees everyone").isEqualTo(17);
    }

    // ------------------------------------------------------------------ key management

    @Test
    void shouldIssueAKeyOnceListItWithoutSecretsAndRevokeIt() {
        Answer issued = post("/api/v1/admin/keys", "application/json",
                "{\"role\":\"employee\",\"personId\":\"other\",\"label\":\"Other's laptop\"}");
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        assertThat(issued.header("Cache-Control").orElse("")).contains("no-store");
        String key = issued.json().get("key").asText();
        String keyId = issued.json().get("keyId").asText();
        assertThat(key).startsWith("trj_" + keyId + "_");
        assertThat(issued.json().get("role").asText()).isEqualTo("employee");
        assertThat(issued.json().get("personId").asText()).isEqualTo("other");

        assertThat(send(requestAs(key, "/api/v1/people/other").GET()).status()).isEqualTo(200);
        assertThat(send(requestAs(key, "/api/v1/people/emp").GET()).status()).isEqualTo(403);

        Answer list = get("/api/v1/admin/keys");
        assertThat(list.status()).isEqualTo(200);
        String secret = key.substring(("trj_" + keyId + "_").length());
        assertThat(list.body()).doesNotContain(secret).doesNotContain(ApiKeyTokens.hash(secret)).doesNotContain("secretHash");
        assertThat(list.json().get("keys").findValuesAsText("keyId")).contains(keyId);

        Answer revoked = send(request("/api/v1/admin/keys/" + keyId).DELETE());
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().get("active").asBoolean()).isFalse();
        assertThat(revoked.json().get("revokedAt").asText()).isNotEmpty();

        Answer refused = send(requestAs(key, "/api/v1/people/other").GET());
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate").orElse("")).contains("invalid_token");
        assertThat(get("/api/v1/admin/keys").json().get("keys").findValues("keyId").stream()
                .filter(k -> k.asText().equals(keyId)).count()).as("listed once, as revoked").isEqualTo(1);
        // revoking again changes nothing
        assertThat(send(request("/api/v1/admin/keys/" + keyId).DELETE()).json().get("revokedAt"))
                .isEqualTo(revoked.json().get("revokedAt"));
    }

    @Test
    void shouldNameEveryProblemOfABadKeyRequest() {
        Answer a = post("/api/v1/admin/keys", "application/json",
                "{\"role\":\"manager\",\"labl\":\"typo\",\"label\":\"" + "x".repeat(201) + "\"}");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("labl", "personId", "label");

        Answer roles = post("/api/v1/admin/keys", "application/json", "{\"role\":\"boss\"}");
        assertThat(roles.status()).isEqualTo(400);
        assertThat(roles.body()).contains("employee, manager, analyst, ingest, admin");

        Answer analystWithPerson = post("/api/v1/admin/keys", "application/json", "{\"role\":\"analyst\",\"personId\":\"emp\"}");
        assertThat(analystWithPerson.status()).isEqualTo(400);
        assertThat(post("/api/v1/admin/keys", "application/json", "not json").status()).isEqualTo(400);
        assertThat(post("/api/v1/admin/keys", "application/json", "{\"role\":\"employee\",\"personId\":\"bad id!\"}").status())
                .isEqualTo(400);
        assertThat(send(request("/api/v1/admin/keys/not-a-key-id").DELETE()).status()).isEqualTo(400);
    }

    @Test
    void shouldNeverLogAKey() {
        Logger api = (Logger) LoggerFactory.getLogger("io.trajectory.api");
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Level previous = api.getLevel();
        api.setLevel(Level.DEBUG);
        logged.start();
        root.addAppender(logged);
        try {
            Answer issued = post("/api/v1/admin/keys", "application/json", "{\"role\":\"ingest\"}");
            String key = issued.json().get("key").asText();
            send(requestAs(key, "/api/v1/people/emp").GET());
            send(requestAs(key + "x", "/api/v1/ladder").GET());
            send(anonymous("/api/v1/ladder").header("Authorization", "Bearer " + adminKey.replace('a', 'b')).GET());
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> {
                synchronized (logged) {
                    return logged.list.stream().filter(e -> e.getLoggerName().equals("io.trajectory.api.access")).count() >= 4;
                }
            });
            List<String> lines;
            synchronized (logged) {
                lines = logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            }
            String secret = key.substring("trj_".length() + 17);
            String adminSecret = adminKey.substring("trj_".length() + 17);
            assertThat(lines).noneMatch(l -> l.contains(secret) || l.contains(adminSecret.substring(0, 20)));
            assertThat(lines).as("the access log names the keyId").anyMatch(l -> l.startsWith("GET /api/v1/people/emp 403")
                    && l.contains("key " + issued.json().get("keyId").asText()));
        } finally {
            root.detachAppender(logged);
            api.setLevel(previous);
        }
    }
}
