package io.trajectory.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.trajectory.api.auth.AuthGuard;
import io.trajectory.api.auth.Caller;
import io.trajectory.api.auth.Role;
import io.trajectory.ladder.Ladder;
import io.trajectory.processor.PeopleIndex;
import io.trajectory.state.PersonState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /api/v1/people?stage=&department=&limit=&cursor=}: people by stage and department,
 * paged in a stable order (stage id, department, personId). The cursor is opaque: the
 * {@code nextCursor} of the previous page, valid only with the same filters.
 */
final class PeopleResource {

    static final String PATH = "/api/v1/people";
    private static final Set<String> PARAMS = Set.of("stage", "department", "limit", "cursor");

    private final PersonQueries people;
    private final Ladder ladder;
    private final ObjectMapper json;

    PeopleResource(PersonQueries people, Ladder ladder, ObjectMapper json) {
        this.people = people;
        this.ladder = ladder;
        this.json = json;
    }

    void list(Context ctx) {
        List<Map<String, Object>> errors = new ArrayList<>();
        QueryParams.checkNames(ctx, PARAMS, errors);
        Optional<String> stage = Optional.ofNullable(ctx.queryParam("stage"));
        if (stage.isPresent() && !ladder.hasStage(stage.get())) {
            errors.add(QueryParams.error("stage", "unknown stage '" + stage.get() + "'; stages of ladder " + ladder.id() + ": "
                    + ladder.stageIds()));
        }
        Optional<String> department = Optional.ofNullable(ctx.queryParam("department"));
        if (department.isPresent() && department.get().isBlank()) {
            errors.add(QueryParams.error("department", "must not be empty"));
        }
        int limit = PeopleQuery.DEFAULT_LIMIT;
        String rawLimit = ctx.queryParam("limit");
        if (rawLimit != null) {
            try {
                limit = Integer.parseInt(rawLimit);
                if (limit < 1 || limit > PeopleQuery.MAX_LIMIT) {
                    errors.add(QueryParams.error("limit", "must be from 1 to " + PeopleQuery.MAX_LIMIT + ", not " + limit));
                }
            } catch (NumberFormatException e) {
                errors.add(QueryParams.error("limit", "must be a whole number from 1 to " + PeopleQuery.MAX_LIMIT + ", not '" + rawLimit + "'"));
            }
        }
        Optional<String> after = Optional.empty();
        String cursor = ctx.queryParam("cursor");
        if (cursor != null) {
            after = decode(cursor, stage, department);
            if (after.isEmpty()) {
                errors.add(QueryParams.error("cursor", "is not a cursor of this listing; pass the nextCursor of the previous page"
                        + " with the same stage and department"));
            }
        }
        QueryParams.throwIfAny(errors);

        PeopleQuery query = new PeopleQuery(stage, department, after, limit);
        Optional<Caller> caller = AuthGuard.caller(ctx);
        PeoplePage page = caller.filter(c -> c.is(Role.MANAGER)).isPresent()
                ? reportsOf(caller.get().personId().orElseThrow(), query)
                : people.people(query);
        List<Map<String, Object>> items = new ArrayList<>(page.people().size());
        for (PersonState s : page.people()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("personId", s.getPersonId());
            item.put("stage", s.getStage());
            item.put("stageSince", s.getStageSince() == null ? null : s.getStageSince().toString());
            item.put("status", s.getStatus().name());
            item.put("title", s.getTitle());
            item.put("department", s.getDepartment());
            item.put("nextStage", s.getNextStage());
            items.add(item);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("people", items);
        body.put("count", items.size());
        body.put("nextCursor", page.nextKey().map(PeopleResource::encode).orElse(null));
        ApiJson.write(ctx, json, 200, body);
    }

    /**
     * A manager's page: only the people whose current manager is {@code managerId}, in index order,
     * read in pages of the whole index (a manager's reports are not indexed on their own). The next
     * cursor is given only when another report follows.
     */
    private PeoplePage reportsOf(String managerId, PeopleQuery query) {
        List<PersonState> found = new ArrayList<>();
        Optional<String> after = query.after();
        while (true) {
            PeoplePage scan = people.people(new PeopleQuery(query.stage(), query.department(), after, PeopleQuery.MAX_LIMIT));
            for (PersonState s : scan.people()) {
                if (managerId.equals(s.getManagerId())) {
                    if (found.size() == query.limit()) {
                        return new PeoplePage(found, Optional.of(PeopleIndex.key(found.get(found.size() - 1))));
                    }
                    found.add(s);
                }
            }
            if (scan.nextKey().isEmpty() || scan.people().isEmpty()) {
                return new PeoplePage(found, Optional.empty());
            }
            after = scan.nextKey();
        }
    }

    static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    /** The index key in a cursor, if it is one and fits the filters. */
    private static Optional<String> decode(String cursor, Optional<String> stage, Optional<String> department) {
        String key;
        try {
            key = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String[] parts = key.split("\u0000", -1);
        if (parts.length != 3 || parts[2].isEmpty()) {
            return Optional.empty();
        }
        if (stage.isPresent() && !stage.get().equals(parts[0])) {
            return Optional.empty();
        }
        if (department.isPresent() && !department.get().equals(parts[1])) {
            return Optional.empty();
        }
        return Optional.of(key);
    }
}
