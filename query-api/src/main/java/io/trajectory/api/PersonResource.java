package io.trajectory.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.trajectory.ladder.Ladder;
import io.trajectory.processor.fold.PersonFold;
import io.trajectory.processor.fold.PersonHistory;
import io.trajectory.processor.fold.PersonHistory.PointInTime;
import io.trajectory.state.PersonLedger;
import io.trajectory.state.PersonState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /api/v1/people/{personId}} (a person's state, now or at a bitemporal point, optionally
 * explained) and {@code GET /api/v1/people/{personId}/timeline} (their stage transitions).
 */
final class PersonResource {

    static final String PATH = "/api/v1/people/{personId}";
    static final String TIMELINE_PATH = "/api/v1/people/{personId}/timeline";

    private static final Set<String> PERSON_PARAMS = Set.of("asOf", "knownAt", "explain", ReadContext.AFTER_PARAM);
    private static final Set<String> TIMELINE_PARAMS = Set.of("asOf", "knownAt", ReadContext.AFTER_PARAM);

    private final PersonQueries people;
    private final Ladder ladder;
    private final ObjectMapper json;
    private final Clock clock;

    PersonResource(PersonQueries people, Ladder ladder, ObjectMapper json, Clock clock) {
        this.people = people;
        this.ladder = ladder;
        this.json = json;
        this.clock = clock;
    }

    void get(Context ctx) {
        String personId = personId(ctx);
        Query q = Query.parse(ctx, PERSON_PARAMS);
        try {
            answer(ctx, personId, q);
        } finally {
            q.read().applyTo(ctx); // which copy answered, also on a 404
        }
    }

    private void answer(Context ctx, String personId, Query q) {
        PersonQueries people = this.people.reading(q.read());
        if (q.at().isLatest() && !q.explain()) {
            PersonState state = people.person(personId).orElseThrow(() -> notFound(personId, q.at()));
            if (PersonFold.foldedUnder(state, ladder)) {
                ApiJson.write(ctx, json, 200, state);
                return;
            }
            // folded under an earlier ladder and not touched since: answer under the current one
        }
        PersonHistory.View view = view(people, personId, q.at());
        ObjectNode body = json.valueToTree(view.state());
        q.at().asOf().ifPresent(t -> body.put("asOf", t.toString()));
        q.at().knownAt().ifPresent(t -> body.put("knownAt", t.toString()));
        if (q.explain()) {
            body.set("explanation", json.valueToTree(Explanations.of(view)));
        }
        ApiJson.write(ctx, json, 200, body);
    }

    void timeline(Context ctx) {
        String personId = personId(ctx);
        Query q = Query.parse(ctx, TIMELINE_PARAMS);
        PersonHistory.View view;
        try {
            view = view(people.reading(q.read()), personId, q.at());
        } finally {
            q.read().applyTo(ctx);
        }
        Instant until = q.at().asOf().orElse(clock.instant());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("personId", personId);
        q.at().asOf().ifPresent(t -> body.put("asOf", t.toString()));
        q.at().knownAt().ifPresent(t -> body.put("knownAt", t.toString()));
        body.put("stage", view.state().getStage());
        body.put("status", view.state().getStatus().name());
        body.put("transitions", Timeline.of(view.state(), until));
        ApiJson.write(ctx, json, 200, body);
    }

    private PersonHistory.View view(PersonQueries people, String personId, PointInTime at) {
        PersonLedger ledger = people.ledger(personId).orElseThrow(() -> notFound(personId, PointInTime.LATEST));
        return PersonHistory.view(ledger, at, ladder).orElseThrow(() -> notFound(personId, at));
    }

    private static String personId(Context ctx) {
        String personId = ctx.pathParam("personId");
        if (!PersonIds.isValid(personId)) {
            throw ApiProblem.of(400, "invalid-person-id", "Invalid person id", "personId " + PersonIds.RULE)
                    .with("errors", List.of(QueryParams.error("personId", PersonIds.RULE)));
        }
        return personId;
    }

    private static ApiProblem notFound(String personId, PointInTime at) {
        String when = at.isLatest() ? "" : " with events"
                + at.asOf().map(t -> " that happened by " + t).orElse("")
                + at.knownAt().map(t -> " recorded by " + t).orElse("");
        return ApiProblem.of(404, "person-not-found", "Person not found", "no person '" + personId + "' is known" + when)
                .with("personId", personId);
    }

    /** The query parameters of the person endpoints, validated all at once. */
    private record Query(PointInTime at, boolean explain, ReadContext read) {

        static Query parse(Context ctx, Set<String> allowed) {
            List<Map<String, Object>> errors = new ArrayList<>();
            QueryParams.checkNames(ctx, allowed, errors);
            ReadContext read = ReadContext.of(ctx, errors);
            Optional<Instant> asOf = TimeParams.pointInTime(ctx, "asOf", errors);
            Optional<Instant> knownAt = TimeParams.pointInTime(ctx, "knownAt", errors);
            boolean explain = false;
            String rawExplain = allowed.contains("explain") ? ctx.queryParam("explain") : null;
            if (rawExplain != null) {
                if (rawExplain.equals("true") || rawExplain.isEmpty()) {
                    explain = true;
                } else if (!rawExplain.equals("false")) {
                    errors.add(QueryParams.error("explain", "must be true or false, not '" + rawExplain + "'"));
                }
            }
            QueryParams.throwIfAny(errors);
            return new Query(new PointInTime(asOf, knownAt), explain, read);
        }
    }
}
