package io.trajectory.app;

import io.trajectory.api.AnalyticsQueries;
import io.trajectory.api.NotReadyException;
import io.trajectory.api.PeoplePage;
import io.trajectory.api.PeopleQuery;
import io.trajectory.api.PersonQueries;
import io.trajectory.api.Readiness;
import io.trajectory.api.ReadinessReport;
import io.trajectory.api.streams.StreamsAnalyticsQueries;
import io.trajectory.api.streams.StreamsPersonQueries;
import io.trajectory.state.PersonLedger;
import io.trajectory.state.PersonState;
import java.util.Optional;

/**
 * The API starts before the stream processor (Kafka Streams must be told the API's port in
 * {@code application.server}), so its queries are bound once the processor exists. Until then the
 * API answers "not ready".
 */
public final class DeferredQueries implements PersonQueries, AnalyticsQueries, Readiness {

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
    public void stageSpells(String stage, PartitionScan scan) {
        boundAnalytics().stageSpells(stage, scan);
    }

    @Override
    public void everyonesSpells(PartitionScan scan) {
        boundAnalytics().everyonesSpells(scan);
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

    @Override
    public ReadinessReport check() {
        StreamsPersonQueries t = target;
        return t == null ? ReadinessReport.notReady("STARTING") : t.check();
    }
}
