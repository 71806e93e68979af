package io.trajectory.app;

import io.trajectory.api.auth.Role;
import java.time.Duration;
import java.util.Map;

/** What the launcher prints once Trajectory is ready: where it runs, the demo's API keys and ready-to-paste curl commands. */
final class Banner {

    private Banner() {
    }

    static String text(TrajectoryRuntime runtime, boolean sampleData, Duration startup, Map<Role, DemoKeys.Key> keys) {
        String base = "http://localhost:" + runtime.httpPort();
        StringBuilder b = new StringBuilder();
        b.append('\n');
        b.append("Trajectory is ready in ").append(String.format("%.1f", startup.toMillis() / 1000.0)).append(" s\n");
        b.append("  Dashboard: ").append(base).append("/ (in a browser; paste the ANALYST or ADMIN key into its key field)\n");
        b.append("  API:       ").append(base).append("/api/v1\n");
        b.append("  Kafka:     ").append(runtime.bootstrapServers())
                .append(runtime.config().usesEmbeddedBroker() ? " (embedded broker, data in "
                        + runtime.config().dataDir().toAbsolutePath() + ")" : "").append('\n');
        b.append('\n');
        if (!keys.isEmpty()) {
            b.append("API keys of this demo (shown only now; only their SHA-256 is stored; a new start revokes them):\n");
            for (DemoKeys.Key k : keys.values()) {
                b.append(String.format("  export %s=%s   # %s%n", k.variable(), k.token(), k.what()));
            }
            b.append('\n');
        } else {
            b.append(runtime.auth().store().hasActive(Role.ADMIN) ? "API keys: set KEY to one of yours, or make a new admin key"
                    + " (shown once):\n" : "No admin API key exists yet. Make the first one (shown once) with:\n");
            b.append("  export KEY=$(./trajectory keys issue --role admin --label 'first admin'")
                    .append(" --bootstrap-servers ").append(runtime.bootstrapServers()).append(")\n");
            b.append('\n');
        }
        String admin = keys.isEmpty() ? "$KEY" : "$ADMIN";
        String h = "curl -s -H \"Authorization: Bearer ";
        b.append("Try:\n");
        if (sampleData) {
            b.append("  ").append(h).append(admin).append("\" ").append(base).append("/api/v1/people/cleo\n");
            b.append("  ").append(h).append("$CLEO\" ").append(base).append("/api/v1/people/cleo      # her own record\n");
            b.append("  ").append(h).append("$CLEO\" ").append(base).append("/api/v1/people/dev       # 403: not hers\n");
            b.append("  ").append(h).append("$EVE\" '").append(base).append("/api/v1/people'          # eve's reports\n");
            b.append("  ").append(h).append("$ANALYST\" ").append(base).append("/api/v1/analytics/stage-distribution\n");
        }
        b.append("  curl -s ").append(base).append("/ready\n");
        b.append("  ").append(h).append(keys.isEmpty() ? "$KEY" : "$INGEST").append("\" -X POST ").append(base)
                .append("/api/v1/events \\\n")
                .append("       -H 'Content-Type: application/cloudevents+json' \\\n")
                .append("       -d '{\"specversion\":\"1.0\",\"id\":\"evt-")
                .append(Long.toHexString(System.nanoTime() & 0xffffffL))
                .append("\",\"source\":\"hr/curl\",\"type\":\"trajectory.promotion\",\"subject\":\"cleo\",")
                .append("\"time\":\"2025-03-01T09:00:00Z\",\"data\":{\"toStage\":\"SENIOR\",\"title\":\"Senior TPM\"}}'\n");
        if (sampleData) {
            b.append("  ").append(h).append(admin).append("\" ").append(base).append("/api/v1/people/cleo     # now SENIOR\n");
            b.append("  ").append(h).append(admin).append("\" '").append(base).append("/api/v1/people/ben?knownAt=2025-07-01T12:00:00Z'"
                    + "   # what HR believed before the correction: SENIOR\n");
            b.append("  ").append(h).append(admin).append("\" '").append(base)
                    .append("/api/v1/people/ben?explain=true'   # the retracted promotion, named\n");
            b.append("  ").append(h).append(admin).append("\" ").append(base).append("/api/v1/people/eve/timeline\n");
            b.append("  ").append(h).append(admin).append("\" '").append(base).append("/api/v1/people?stage=JUNIOR&limit=10'\n");
            b.append("  ./trajectory keys list --bootstrap-servers ").append(runtime.bootstrapServers())
                    .append("      # every key, never a secret\n");
        }
        b.append('\n');
        b.append("Press Ctrl-C to stop; the data stays in the data directory for the next start.\n");
        return b.toString();
    }
}
