package io.trajectory.app.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Where this JVM's CPU went during a phase: the process's CPU time, split by thread kind (Kafka
 * Streams' stream threads, their clients' network threads, the embedded broker and everything
 * else), the native threads (GC, JIT, RocksDB: process time not spent in Java threads) and GC time.
 * Threads that ended during the phase are missing from the split (their time shows as native threads).
 * Also the whole machine's busy time (from /proc/stat, so what other processes took shows) and this
 * JVM's GC pauses (count and longest, from the collectors' notifications).
 */
final class CpuMeter {

    /** Thread kinds, in report order. */
    static final String STREAM_THREADS = "stream threads";
    static final String STREAMS_IO = "streams clients' network threads";
    static final String OTHER_THREADS = "broker and other Java threads";
    static final String JVM_INTERNAL = "native threads (GC, JIT, RocksDB)";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final long startNanos;
    private final long startProcessCpu;
    private final long startGcMillis;
    private final Map<Long, Long> startThreadCpu = new HashMap<>();
    private final long[] startMachine = machineTicks();
    private final AtomicLong pauses = new AtomicLong();
    private final AtomicLong longestPauseMillis = new AtomicLong();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener gcListener = this::onGc;

    private CpuMeter() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(gcListener, null, null);
                emitters.add(emitter);
            }
        }
        startNanos = System.nanoTime();
        startProcessCpu = processCpuNanos();
        startGcMillis = gcMillis();
        for (long id : threads.getAllThreadIds()) {
            startThreadCpu.put(id, Math.max(0, threads.getThreadCpuTime(id)));
        }
    }

    /**
     * Bytes allocated so far by the live Kafka Streams stream threads of this JVM (HotSpot's per-thread
     * allocation counter): deterministic enough to compare one version of the fold with the next on a
     * noisy machine, where CPU figures are not.
     */
    static long streamThreadAllocatedBytes() {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (!(bean instanceof com.sun.management.ThreadMXBean hotspot) || !hotspot.isThreadAllocatedMemorySupported()) {
            return -1;
        }
        long sum = 0;
        for (ThreadInfo info : bean.getThreadInfo(bean.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains("StreamThread") && !info.getThreadName().contains("producer")) {
                sum += Math.max(0, hotspot.getThreadAllocatedBytes(info.getThreadId()));
            }
        }
        return sum;
    }

    static CpuMeter start() {
        return new CpuMeter();
    }

    private void onGc(Notification notification, Object handback) {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            pauses.incrementAndGet();
            longestPauseMillis.accumulateAndGet(info.getGcInfo().getDuration(), Math::max);
        }
    }

    /** The CPU used since {@link #start()}. */
    Usage stop() {
        long wall = System.nanoTime() - startNanos;
        long process = processCpuNanos() - startProcessCpu;
        long gc = gcMillis() - startGcMillis;
        long[] machine = machineTicks();
        double machineBusy = Double.NaN;
        if (machine != null && startMachine != null && machine[1] > startMachine[1]) {
            machineBusy = (double) (machine[0] - startMachine[0]) / (machine[1] - startMachine[1]);
        }
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(gcListener);
            } catch (ListenerNotFoundException e) {
                // already gone
            }
        }
        Map<String, Long> byKind = new LinkedHashMap<>();
        byKind.put(STREAM_THREADS, 0L);
        byKind.put(STREAMS_IO, 0L);
        byKind.put(OTHER_THREADS, 0L);
        long javaThreads = 0;
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(ids[i]);
            if (cpu < 0) {
                continue;
            }
            long used = cpu - startThreadCpu.getOrDefault(ids[i], 0L);
            javaThreads += used;
            byKind.merge(kindOf(infos[i].getThreadName()), used, Long::sum);
        }
        byKind.put(JVM_INTERNAL, Math.max(0, process - javaThreads));
        return new Usage(wall, process, gc, pauses.get(), longestPauseMillis.get(),
                machineBusy * Runtime.getRuntime().availableProcessors(), byKind);
    }

    /** Busy and total jiffies of all CPUs, from the first line of /proc/stat; null where there is none. */
    static long[] machineTicks() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            return parseStat(first);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** {@code cpu user nice system idle iowait irq softirq steal ...} to {busy, total}. */
    static long[] parseStat(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
            total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
        return new long[] {total - idle, total};
    }

    static String kindOf(String threadName) {
        boolean streams = threadName.contains("StreamThread") || threadName.contains("StateUpdater");
        if (streams && (threadName.startsWith("kafka-producer-network-thread")
                || threadName.startsWith("kafka-consumer-network-thread")
                || threadName.startsWith("consumer_background_thread"))) {
            return STREAMS_IO;
        }
        return streams ? STREAM_THREADS : OTHER_THREADS;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    /**
     * CPU used in a phase.
     *
     * @param wallNanos    how long the phase took
     * @param processNanos the process's CPU time in it
     * @param gcMillis     time the collectors reported (pauses and concurrent work)
     * @param gcPauses     collections in the phase
     * @param longestGcMillis the longest of them
     * @param machineCores cores of the whole machine busy on average (all processes), NaN where unknown
     * @param byKind       CPU nanoseconds per thread kind
     */
    record Usage(long wallNanos, long processNanos, long gcMillis, long gcPauses, long longestGcMillis,
            double machineCores, Map<String, Long> byKind) {

        /** Cores busy on average. */
        double cores() {
            return wallNanos == 0 ? 0 : (double) processNanos / wallNanos;
        }

        double cores(String kind) {
            return wallNanos == 0 ? 0 : (double) byKind.getOrDefault(kind, 0L) / wallNanos;
        }

        /** Cores busy with other processes than this JVM (NaN where unknown). */
        double otherProcessCores() {
            return Double.isNaN(machineCores) ? Double.NaN : Math.max(0, machineCores - cores());
        }

        /** Microseconds of process CPU per unit of work. */
        double micros(long units) {
            return units == 0 ? 0 : processNanos / 1e3 / units;
        }

        String summary() {
            StringBuilder s = new StringBuilder(String.format(java.util.Locale.ROOT, "%.2f cores of %d", cores(),
                    Runtime.getRuntime().availableProcessors()));
            s.append(" (");
            boolean first = true;
            for (Map.Entry<String, Long> e : byKind.entrySet()) {
                s.append(first ? "" : ", ").append(e.getKey()).append(' ').append(String.format(java.util.Locale.ROOT, "%.2f", cores(e.getKey())));
                first = false;
            }
            s.append("; GC ").append(gcPauses).append(" collections, ").append(gcMillis).append(" ms, longest ")
                    .append(longestGcMillis).append(" ms)");
            if (!Double.isNaN(machineCores)) {
                s.append(String.format(java.util.Locale.ROOT, "; other processes %.2f cores", otherProcessCores()));
            }
            return s.toString();
        }
    }
}
