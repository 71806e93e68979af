package io.trajectory.api;

import io.trajectory.state.PersonLedger;
import io.trajectory.state.PersonState;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** In-memory {@link PersonQueries}: a map, or a programmed failure. */
final class FakePersonQueries implements PersonQueries {

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
    public Optional<PersonLedger> ledger(String personId) {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
        return Optional.ofNullable(ledgers.get(personId));
    }
}
