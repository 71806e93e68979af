package io.trajectory.api;

import io.trajectory.state.PersonLedger;
import io.trajectory.state.PersonState;
import java.util.Optional;

/**
 * Read side of the API: the materialized person views. Implemented over Kafka Streams interactive
 * queries (IQv2) by the application; tests use an in-memory fake.
 */
public interface PersonQueries {

    /**
     * The person's current state, or empty when unknown.
     *
     * @throws NotReadyException while the stores are not queryable (rebalancing, restoring); the
     *     API answers 503 with {@code Retry-After}
     */
    Optional<PersonState> person(String personId);

    /**
     * The person's ledger (every accepted event and the current state), for history, timelines
     * and explanations; empty when unknown.
     *
     * @throws NotReadyException as {@link #person}
     */
    Optional<PersonLedger> ledger(String personId);

    /**
     * People by stage and department, one page at a time, in index order (stage, department, personId).
     *
     * @throws NotReadyException as {@link #person}
     */
    PeoplePage people(PeopleQuery query);

    /**
     * These queries as one request may be answered: forwarded to the instance holding a key, waiting for a
     * position ({@code ?after=}), answered by a standby (recorded in {@code read}). The default ignores all of
     * that (a single in-memory source).
     *
     * @throws ForwardRequired from the returned queries when another instance must answer
     */
    default PersonQueries reading(ReadContext read) {
        return this;
    }
}
