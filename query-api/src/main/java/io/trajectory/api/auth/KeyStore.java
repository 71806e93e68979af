package io.trajectory.api.auth;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys this instance knows, in memory: the latest record per keyId, as read from the keys
 * topic (and applied at once by the instance that wrote it). Thread-safe.
 */
public final class KeyStore {

    private final Map<String, ApiKeyRecord> byId = new ConcurrentHashMap<>();

    /**
     * Applies a record from the keys topic. A revocation wins over anything older: once a keyId is
     * revoked, a stale active record arriving later (e.g. applied locally and then read back from
     * the topic) does not bring it back.
     */
    public void apply(ApiKeyRecord record) {
        byId.merge(record.keyId(), record, (old, neu) -> !old.active() && neu.active() ? old : neu);
    }

    /** A tombstone in the keys topic: the key is forgotten (it was deleted, not just revoked). */
    public void remove(String keyId) {
        byId.remove(keyId);
    }

    public Optional<ApiKeyRecord> find(String keyId) {
        return Optional.ofNullable(byId.get(keyId));
    }

    /** Every known key, oldest first. */
    public List<ApiKeyRecord> all() {
        return byId.values().stream()
                .sorted(Comparator.comparing(ApiKeyRecord::createdAt).thenComparing(ApiKeyRecord::keyId)).toList();
    }

    public boolean hasActive(Role role) {
        return byId.values().stream().anyMatch(r -> r.active() && r.role() == role);
    }
}
