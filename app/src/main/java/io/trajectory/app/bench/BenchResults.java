package io.trajectory.app.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Every figure of one benchmark run, filled in phase by phase; {@link BenchReport} renders it. */
final class BenchResults {

    BenchSettings settings;
    Machine machine;
    Instant startedAt;
    String loadBefore;
    String loadAfter;
    double totalSeconds;
    String bootstrapServers;
    boolean embeddedBroker;
    String applicationId;
    /** {@code kafka.*} settings of the run (passed to every client). */
    Map<String, String> kafkaOverrides = Map.of();

    // the workload
    int events;
    int people;
    int late;
    int duplicates;
    long workloadBytes;
    Map<String, Integer> typeCounts;
    double generationSeconds;

    // the limit
    Rate produce;
    CpuMeter.Usage produceCpu;
    final List<Rate> consumes = new ArrayList<>();
    CpuMeter.Usage consumeCpu;

    int warmUpRecords;
    double warmUpSeconds;
    StreamsRun fold;
    StreamsRun peer;
    StreamsRun reprocess;
    RebuildResult rebuild;
    SizeResult size;
    /** {@code --only fold}: bytes the stream threads allocated during the fold (warm-up excluded), or -1. */
    long foldStreamThreadAllocatedBytes = -1;
    ApiResult api;
    FreshnessResult freshness;
    AnalyticsResult analytics;
    String jfrFile;

    /** The raw consume limit: the best of the consume runs. */
    double rawConsume() {
        return consumes.stream().mapToDouble(Rate::perSecond).max().orElse(Double.NaN);
    }

    /**
     * A Kafka Streams app run over the whole input.
     *
     * @param name             what ran
     * @param applicationId    its application id
     * @param rate             input records / time from start until every offset was committed
     * @param secondsToRunning time from start until the app first was RUNNING
     * @param cpu              this JVM's CPU meanwhile
     * @param written          what it wrote to Kafka (records and bytes per topic)
     * @param check            its stored states against the pure fold
     */
    record StreamsRun(String name, String applicationId, Rate rate, double secondsToRunning, CpuMeter.Usage cpu,
            ClusterProbe.TopicSnapshot written, StateCheck.Result check) {
    }

    /**
     * A fresh instance restoring its state from the changelogs.
     *
     * @param seconds          from start until RUNNING with every store partition active and queryable
     * @param restoredRecords  changelog records restored (restore listener)
     * @param changelogRecords records in the changelog topics (offsets)
     * @param changelogBytes   bytes of the changelog topics on disk
     * @param cpu              this JVM's CPU meanwhile
     * @param check            the restored states against the pure fold
     */
    record RebuildResult(double seconds, long restoredRecords, long changelogRecords, long changelogBytes,
            CpuMeter.Usage cpu, StateCheck.Result check) {
    }

    /**
     * State kept per person.
     *
     * @param stateDirBytes    the Kafka Streams state directory after the fold (instance closed)
     * @param changelogBytes   the app's changelog topics on disk after the fold (not compacted yet)
     * @param changelogRecords records in them
     * @param logicalBytes     the store's current values, encoded (what a compacted changelog would keep)
     * @param inputBytes       the workload's records (keys and values) as written
     * @param people           people
     */
    record SizeResult(long stateDirBytes, long changelogBytes, long changelogRecords, long logicalBytes, long inputBytes,
            int people) {

        double perPerson(long bytes) {
            return (double) bytes / people;
        }
    }

    /**
     * The query API under load.
     *
     * @param health      {@code GET /health}, closed loop
     * @param healthCpu   this (the server's) JVM's CPU meanwhile
     * @param person      {@code GET /api/v1/people/{id}}, closed loop
     * @param personCpu   the server's CPU meanwhile
     * @param halfRate    the open-loop rate: half the person throughput
     * @param atHalfRate  {@code GET /api/v1/people/{id}}, open loop at {@code halfRate}
     * @param atHalfRateCpu the server's CPU meanwhile
     * @param connections connections of the load generator
     */
    record ApiResult(LoadRun.Result health, CpuMeter.Usage healthCpu, LoadRun.Result person, CpuMeter.Usage personCpu,
            double halfRate, LoadRun.Result atHalfRate, CpuMeter.Usage atHalfRateCpu, int connections) {
    }

    /**
     * From POST accepted to visible in GET.
     *
     * @param nanos            accepted → visible, per probe
     * @param probes           probes sent
     * @param notVisible       probes not visible within the probe timeout
     * @param pollMillis       how often a probe polls the person
     * @param backgroundReads  the background GET load (open loop) meanwhile
     * @param readRate         its target rate
     * @param writesSent       background events written meanwhile
     * @param writeRate        their target rate
     */
    record FreshnessResult(Histogram nanos, int probes, int notVisible, int pollMillis, LoadRun.Result backgroundReads,
            double readRate, long writesSent, int writeRate) {
    }

    /**
     * Analytics endpoints, each in a closed loop (separate JVM, few connections: every answer scans
     * the buckets of every partition).
     *
     * @param velocity     {@code GET /api/v1/analytics/promotion-velocity} (one transition, by department)
     * @param distribution {@code GET /api/v1/analytics/stage-distribution} (now, every department)
     * @param connections  connections of the load generator
     */
    record AnalyticsResult(LoadRun.Result velocity, LoadRun.Result distribution, int connections) {
    }
}
