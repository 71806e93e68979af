package io.trajectory.app;

import java.time.Duration;

/** What the launcher prints once Trajectory is ready: where it runs and ready-to-paste curl commands. */
final class Banner {

    private Banner() {
    }

    static String text(TrajectoryRuntime runtime, boolean sampleData, Duration startup) {
        String base = "http://localhost:" + runtime.httpPort();
        StringBuilder b = new StringBuilder();
        b.append('\n');
        b.append("Trajectory is ready in ").append(String.format("%.1f", startup.toMillis() / 1000.0)).append(" s\n");
        b.append("  Dashboard: ").append(base).append("/ (in a browser)\n");
        b.append("  API:       ").append(base).append("/api/v1\n");
        b.append("  Kafka:     ").append(runtime.bootstrapServers())
                .append(runtime.config().usesEmbeddedBroker() ? " (embedded broker, data in "
                        + runtime.config().dataDir().toAbsolutePath() + ")" : "").append('\n');
        b.append('\n');
        b.append("Try:\n");
        if (sampleData) {
            b.append("  curl -s ").append(base).append("/api/v1/people/cleo\n");
            b.append("  curl -s ").append(base).append("/api/v1/people/dev\n");
        }
        b.append("  curl -s ").append(base).append("/ready\n");
        b.append("  curl -s -X POST ").append(base).append("/api/v1/events \\\n")
                .append("       -H 'Content-Type: application/cloudevents+json' \\\n")
                .append("       -d '{\"specversion\":\"1.0\",\"id\":\"evt-")
                .append(Long.toHexString(System.nanoTime() & 0xffffffL))
                .append("\",\"source\":\"hr/curl\",\"type\":\"trajectory.promotion\",\"subject\":\"cleo\",")
                .append("\"time\":\"2025-03-01T09:00:00Z\",\"data\":{\"toStage\":\"SENIOR\",\"title\":\"Senior TPM\"}}'\n");
        if (sampleData) {
            b.append("  curl -s ").append(base).append("/api/v1/people/cleo     # now SENIOR\n");
            b.append("  curl -s '").append(base).append("/api/v1/people/ben?knownAt=2025-07-01T12:00:00Z'"
                    + "   # what HR believed before the correction: SENIOR\n");
            b.append("  curl -s '").append(base).append("/api/v1/people/ben?explain=true'   # the retracted promotion, named\n");
            b.append("  curl -s ").append(base).append("/api/v1/people/eve/timeline\n");
            b.append("  curl -s '").append(base).append("/api/v1/people?stage=JUNIOR&limit=10'\n");
        }
        b.append('\n');
        b.append("Press Ctrl-C to stop; the data stays in the data directory for the next start.\n");
        return b.toString();
    }
}
