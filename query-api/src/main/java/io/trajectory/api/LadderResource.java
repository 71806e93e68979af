package io.trajectory.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.trajectory.ladder.Ladder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code GET /api/v1/ladder}: the ladder in force: its id, version, stages in order and transitions. */
final class LadderResource {

    static final String PATH = "/api/v1/ladder";

    private final Map<String, Object> body;
    private final ObjectMapper json;

    LadderResource(Ladder ladder, ObjectMapper json) {
        this.body = describe(ladder);
        this.json = json;
    }

    void get(Context ctx) {
        ApiJson.write(ctx, json, 200, body);
    }

    static Map<String, Object> describe(Ladder ladder) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", ladder.id());
        out.put("version", ladder.version());
        out.put("name", ladder.name());
        List<Map<String, Object>> stages = new ArrayList<>();
        List<Map<String, Object>> transitions = new ArrayList<>();
        for (Ladder.Stage stage : ladder.stages()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("id", stage.id());
            s.put("name", stage.name());
            stages.add(s);
            Optional<Ladder.Stage> next = ladder.next(stage.id());
            if (next.isPresent()) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("transition", stage.id() + "-" + next.get().id());
                t.put("fromStage", stage.id());
                t.put("toStage", next.get().id());
                transitions.add(t);
            }
        }
        out.put("stages", Collections.unmodifiableList(stages));
        out.put("transitions", Collections.unmodifiableList(transitions));
        return Collections.unmodifiableMap(out);
    }
}
