package io.trajectory.app.bench;

import io.trajectory.processor.TopologyConfig;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything a benchmark run was asked to do, resolved from the options and the config.
 *
 * @param workload           what is written to career-events
 * @param partitions         partitions of the topics
 * @param store              the person-ledger store (and the peer's store)
 * @param threads            Kafka Streams stream threads
 * @param commitIntervalMs   Kafka Streams commit interval
 * @param guarantee          Kafka Streams processing guarantee
 * @param quick              the short smoke-test run
 * @param connections        HTTP connections of the load generator
 * @param warmupSeconds      load before each measured HTTP phase
 * @param loadSeconds        measured time of each HTTP phase
 * @param freshnessProbes    POST-then-GET probes of the freshness figure
 * @param backgroundWrites   events per second written in the background during the freshness probes
 * @param dataDir            where the embedded broker and Kafka Streams keep their data in this run
 * @param keep               keep the data (and, on an external cluster, the run's topics) afterwards
 * @param output             where the report is written, if anywhere
 * @param jfr                where a JFR recording of the fold phase is written, if anywhere
 * @param foldOnly           stop after the fold phase (limit, warm-up, fold) and print a short summary, no report
 */
record BenchSettings(WorkloadSpec workload, int partitions, TopologyConfig.StoreType store, int threads,
        int commitIntervalMs, String guarantee, boolean quick, int connections, double warmupSeconds,
        double loadSeconds, int freshnessProbes, int backgroundWrites, Path dataDir, boolean keep,
        Optional<Path> output, Optional<Path> jfr, boolean foldOnly) {

    String storeName() {
        return store == TopologyConfig.StoreType.IN_MEMORY ? "in-memory" : "rocksdb";
    }
}
