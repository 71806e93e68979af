package io.trajectory.api;

import io.trajectory.processor.PeopleIndex;
import io.trajectory.state.PersonLedger;
import io.trajectory.state.PersonState;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-memory {@link PersonQueries}: a map, or a programmed failure. It also provides the internal routes
 * (the paths the cluster fan-out uses), each answering everyone it holds, as the real ones answer every
 * person of their partitions: what the access checks must keep from clients.
 */
final class FakePersonQueries implements PersonQueries, InternalRoutes {

    private final Map<String, PersonState> people = new ConcurrentHashMap<>();
    private final Map<String, PersonLedger> ledgers = new ConcurrentHashMap<>();
    private volatile RuntimeException failure;

    FakePersonQueries put(PersonState state) {
        people.put(state.getPersonId(), state);
        return this;
    }

    /** A person with their whole ledger (for history, timeline and explanations). */
    FakePersonQueries put(PersonLedger ledger) {
        ledgers.put(ledger.getPersonId(), ledger);
        people.put(ledger.getPersonId(), ledger.getState());
        return this;
    }

    /** Every query throws this from now on. */
    void failWith(RuntimeException e) {
        this.failure = e;
    }

    @Override
    public Optional<PersonState> person(String personId) {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
        return Optional.ofNullable(people.get(personId));
    }

    @Override
    public PeoplePage people(PeopleQuery query) {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
        java.util.List<java.util.Map.Entry<String, PersonState>> matching = people.values().stream()
                .filter(s -> query.stage().map(s.getStage()::equals).orElse(true))
                .filter(s -> query.department().map(d -> d.equals(s.getDepartment())).orElse(true))
                .map(s -> java.util.Map.entry(PeopleIndex.key(s), s))
                .filter(e -> query.after().map(a -> e.getKey().compareTo(a) > 0).orElse(true))
                .sorted(java.util.Map.Entry.comparingByKey())
                .toList();
        java.util.List<java.util.Map.Entry<String, PersonState>> page = matching.subList(0, Math.min(query.limit(), matching.size()));
        Optional<String> next = matching.size() > query.limit() ? Optional.of(page.get(page.size() - 1).getKey()) : Optional.empty();
        return new PeoplePage(page.stream().map(java.util.Map.Entry::getValue).toList(), next);
    }

    @Override
    public Optional<PersonLedger> ledger(String personId) {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
        return Optional.ofNullable(ledgers.get(personId));
    }

    @Override
    public Map<String, io.javalin.http.Handler> internalGets() {
        Map<String, io.javalin.http.Handler> routes = new java.util.LinkedHashMap<>();
        for (String path : io.trajectory.api.streams.Cluster.internalPaths()) {
            routes.put(path, ctx -> ctx.json(Map.of("entries", people.keySet().stream().sorted().toList())));
        }
        return routes;
    }
}
