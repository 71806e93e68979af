package io.trajectory.producer.bulk;

/**
 * What an import did.
 *
 * @param read       records read (non-blank lines or CSV rows)
 * @param valid      records that passed validation
 * @param sent       records acknowledged by Kafka
 * @param rejected   records refused as invalid (never sent)
 * @param failed     records whose send failed (Kafka errors)
 * @param duplicates valid records whose id appeared earlier in the file (sent anyway)
 * @param dryRun     true when nothing was sent on purpose
 * @param stopReason why the import stopped before the end of the file, or {@code null}
 */
public record ImportSummary(long read, long valid, long sent, long rejected, long failed, long duplicates,
        boolean dryRun, String stopReason) {

    /** {@code read N, sent S, rejected R, failed F}. */
    public String line() {
        return "read " + read + ", sent " + sent + ", rejected " + rejected + ", failed " + failed;
    }

    public boolean stopped() {
        return stopReason != null;
    }
}
