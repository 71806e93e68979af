package io.trajectory.api.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.trajectory.api.ApiProblem;
import io.trajectory.api.InternalRoutes;
import io.trajectory.api.NotReadyException;
import io.trajectory.api.PeopleQuery;
import io.trajectory.api.ReadContext;
import io.trajectory.processor.PeopleIndex;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.PersonSpells;
import io.trajectory.state.PersonState;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * The fan-out of listings and analytics: this instance asks each other instance for the rows of the
 * partitions whose active copy it holds, over internal endpoints that answer only from their own
 * active copies (503 otherwise), and the caller merges them with its local partitions.
 *
 * <pre>
 * GET /internal/v1/people-index?partitions=1,4&amp;limit=&amp;stage=&amp;department=&amp;cursor=&amp;after=
 *     {"entries":[{"key":"STAGE\u0000DEPT\u0000person","state":"base64 Avro single-object PersonState"}]}
 * GET /internal/v1/analytics-spells?partitions=1,4&amp;stage=&amp;after=
 *     {"partitions":[{"partition":1,"rows":["base64 Avro single-object PersonSpells", ...]}]}
 * </pre>
 *
 * The requests are signed with the cluster secret ({@code Authorization: Trajectory-Cluster ...}), never
 * with the client's key, and marked {@code Trajectory-Forwarded: fanout}. The internal endpoints answer every
 * row of their partitions: this instance checked the client's key on the public route and filters the merged
 * rows for it (a manager's listing keeps only her reports; analytics suppress small groups). An instance that
 * refuses the signature (401/403: the instances do not share a cluster secret) makes the answer a 503, logged
 * as an error here, never a partial or wrong answer.
 */
final class ClusterReads {

    static final String PEOPLE_INDEX_PATH = InternalRoutes.PREFIX + "people-index";
    static final String ANALYTICS_SPELLS_PATH = InternalRoutes.PREFIX + "analytics-spells";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ClusterReads.class);

    private final Cluster cluster;

    ClusterReads(Cluster cluster) {
        this.cluster = cluster;
    }

    // ---- the caller's side ----

    /** The index keys (with their people) of every partition held elsewhere, from the instances holding them. */
    Map<String, Optional<PersonState>> remoteIndex(Map<Integer, Optional<HostInfo>> owners, PeopleQuery query, ReadContext read) {
        Map<String, Optional<PersonState>> found = new TreeMap<>();
        for (Map.Entry<HostInfo, Set<Integer>> host : byHost(owners).entrySet()) {
            StringBuilder q = new StringBuilder(PEOPLE_INDEX_PATH).append("?partitions=").append(join(host.getValue()))
                    .append("&limit=").append(query.limit());
            query.stage().ifPresent(s -> q.append("&stage=").append(enc(s)));
            query.department().ifPresent(d -> q.append("&department=").append(enc(d)));
            query.after().ifPresent(a -> q.append("&cursor=").append(b64(a.getBytes(StandardCharsets.UTF_8))));
            read.after().ifPresent(t -> q.append("&after=").append(t.encode()));
            JsonNode body = fetch(host.getKey(), q.toString(), read);
            for (JsonNode e : body.path("entries")) {
                JsonNode state = e.get("state");
                found.put(e.get("key").asText(), state == null || state.isNull() ? Optional.empty()
                        : Optional.of(Codecs.personState().decode(unb64(state.asText()))));
            }
        }
        return found;
    }

    /** The spells of every partition held elsewhere, by partition. */
    Map<Integer, List<PersonSpells>> remoteSpells(Map<Integer, Optional<HostInfo>> owners, Optional<String> stage, ReadContext read) {
        Map<Integer, List<PersonSpells>> rows = new TreeMap<>();
        for (Map.Entry<HostInfo, Set<Integer>> host : byHost(owners).entrySet()) {
            StringBuilder q = new StringBuilder(ANALYTICS_SPELLS_PATH).append("?partitions=").append(join(host.getValue()));
            stage.ifPresent(s -> q.append("&stage=").append(enc(s)));
            read.after().ifPresent(t -> q.append("&after=").append(t.encode()));
            JsonNode body = fetch(host.getKey(), q.toString(), read);
            for (JsonNode p : body.path("partitions")) {
                List<PersonSpells> list = new ArrayList<>();
                for (JsonNode row : p.path("rows")) {
                    list.add(Codecs.personSpells().decode(unb64(row.asText())));
                }
                rows.put(p.get("partition").asInt(), list);
            }
            for (int p : host.getValue()) {
                if (!rows.containsKey(p)) {
                    throw new NotReadyException("an instance did not answer for partition " + p + "; try again shortly");
                }
            }
        }
        return rows;
    }

    private static Map<HostInfo, Set<Integer>> byHost(Map<Integer, Optional<HostInfo>> owners) {
        Map<HostInfo, Set<Integer>> byHost = new LinkedHashMap<>();
        owners.forEach((p, h) -> h.ifPresent(host -> byHost.computeIfAbsent(host, k -> new TreeSet<>()).add(p)));
        return byHost;
    }

    /** One internal request; "not ready" when the other instance is unreachable or cannot answer for its partitions. */
    private JsonNode fetch(HostInfo host, String pathAndQuery, ReadContext read) {
        Optional<HttpResponse<byte[]>> answer = cluster.forwarder().get(Cluster.target(host, ReadContext.Hop.FANOUT),
                pathAndQuery, read);
        if (answer.isEmpty()) {
            throw new NotReadyException("an instance holding part of the data does not answer; try again shortly");
        }
        HttpResponse<byte[]> r = answer.get();
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            log.error("instance {}:{} refused this instance's signed internal request (HTTP {}): the instances do not share"
                    + " a cluster secret; set the same cluster.secret (or cluster.secret.file) on every instance; answering 503",
                    host.host(), host.port(), r.statusCode());
            throw new NotReadyException("another instance holding part of the data refused this instance's request (the"
                    + " instances' cluster secrets differ; see the server log); try again later");
        }
        if (r.statusCode() != 200) {
            int retry = r.headers().firstValue("Retry-After").map(ClusterReads::seconds).orElse(NotReadyException.DEFAULT_RETRY_AFTER_SECONDS);
            throw new NotReadyException("an instance holding part of the data cannot answer yet (partitions moving or the"
                    + " position not reached); try again shortly", retry);
        }
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new NotReadyException("an instance answered unreadably; try again shortly");
        }
    }

    private static int seconds(String header) {
        try {
            return Math.max(1, Integer.parseInt(header.strip()));
        } catch (NumberFormatException e) {
            return NotReadyException.DEFAULT_RETRY_AFTER_SECONDS;
        }
    }

    // ---- the answering side ----

    Map<String, Handler> routes(StreamsPersonQueries people) {
        return Map.of(PEOPLE_INDEX_PATH, ctx -> peopleIndex(people, ctx));
    }

    Map<String, Handler> analyticsRoutes(StreamsAnalyticsQueries analytics) {
        return Map.of(ANALYTICS_SPELLS_PATH, ctx -> analyticsSpells(analytics, ctx));
    }

    private void peopleIndex(StreamsPersonQueries people, Context ctx) throws IOException {
        cluster.requireQueryable();
        List<Map<String, Object>> errors = new ArrayList<>();
        ReadContext read = ReadContext.of(ctx, errors);
        Set<Integer> partitions = partitions(ctx, errors);
        int limit = intParam(ctx, "limit", errors);
        Optional<String> cursor = Optional.ofNullable(ctx.queryParam("cursor")).map(c -> new String(unb64(c), StandardCharsets.UTF_8));
        throwIfAny(errors);
        cluster.checkPosition(read);
        PeopleQuery query = new PeopleQuery(Optional.ofNullable(ctx.queryParam("stage")),
                Optional.ofNullable(ctx.queryParam("department")), cursor, limit);
        List<Map<String, Object>> entries = new ArrayList<>();
        for (String key : people.localIndexKeys(query, partitions, read)) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("key", key);
            e.put("state", people.localState(PeopleIndex.personId(key))
                    .map(s -> b64(Codecs.personState().encode(s))).orElse(null));
            entries.add(e);
        }
        ctx.contentType("application/json").result(JSON.writeValueAsBytes(Map.of("entries", entries)));
    }

    private void analyticsSpells(StreamsAnalyticsQueries analytics, Context ctx) throws IOException {
        cluster.requireQueryable();
        List<Map<String, Object>> errors = new ArrayList<>();
        ReadContext read = ReadContext.of(ctx, errors);
        Set<Integer> partitions = partitions(ctx, errors);
        throwIfAny(errors);
        cluster.checkPosition(read);
        List<Map<String, Object>> out = new ArrayList<>();
        analytics.scanLocal(Optional.ofNullable(ctx.queryParam("stage")), partitions, read, (ps, iterators) -> {
            iterators.forEach((p, it) -> {
                List<String> rows = new ArrayList<>();
                try (KeyValueIterator<String, PersonSpells> rowsIt = it) {
                    rowsIt.forEachRemaining(kv -> rows.add(b64(Codecs.personSpells().encode(kv.value))));
                }
                Map<String, Object> part = new LinkedHashMap<>();
                part.put("partition", p);
                part.put("rows", rows);
                out.add(part);
            });
        });
        ctx.contentType("application/json").result(JSON.writeValueAsBytes(Map.of("partitions", out)));
    }

    private Set<Integer> partitions(Context ctx, List<Map<String, Object>> errors) {
        String raw = ctx.queryParam("partitions");
        Set<Integer> partitions = new TreeSet<>();
        try {
            for (String p : (raw == null ? "" : raw).split(",")) {
                int n = Integer.parseInt(p.strip());
                if (n < 0 || (cluster.partitions() > 0 && n >= cluster.partitions())) {
                    throw new NumberFormatException();
                }
                partitions.add(n);
            }
        } catch (NumberFormatException e) {
            errors.add(error("partitions", "must be a comma-separated list of partition numbers"));
        }
        return partitions;
    }

    private static int intParam(Context ctx, String name, List<Map<String, Object>> errors) {
        try {
            int n = Integer.parseInt(String.valueOf(ctx.queryParam(name)));
            if (n >= 1 && n <= PeopleQuery.MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(error(name, "must be a whole number from 1 to " + PeopleQuery.MAX_LIMIT));
        return 1;
    }

    private static Map<String, Object> error(String field, String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("field", field);
        e.put("message", message);
        return e;
    }

    private static void throwIfAny(List<Map<String, Object>> errors) {
        if (!errors.isEmpty()) {
            throw ApiProblem.of(400, "invalid-query", "Invalid query parameters", errors.size() + " query parameter problem(s)")
                    .with("errors", errors);
        }
    }

    private static String join(Set<Integer> partitions) {
        return partitions.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] unb64(String s) {
        try {
            return Base64.getUrlDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.of(400, "invalid-query", "Invalid query parameters", "not base64url: a value of this internal request");
        }
    }

}
