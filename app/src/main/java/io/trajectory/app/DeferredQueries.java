package io.trajectory.app;

import io.javalin.http.Handler;
import io.trajectory.api.AnalyticsQueries;
import io.trajectory.api.InternalRoutes;
import io.trajectory.api.NotReadyException;
import io.trajectory.api.PeoplePage;
import io.trajectory.api.PeopleQuery;
import io.trajectory.api.PersonQueries;
import io.trajectory.api.ReadContext;
import io.trajectory.api.Readiness;
import io.trajectory.api.ReadinessReport;
import io.trajectory.api.streams.Cluster;
import io.trajectory.api.streams.StreamsAnalyticsQueries;
import io.trajectory.api.streams.StreamsPersonQueries;
import io.trajectory.state.PersonLedger;
import io.trajectory.state.PersonState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The API starts before the stream processor (Kafka Streams must be told the API's port in
 * {@code application.server}), so its queries are bound once the processor exists. Until then the
 * API answers "not ready", the internal endpoints included.
 */
public final class DeferredQueries implements PersonQueries, AnalyticsQueries, Readiness, InternalRoutes {

    private volatile StreamsPersonQueries target;
    private volatile StreamsAnalyticsQueries analytics;

    public void bind(StreamsPersonQueries queries, StreamsAnalyticsQueries analytics) {
        this.analytics = analytics;
        this.target = queries;
    }

    @Override
    public Optional<PersonState> person(String personId) {
        return bound().person(personId);
    }

    @Override
    public Optional<PersonLedger> ledger(String personId) {
        return bound().ledger(personId);
    }

    @Override
    public PeoplePage people(PeopleQuery query) {
        return bound().people(query);
    }

    @Override
    public PersonQueries reading(ReadContext read) {
        StreamsPersonQueries t = target;
        return t == null ? this : t.reading(read);
    }

    @Override
    public void stageSpells(String stage, PartitionScan scan) {
        boundAnalytics().stageSpells(stage, scan);
    }

    @Override
    public void everyonesSpells(PartitionScan scan) {
        boundAnalytics().everyonesSpells(scan);
    }

    @Override
    public AnalyticsQueries scanning(ReadContext read) {
        StreamsAnalyticsQueries a = analytics;
        return a == null ? this : a.scanning(read);
    }

    private StreamsAnalyticsQueries boundAnalytics() {
        StreamsAnalyticsQueries a = analytics;
        if (a == null) {
            throw new NotReadyException("the stream processor is starting; try again shortly");
        }
        return a;
    }

    private StreamsPersonQueries bound() {
        StreamsPersonQueries t = target;
        if (t == null) {
            throw new NotReadyException("the stream processor is starting; try again shortly");
        }
        return t;
    }

    /** The internal endpoints of both queries, bound at call time. */
    @Override
    public Map<String, Handler> internalGets() {
        Map<String, Handler> routes = new LinkedHashMap<>();
        for (String path : Cluster.internalPaths()) {
            routes.put(path, ctx -> {
                Map<String, Handler> bound = new LinkedHashMap<>(bound().internalGets());
                bound.putAll(boundAnalytics().internalGets());
                bound.get(path).handle(ctx);
            });
        }
        return routes;
    }

    @Override
    public ReadinessReport check() {
        StreamsPersonQueries t = target;
        return t == null ? ReadinessReport.notReady("STARTING") : t.check();
    }
}
