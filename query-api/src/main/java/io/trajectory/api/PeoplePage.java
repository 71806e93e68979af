package io.trajectory.api;

import io.trajectory.state.PersonState;
import java.util.List;
import java.util.Optional;

/**
 * One page of people, in index order (stage id, department, personId).
 *
 * @param people  the people of this page
 * @param nextKey the index key to continue after, when there are more
 */
public record PeoplePage(List<PersonState> people, Optional<String> nextKey) {

    public PeoplePage {
        people = List.copyOf(people);
        nextKey = nextKey == null ? Optional.empty() : nextKey;
    }
}
