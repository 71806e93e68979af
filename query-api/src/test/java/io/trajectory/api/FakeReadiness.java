package io.trajectory.api;

/** {@link Readiness} that answers whatever the test set. */
final class FakeReadiness implements Readiness {

    private volatile ReadinessReport report = ReadinessReport.ready("RUNNING");

    void set(ReadinessReport report) {
        this.report = report;
    }

    @Override
    public ReadinessReport check() {
        return report;
    }
}
