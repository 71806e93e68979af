package io.trajectory.app;

import io.trajectory.api.auth.ApiKeyRecord;
import io.trajectory.api.auth.ApiKeys;
import io.trajectory.api.auth.Role;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The keys {@code ./trajectory demo} issues and prints at each start, one per role, the employee and
 * manager keys bound to sample people: cleo (an employee) and eve (the manager of cleo, dev and
 * finn). The demo keys of an earlier start are revoked first, so they do not pile up.
 */
final class DemoKeys {

    static final String LABEL_PREFIX = "demo: ";

    /** A printed key: the shell variable it is shown as, and what it may do. */
    record Key(String variable, String token, String what) {
    }

    private DemoKeys() {
    }

    static Map<Role, Key> issue(ApiKeys keys) {
        for (ApiKeyRecord old : keys.list()) {
            if (old.active() && old.label().startsWith(LABEL_PREFIX)) {
                keys.revoke(old.keyId());
            }
        }
        Map<Role, Key> out = new LinkedHashMap<>();
        out.put(Role.ADMIN, key(keys, Role.ADMIN, null, "ADMIN", "everything, and key management"));
        out.put(Role.ANALYST, key(keys, Role.ANALYST, null, "ANALYST", "analytics only"));
        out.put(Role.INGEST, key(keys, Role.INGEST, null, "INGEST", "POST /api/v1/events only"));
        out.put(Role.EMPLOYEE, key(keys, Role.EMPLOYEE, "cleo", "CLEO", "employee cleo: her own record"));
        out.put(Role.MANAGER, key(keys, Role.MANAGER, "eve", "EVE", "manager eve: her record and her reports cleo, dev, finn"));
        return out;
    }

    private static Key key(ApiKeys keys, Role role, String personId, String variable, String what) {
        String token = keys.issue(role, Optional.ofNullable(personId),
                Optional.of(LABEL_PREFIX + role.id() + (personId == null ? "" : " " + personId))).token();
        return new Key(variable, token, what);
    }
}
