package io.trajectory.processor.fold;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The one retraction rule, used by the fold over events and by the ledger over its entries: a
 * retraction removes the event it names from the fold; a retraction that names another
 * retraction has no effect (to restore a retracted event, send it again with a new eventId).
 */
final class Retractions {

    private Retractions() {
    }

    /**
     * @param targetByRetraction for every retraction present: its eventId → the eventId it retracts
     * @return the eventIds to leave out of the fold
     */
    static Set<String> effective(Map<String, String> targetByRetraction) {
        Set<String> retracted = new HashSet<>();
        targetByRetraction.forEach((retraction, target) -> {
            if (!targetByRetraction.containsKey(target)) {
                retracted.add(target);
            }
        });
        return retracted;
    }
}
