package io.trajectory.app.bench;

import io.trajectory.app.bench.BenchResults.StreamsRun;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a run's {@link BenchResults}: the summary table (every figure, its ratio against the limit
 * of the same run, the target and whether it is met), the machine, every setting, the
 * workload, the details of each phase and a line per figure on what bounds it. The same Markdown is
 * printed and written to {@code BENCHMARKS.md}.
 */
final class BenchReport {

    /** Section titles; the integration test checks that each is present. */
    static final List<String> SECTIONS = List.of("## Summary", "## Machine", "## Settings", "## Workload",
            "## The limit", "## Fold", "## Peer", "## Rebuild and reprocessing", "## Query API", "## Freshness",
            "## State size", "## Analytics", "## What bounds each figure", "## How to read and rerun");

    private final BenchResults r;
    private final StringBuilder md = new StringBuilder();

    private BenchReport(BenchResults results) {
        this.r = results;
    }

    static String markdown(BenchResults results) {
        return new BenchReport(results).render();
    }

    /**
     * The short summary of a {@code --only fold} run: the limit, the fold (rate, ratio, wrong states, CPU)
     * and what the fold wrote per input record, for comparing one change of the fold with the next.
     */
    static String foldSummary(BenchResults results) {
        BenchReport report = new BenchReport(results);
        BenchResults r = results;
        report.line("# Fold only (`--only fold`), " + Stats.count(r.events) + " events, " + Stats.count(r.people)
                + " people; load average before / after " + r.loadBefore + " / " + r.loadAfter);
        report.line("");
        report.line("- raw consume (best of 2): " + Stats.rate(r.rawConsume()));
        report.line("- fold: " + Stats.rate(r.fold.rate().perSecond()) + ", "
                + Stats.ratio(Stats.ratio(r.fold.rate().perSecond(), r.rawConsume())) + " raw consume, wrong states "
                + wrong(r.fold.check()));
        report.line("- CPU: " + r.fold.cpu().summary() + "; " + Stats.decimal(r.fold.cpu().micros(r.fold.rate().count()), 1)
                + " µs per record, of which the stream threads "
                + Stats.decimal(r.fold.cpu().cores(CpuMeter.STREAM_THREADS) * r.fold.cpu().wallNanos() / 1e3 / r.fold.rate().count(), 1)
                + " µs");
        report.line("- allocated by the stream threads: " + Stats.bytes((double) r.foldStreamThreadAllocatedBytes / r.events)
                + " per record");
        report.line("- state per person: " + Stats.bytes(r.size.perPerson(r.size.stateDirBytes())) + " on disk, "
                + Stats.bytes(r.size.perPerson(r.size.logicalBytes())) + " logical");
        report.line("");
        report.writtenTable(r.fold);
        return report.md.toString();
    }

    /** A target of the issue, and whether this run met it. */
    record Target(String figure, String target, String measured, boolean met) {
    }

    static List<Target> targets(BenchResults r) {
        List<Target> t = new ArrayList<>();
        double foldRatio = Stats.ratio(r.fold.rate().perSecond(), r.rawConsume());
        t.add(new Target("fold throughput, exactly_once_v2", "≥ 0.20 × raw consume", Stats.ratio(foldRatio),
                foldRatio >= 0.20 && "exactly_once_v2".equals(r.settings.guarantee())));
        t.add(new Target("wrong states after the fold", "0", Long.toString(r.fold.check().wrong()),
                r.fold.check().wrong() == 0));
        t.add(new Target("rebuild from the changelogs", "≤ 10 s (for 100,000 people)", Stats.seconds(r.rebuild.seconds()),
                r.rebuild.seconds() <= 10));
        double reprocessRatio = Stats.ratio(r.reprocess.rate().perSecond(), r.fold.rate().perSecond());
        t.add(new Target("reprocessing the whole log", "≥ the fold rate (≥ 1.00×)", Stats.ratio(reprocessRatio),
                reprocessRatio >= 1.0));
        double p99 = r.api.atHalfRate().millisAt(99);
        t.add(new Target("GET person p99 at half the saturation rate", "≤ 5 ms", Stats.millis(p99), p99 <= 5));
        double apiRatio = Stats.ratio(r.api.person().throughput(), r.api.health().throughput());
        t.add(new Target("GET person throughput", "≥ 0.70 × GET /health", Stats.ratio(apiRatio), apiRatio >= 0.7));
        double fresh = Stats.millisAt(r.freshness.nanos(), 99);
        t.add(new Target("freshness p99", "≤ 300 ms", Stats.millis(fresh), fresh <= 300 && r.freshness.notVisible() == 0));
        double perPerson = r.size.perPerson(stateBytesForTarget(r));
        t.add(new Target("state per person on disk", "≤ 2 KB", Stats.bytes(perPerson), perPerson <= 2048));
        return t;
    }

    /** RocksDB: the state directory. In memory: the store's values (the heap holds at least that). */
    private static long stateBytesForTarget(BenchResults r) {
        return r.settings.store() == io.trajectory.processor.TopologyConfig.StoreType.IN_MEMORY
                ? r.size.logicalBytes() : r.size.stateDirBytes();
    }

    private String render() {
        line("# Trajectory benchmark");
        line("");
        line("`./trajectory bench` " + (r.settings.quick() ? "--quick " : "") + "— measured "
                + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").format(r.startedAt.atOffset(ZoneOffset.UTC))
                + " on " + r.machine.cpus() + " cores (" + r.machine.cpuModel() + "), in "
                + Stats.seconds(r.totalSeconds) + ". The machine is shared and noisy: absolute numbers are shown, "
                + "but the ratios against the raw Kafka limit measured in the same run are what to compare.");
        if (r.settings.quick()) {
            line("");
            line("**A `--quick` run: a smoke test that the benchmark works, too small and short for its figures to mean much.**");
        }
        summary();
        machine();
        settings();
        workload();
        limit();
        fold();
        peer();
        rebuild();
        api();
        freshness();
        size();
        analytics();
        bounds();
        howTo();
        return md.toString();
    }

    private void summary() {
        section("## Summary");
        double consume = r.rawConsume();
        double fold = r.fold.rate().perSecond();
        line("| figure | value | ratio | target | met |");
        line("| --- | ---: | --- | --- | --- |");
        Map<String, Target> targets = new java.util.LinkedHashMap<>();
        targets(r).forEach(t -> targets.put(t.figure(), t));
        row("raw produce (tuned producer)", Stats.rate(r.produce.perSecond()),
                Stats.ratio(Stats.ratio(r.produce.perSecond(), consume)) + " raw consume", "", "");
        row("raw consume (plain consumer): **the limit**", Stats.rate(consume), "1.00×", "", "");
        row("fold, " + r.settings.guarantee() + " (Trajectory)", Stats.rate(fold),
                Stats.ratio(Stats.ratio(fold, consume)) + " raw consume", "≥ 0.20×",
                met(targets.get("fold throughput, exactly_once_v2")));
        row("wrong states after the fold", wrong(r.fold.check()), "", "0", met(targets.get("wrong states after the fold")));
        row("peer: DSL `aggregate`, same guarantee", Stats.rate(r.peer.rate().perSecond()),
                Stats.ratio(Stats.ratio(r.peer.rate().perSecond(), consume)) + " raw consume; "
                        + Stats.ratio(Stats.ratio(fold, r.peer.rate().perSecond())) + " is ours against it", "", "");
        row("peer's wrong states", wrong(r.peer.check()), "", "", "");
        row("reprocess the whole log (new application id)", Stats.seconds(r.reprocess.rate().seconds()) + ", "
                + Stats.rate(r.reprocess.rate().perSecond()),
                Stats.ratio(Stats.ratio(r.reprocess.rate().perSecond(), fold)) + " fold", "≥ 1.00× fold",
                met(targets.get("reprocessing the whole log")));
        double restoreRate = r.rebuild.restoredRecords() / r.rebuild.seconds();
        row("rebuild a fresh instance from the changelogs", Stats.seconds(r.rebuild.seconds()),
                Stats.rate(restoreRate) + " records restored, " + Stats.ratio(Stats.ratio(restoreRate, consume))
                        + " raw consume", "≤ 10 s", met(targets.get("rebuild from the changelogs")));
        row("GET /api/v1/people/{id}, closed loop", Stats.rate(r.api.person().throughput()),
                Stats.ratio(Stats.ratio(r.api.person().throughput(), r.api.health().throughput())) + " GET /health ("
                        + Stats.rate(r.api.health().throughput()) + ")", "≥ 0.70×", met(targets.get("GET person throughput")));
        row("GET person p50 / p99 / p99.9 at half that rate", Stats.millis(r.api.atHalfRate().millisAt(50)) + " / "
                + Stats.millis(r.api.atHalfRate().millisAt(99)) + " / " + Stats.millis(r.api.atHalfRate().millisAt(99.9)),
                "open loop, " + Stats.rate(r.api.halfRate()), "p99 ≤ 5 ms",
                met(targets.get("GET person p99 at half the saturation rate")));
        row("freshness p50 / p99 (POST accepted → visible in GET)",
                Stats.millis(Stats.millisAt(r.freshness.nanos(), 50)) + " / " + Stats.millis(Stats.millisAt(r.freshness.nanos(), 99)),
                Stats.ratio(Stats.ratio(Stats.millisAt(r.freshness.nanos(), 50), r.settings.commitIntervalMs()))
                        + " commit interval (p50)", "p99 ≤ 300 ms", met(targets.get("freshness p99")));
        double stateTarget = r.size.perPerson(stateBytesForTarget(r));
        row("state per person on disk", Stats.bytes(stateTarget),
                Stats.ratio(Stats.ratio(stateTarget, r.size.perPerson(r.size.inputBytes()))) + " the person's events",
                "≤ 2 KB", met(targets.get("state per person on disk")));
        if (r.analytics != null) {
            row("analytics: promotion velocity / stage distribution p50, p99",
                    Stats.millis(r.analytics.velocity().millisAt(50)) + ", " + Stats.millis(r.analytics.velocity().millisAt(99))
                            + " / " + Stats.millis(r.analytics.distribution().millisAt(50)) + ", "
                            + Stats.millis(r.analytics.distribution().millisAt(99)),
                    "closed loop, " + r.analytics.connections() + " connections", "", "");
        }
        line("");
        long metCount = targets.values().stream().filter(Target::met).count();
        line("Targets met: **" + metCount + " of " + targets.size() + "**.");
    }

    private static String wrong(StateCheck.Result c) {
        return String.format(Locale.ROOT, "%,d of %,d (%.1f %%)", c.wrong(), c.people(), 100.0 * c.wrong() / c.people());
    }

    private static String met(Target t) {
        return t == null ? "" : t.met() ? "met" : "**not met**";
    }

    private void machine() {
        section("## Machine");
        Machine m = r.machine;
        line("| | |");
        line("| --- | --- |");
        line("| date | " + DateTimeFormatter.ISO_INSTANT.format(r.startedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)) + " |");
        line("| processors (`nproc`) | " + m.cpus() + " |");
        line("| CPU | " + m.cpuModel() + " |");
        line("| memory | " + m.memory() + " |");
        line("| load average before / after (1, 5, 15 min) | " + r.loadBefore + " / " + r.loadAfter + " |");
        line("| Java | " + m.java() + " |");
        line("| Kafka | " + m.kafka() + " (" + (r.embeddedBroker ? "embedded single-node KRaft broker in the same JVM"
                : "external cluster " + r.bootstrapServers) + ") |");
        line("| OS | " + m.os() + " |");
        line("| code | commit " + m.commit() + " |");
        line("| JVM heap (max) | " + Stats.bytes(Runtime.getRuntime().maxMemory()) + " |");
    }

    private void settings() {
        section("## Settings");
        BenchSettings s = r.settings;
        line("| setting | value | why |");
        line("| --- | --- | --- |");
        line("| processing guarantee | `" + s.guarantee() + "` | the product's guarantee (`processing.guarantee`) |");
        line("| stores | " + s.storeName() + " | `streams.store.type` / `--store` |");
        line("| stream threads | " + s.threads() + " | `streams.threads` / `--threads` |");
        line("| commit interval | " + s.commitIntervalMs() + " ms | `streams.commit.interval.ms` / `--commit-interval-ms`; bounds freshness |");
        line("| partitions | " + s.partitions() + " | `topics.partitions` / `--partitions`, every topic |");
        line("| Kafka Streams producer compression | lz4 | set by `ProcessorApp.streamsProperties` |");
        line("| Kafka Streams producer batch.size / linger.ms | "
                + r.kafkaOverrides.getOrDefault("batch.size", "16384 (Kafka's default)") + " / "
                + r.kafkaOverrides.getOrDefault("linger.ms", "100 (Kafka Streams' default)") + " | `--set kafka.batch.size=...`, `--set kafka.linger.ms=...` |");
        if (!r.kafkaOverrides.isEmpty()) {
            line("| `kafka.*` settings (every client) | " + io.trajectory.config.TrajectoryConfig.displayed(r.kafkaOverrides) + " | `--set kafka.<setting>=...` |");
        }
        line("| record cache | Kafka Streams default (our stores have no cache; the peer's DSL store uses it) | |");
        line("| limit producer | idempotent, `acks=all`, " + RawKafka.COMPRESSION + ", linger " + RawKafka.LINGER_MS
                + " ms, batch " + RawKafka.BATCH_SIZE / 1024 + " KB | what a throughput-minded Kafka user sets |");
        line("| limit consumer | a plain `KafkaConsumer`, default settings, assigned all partitions; best of 2 runs | |");
        line("| application id | `" + r.applicationId + "` (peer `-peer`, reprocessing `-reprocess`) | |");
        line("| load generator | separate JVM, " + s.connections() + " kept-alive connections, "
                + Stats.decimal(s.warmupSeconds(), 0) + " s warm-up + " + Stats.decimal(s.loadSeconds(), 0)
                + " s measured per phase | |");
        line("| freshness | " + s.freshnessProbes() + " probes from 4 threads; background: GET person at half the saturation "
                + "rate and " + s.backgroundWrites() + " events/s written | |");
        if (r.jfrFile != null) {
            line("| JFR recording of the fold | `" + r.jfrFile + "` | `--jfr` |");
        }
    }

    private void workload() {
        section("## Workload");
        WorkloadSpec w = r.settings.workload();
        line(String.format(Locale.ROOT, "%,d records about %,d people (seed %d), keyed by personId, Avro single-object "
                + "encoded, %s in all (%.0f B per record); generated in %s. %,d records (%.2f %%) are late (their event "
                + "time is earlier than an event of the same person written before them) and %,d (%.2f %%) re-send an "
                + "event written before (same eventId, same bytes). Every event passes `EventValidator`. Distinct events "
                + "by type:", r.events, r.people, w.seed(), Stats.bytes(r.workloadBytes), (double) r.workloadBytes / r.events,
                Stats.seconds(r.generationSeconds), r.late, 100.0 * r.late / r.events, r.duplicates,
                100.0 * r.duplicates / r.events));
        line("");
        line("| type | events | share |");
        line("| --- | ---: | ---: |");
        long distinct = r.typeCounts.values().stream().mapToLong(Integer::longValue).sum();
        r.typeCounts.forEach((type, n) -> line(String.format(Locale.ROOT, "| %s | %,d | %.1f %% |", type, n,
                100.0 * n / distinct)));
    }

    private void limit() {
        section("## The limit");
        line("| what | records/s | MB/s | time | CPU of this JVM |");
        line("| --- | ---: | ---: | ---: | --- |");
        double mbPerRecord = r.workloadBytes / 1e6 / r.events;
        line("| produce (writes the workload once) | " + Stats.rate(r.produce.perSecond()) + " | "
                + Stats.decimal(r.produce.perSecond() * mbPerRecord, 1) + " | " + Stats.seconds(r.produce.seconds())
                + " | " + r.produceCpu.summary() + " |");
        for (int i = 0; i < r.consumes.size(); i++) {
            Rate c = r.consumes.get(i);
            line("| consume, run " + (i + 1) + " | " + Stats.rate(c.perSecond()) + " | "
                    + Stats.decimal(c.perSecond() * mbPerRecord, 1) + " | " + Stats.seconds(c.seconds()) + " | "
                    + (c.perSecond() == r.rawConsume() ? r.consumeCpu.summary() : "") + " |");
        }
    }

    private void fold() {
        section("## Fold");
        line("From the processor's start until its consumer group has committed the end offset of every partition "
                + "of `career-events` (Admin `listConsumerGroupOffsets` against `listOffsets`, polled every 50 ms): "
                + "under exactly-once, that is when every event is in the stores and its transaction committed. Then "
                + "every person's state in the `person-ledger` store (IQv2 range query of every partition) is compared, "
                + "byte for byte, with `PersonFold.foldAll` of that person's generated records.");
        line("");
        line(String.format(Locale.ROOT, "Before it, unmeasured, the same topology folded the first %,d records on "
                + "topics of their own (%s), so the JIT had compiled Kafka Streams, Avro and the fold, as it has for the "
                + "later phases.", r.warmUpRecords, Stats.seconds(r.warmUpSeconds)));
        line("");
        streamsTable(List.of(r.fold, r.reprocess, r.peer));
        line("");
        line("Written to Kafka per input record by the fold (end offsets include transaction markers; bytes on disk):");
        line("");
        writtenTable(r.fold);
        if (r.fold.check().example() != null) {
            line("");
            line("A person in the wrong state: `" + r.fold.check().example() + "`.");
        }
    }

    private void streamsTable(List<StreamsRun> runs) {
        line("| run | records/s | ratio to raw consume | time | of which until RUNNING | wrong states | CPU of this JVM | CPU per record |");
        line("| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |");
        for (StreamsRun run : runs) {
            line("| " + run.name() + " | " + Stats.rate(run.rate().perSecond()) + " | "
                    + Stats.ratio(Stats.ratio(run.rate().perSecond(), r.rawConsume())) + " | "
                    + Stats.seconds(run.rate().seconds()) + " | " + Stats.seconds(run.secondsToRunning()) + " | "
                    + Stats.count(run.check().wrong()) + " | " + run.cpu().summary() + " | "
                    + Stats.decimal(run.cpu().micros(run.rate().count()), 1) + " µs |");
        }
    }

    private void writtenTable(StreamsRun run) {
        line("| topic | records per input record | bytes per input record |");
        line("| --- | ---: | ---: |");
        long n = run.rate().count();
        run.written().records().forEach((topic, records) -> line("| `" + topic + "` | "
                + Stats.decimal((double) records / n, 2) + " | "
                + Stats.bytes((double) run.written().bytes().getOrDefault(topic, 0L) / n) + " |"));
        line("| all | " + Stats.decimal((double) run.written().totalRecords() / n, 2) + " | "
                + Stats.bytes((double) run.written().totalBytes() / n) + " |");
    }

    private void peer() {
        section("## Peer");
        line("What most Kafka Streams users write first: `groupByKey().aggregate()` of the same `PersonState`, applying "
                + "`PersonFold.apply` to each record in arrival order, DSL defaults (record cache on), "
                + "`toStream().to()`, the same guarantee, store type, threads and commit interval. It neither deduplicates "
                + "nor orders by event time nor honours retractions, so late and re-sent events leave people wrong.");
        line("");
        line(String.format(Locale.ROOT, "- rate %s (%s raw consume); ours is %s of it",
                Stats.rate(r.peer.rate().perSecond()), Stats.ratio(Stats.ratio(r.peer.rate().perSecond(), r.rawConsume())),
                Stats.ratio(Stats.ratio(r.fold.rate().perSecond(), r.peer.rate().perSecond()))));
        line("- wrong states: " + wrong(r.peer.check()) + " (ours: " + wrong(r.fold.check()) + ")");
        line("");
        writtenTable(r.peer);
    }

    private void rebuild() {
        section("## Rebuild and reprocessing");
        BenchResults.RebuildResult b = r.rebuild;
        line(String.format(Locale.ROOT, "- **Rebuild**: a fresh instance (new state directory, same application id) "
                + "from start until RUNNING with every store partition active and queryable: %s. It restored %,d "
                + "changelog records (the changelogs held %,d records, %s on disk: %.1f records per person). "
                + "Wrong states after the rebuild: %s. CPU: %s.", Stats.seconds(b.seconds()), b.restoredRecords(),
                b.changelogRecords(), Stats.bytes(b.changelogBytes()), (double) b.changelogRecords() / r.people,
                wrong(b.check()), b.cpu().summary()));
        line(String.format(Locale.ROOT, "- **Reprocessing** the whole log under a new application id (empty state, "
                + "from offset 0): %s, %s, %s the fold rate; wrong states %s.", Stats.seconds(r.reprocess.rate().seconds()),
                Stats.rate(r.reprocess.rate().perSecond()),
                Stats.ratio(Stats.ratio(r.reprocess.rate().perSecond(), r.fold.rate().perSecond())), wrong(r.reprocess.check())));
    }

    private void api() {
        section("## Query API");
        BenchResults.ApiResult a = r.api;
        line("Load from a separate JVM (`LoadGenerator`, " + a.connections() + " kept-alive HTTP/1.1 connections, random "
                + "people), against the API of the rebuilt instance. Closed loop: the next request as soon as the answer "
                + "arrives; open loop: requests due at a fixed rate, latency counted from when each was due "
                + "(coordinated omission corrected). Latencies from HdrHistogram.");
        line("");
        line("| endpoint | load | throughput | p50 | p99 | p99.9 | max | errors / non-2xx | server JVM CPU |");
        line("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        apiRow("`GET /health`", "closed loop", a.health(), a.healthCpu().summary());
        apiRow("`GET /api/v1/people/{id}`", "closed loop", a.person(), a.personCpu().summary());
        apiRow("`GET /api/v1/people/{id}`", "open loop at " + Stats.rate(a.halfRate()), a.atHalfRate(),
                a.atHalfRateCpu().summary());
        line("");
        line("Throughput ratio person / health: " + Stats.ratio(Stats.ratio(a.person().throughput(), a.health().throughput())) + ".");
    }

    private void apiRow(String endpoint, String load, LoadRun.Result res, String cpu) {
        line("| " + endpoint + " | " + load + " | " + Stats.rate(res.throughput()) + " | " + Stats.millis(res.millisAt(50))
                + " | " + Stats.millis(res.millisAt(99)) + " | " + Stats.millis(res.millisAt(99.9)) + " | "
                + Stats.millis(res.histogram().getMaxValue() / 1e6) + " | " + res.errors() + " / " + res.non2xx() + " | "
                + cpu + " |");
    }

    private void freshness() {
        section("## Freshness");
        BenchResults.FreshnessResult f = r.freshness;
        line(String.format(Locale.ROOT, "%d probes: `POST /api/v1/events` (one CloudEvent happening now), then "
                + "`GET /api/v1/people/{id}` every %d ms until `lastEventId` is the posted id; the time from the 202 to "
                + "that answer. Background meanwhile: GET person at %s (open loop, separate JVM: achieved %s, %d errors) "
                + "and %,d events written at %d/s.", f.probes(), f.pollMillis(), Stats.rate(f.readRate()),
                Stats.rate(f.backgroundReads().throughput()), f.backgroundReads().errors() + f.backgroundReads().non2xx(),
                f.writesSent(), f.writeRate()));
        line("");
        line("| p50 | p90 | p99 | max | not visible within 30 s | commit interval |");
        line("| ---: | ---: | ---: | ---: | ---: | ---: |");
        line("| " + Stats.millis(Stats.millisAt(f.nanos(), 50)) + " | " + Stats.millis(Stats.millisAt(f.nanos(), 90)) + " | "
                + Stats.millis(Stats.millisAt(f.nanos(), 99)) + " | " + Stats.millis(f.nanos().getMaxValue() / 1e6) + " | "
                + f.notVisible() + " | " + r.settings.commitIntervalMs() + " ms |");
        line("");
        line("The trade-off: an event is visible once the transaction that folded it commits, so freshness is about the "
                + "commit interval plus a fold; a longer interval means fewer transactions (more throughput) and staler "
                + "reads. Our stores have no record cache, so nothing else holds a change back.");
    }

    private void size() {
        section("## State size");
        BenchResults.SizeResult s = r.size;
        line("| what | in all | per person |");
        line("| --- | ---: | ---: |");
        line("| Kafka Streams state directory after the fold (" + r.settings.storeName() + ") | "
                + Stats.bytes(s.stateDirBytes()) + " | " + Stats.bytes(s.perPerson(s.stateDirBytes())) + " |");
        line("| the stores' current values, encoded (a compacted changelog's size) | " + Stats.bytes(s.logicalBytes())
                + " | " + Stats.bytes(s.perPerson(s.logicalBytes())) + " |");
        line("| changelog topics on disk (" + Stats.count(s.changelogRecords()) + " records, not compacted yet) | "
                + Stats.bytes(s.changelogBytes()) + " | " + Stats.bytes(s.perPerson(s.changelogBytes())) + " |");
        line("| the person's records in `career-events` (keys and values, uncompressed) | " + Stats.bytes(s.inputBytes())
                + " | " + Stats.bytes(s.perPerson(s.inputBytes())) + " |");
    }

    private void analytics() {
        section("## Analytics");
        BenchResults.AnalyticsResult a = r.analytics;
        if (a == null) {
            line("Not measured in this run.");
            return;
        }
        line("Each endpoint in a closed loop from the separate load-generator JVM, " + a.connections()
                + " connections, with an admin key. Every answer reads the `analytics-buckets` entries of every partition"
                + " (velocity: one stage's key range; distribution: all of them) and computes exact quantiles or KLL"
                + " sketches and Kaplan-Meier curves, so its cost grows with the people, not with the request.");
        line("");
        line("| query | answers/s | p50 | p99 | max | errors or non-2xx |");
        line("| --- | ---: | ---: | ---: | ---: | ---: |");
        analyticsRow("`" + BenchRun.VELOCITY_PATH + "`", a.velocity());
        analyticsRow("`" + BenchRun.DISTRIBUTION_PATH + "`", a.distribution());
    }

    private void analyticsRow(String query, LoadRun.Result result) {
        line("| " + query + " | " + Stats.rate(result.throughput()) + " | " + Stats.millis(result.millisAt(50)) + " | "
                + Stats.millis(result.millisAt(99)) + " | " + Stats.millis(result.histogram().getMaxValue() / 1e6) + " | "
                + (result.errors() + result.non2xx()) + " |");
    }

    private void bounds() {
        section("## What bounds each figure");
        for (String b : boundLines(r)) {
            line("- " + b);
        }
    }

    /** One sentence per figure on what limits it, from what this run measured. */
    static List<String> boundLines(BenchResults r) {
        List<String> out = new ArrayList<>();
        int cpus = r.machine.cpus();
        out.add("**Raw produce**: one producer thread filling " + RawKafka.BATCH_SIZE / 1024 + " KB lz4 batches, acknowledged "
                + "by the broker " + (r.embeddedBroker ? "in the same JVM" : "") + "; " + r.produceCpu.summary() + ".");
        out.add("**Raw consume**: one consumer thread fetching and decompressing lz4 batches; " + r.consumeCpu.summary()
                + String.format(Locale.ROOT, "; %.2f µs CPU per record.", r.consumeCpu.micros(r.events)));
        out.add("**Fold**: " + streamsBound(r, r.fold, cpus));
        out.add("**Peer**: " + streamsBound(r, r.peer, cpus));
        out.add("**Reprocessing**: the same work as the fold; " + streamsBound(r, r.reprocess, cpus));
        double restoreRate = r.rebuild.restoredRecords() / r.rebuild.seconds();
        out.add(String.format(Locale.ROOT, "**Rebuild**: restoring reads every changelog record (%,d records, %s; "
                + "%.1f per person): each event wrote a new version of the person's whole ledger, and the changelog's "
                + "active segment is never compacted; %s restored; %s.", r.rebuild.changelogRecords(),
                Stats.bytes(r.rebuild.changelogBytes()), (double) r.rebuild.changelogRecords() / r.people,
                Stats.rate(restoreRate).replace("/s", " records/s"), r.rebuild.cpu().summary()));
        out.add(String.format(Locale.ROOT, "**GET person vs /health**: the server JVM used %s during GET person and %s "
                + "during /health, sharing the %d cores with the load generator's JVM; a person read is an IQv2 key "
                + "lookup, a decode of the person's whole ledger and JSON of the state (p50 %s against %s for /health).",
                Stats.decimal(r.api.personCpu().cores(), 2) + " cores", Stats.decimal(r.api.healthCpu().cores(), 2) + " cores",
                cpus, Stats.millis(r.api.person().millisAt(50)), Stats.millis(r.api.health().millisAt(50))));
        CpuMeter.Usage half = r.api.atHalfRateCpu();
        out.add(String.format(Locale.ROOT, "**GET person at half rate**: the median is one lookup; the tail is requests "
                + "queued behind stalls, counted from when each was due: the server JVM had %d GC collections, the "
                + "longest %d ms, and the machine's %d cores were %s busy (this JVM %s, other processes, the load "
                + "generator included, %s).", half.gcPauses(), half.longestGcMillis(), cpus,
                Stats.decimal(half.machineCores(), 2), Stats.decimal(half.cores(), 2),
                Stats.decimal(half.otherProcessCores(), 2)));
        out.add(String.format(Locale.ROOT, "**Freshness**: the commit interval (%d ms): a change is visible when the "
                + "transaction that folded it commits; plus the poll interval (%d ms) and the HTTP round trips.",
                r.settings.commitIntervalMs(), r.freshness.pollMillis()));
        out.add(String.format(Locale.ROOT, "**State size**: the ledger keeps every accepted event's bytes plus its id and "
                + "times (%.1f events per person here, %s encoded per person against %s of input); RocksDB adds its "
                + "own files (logs, uncompacted levels).", (double) (r.events - r.duplicates) / r.people,
                Stats.bytes(r.size.perPerson(r.size.logicalBytes())), Stats.bytes(r.size.perPerson(r.size.inputBytes()))));
        return out;
    }

    private static String streamsBound(BenchResults r, StreamsRun run, int cpus) {
        CpuMeter.Usage u = run.cpu();
        String verdict;
        double stream = u.cores(CpuMeter.STREAM_THREADS);
        double machine = Double.isNaN(u.machineCores()) ? u.cores() : u.machineCores();
        if (machine >= 0.85 * cpus) {
            verdict = "CPU-bound: the machine's " + cpus + " cores were busy (this JVM " + Stats.decimal(u.cores(), 2)
                    + ", other processes " + Stats.decimal(u.otherProcessCores(), 2) + ")";
        } else if (stream >= 0.85 * r.settings.threads()) {
            verdict = "bound by the stream thread" + (r.settings.threads() > 1 ? "s" : "") + " (busy "
                    + Stats.decimal(stream, 2) + " of " + r.settings.threads() + ")";
        } else {
            verdict = "neither the cores nor the stream thread saturated (stream threads " + Stats.decimal(stream, 2)
                    + "): waiting on the broker (produce acks, transaction commits every " + r.settings.commitIntervalMs()
                    + " ms)";
        }
        long n = run.rate().count();
        StringBuilder writes = new StringBuilder();
        run.written().records().forEach((topic, records) -> {
            if (writes.length() > 0) {
                writes.append(", ");
            }
            writes.append('`').append(topic).append("` ").append(Stats.decimal((double) records / n, 2)).append(" (")
                    .append(Stats.bytes((double) run.written().bytes().getOrDefault(topic, 0L) / n)).append(')');
        });
        return String.format(Locale.ROOT, "%s. %s; %.1f µs CPU per event against %.2f µs per raw-consumed record. "
                + "Records written to Kafka per event (bytes): %s.", verdict, u.summary(), u.micros(n),
                r.consumeCpu.micros(r.events), writes);
    }

    private void howTo() {
        section("## How to read and rerun");
        line("- Every figure's ratio is against a limit measured in the same run on the same machine: the raw consume "
                + "rate for Kafka Streams rates, the fold rate for reprocessing, `GET /health` for the API. Compare ratios "
                + "between runs, not absolute numbers; rerun before trusting a difference under about 20 %.");
        line("- \"Wrong states\" counts people whose stored state differs from the pure fold of their events, or who are "
                + "missing: a fast configuration with wrong states is not a result.");
        line("- Rerun: `./trajectory bench` (this file), `./trajectory bench --quick --no-output` (a smoke test), "
                + "`./trajectory bench --threads 2 --commit-interval-ms 1000 --set kafka.producer.compression.type=snappy` (tuning knobs), "
                + "`./trajectory bench --jfr fold.jfr` (a JFR profile of the fold phase), `./trajectory bench --help`.");
    }

    private void section(String title) {
        line("");
        line(title);
        line("");
    }

    private void row(String... cells) {
        line("| " + String.join(" | ", cells) + " |");
    }

    private void line(String s) {
        md.append(s).append('\n');
    }
}
