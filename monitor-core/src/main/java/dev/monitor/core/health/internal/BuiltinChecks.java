package dev.monitor.core.health.internal;

import dev.monitor.api.health.HealthCheck;
import dev.monitor.api.health.HealthResult;
import dev.monitor.api.health.Status;
import dev.monitor.core.health.HealthSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The checks a monitor registers by itself, each with its thresholds from {@link HealthSettings.Builtins}. */
final class BuiltinChecks {
    private BuiltinChecks() {
    }

    /** DOWN when the data directory's file store has less than {@code minFree} bytes free: the monitor's files stop being written. */
    static HealthCheck diskSpace(Path dataDir, long minFree) {
        return () -> {
            Path existing = dataDir.toAbsolutePath();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null) {
                return HealthResult.of(Status.UNKNOWN, "no part of " + dataDir + " exists");
            }
            FileStore store = Files.getFileStore(existing);
            long free = store.getUsableSpace();
            HealthResult result = free < minFree
                    ? HealthResult.down(free + " bytes free on " + store + " for " + dataDir + ", below the minimum of " + minFree)
                    : HealthResult.up();
            return result.withDetail("free", free).withDetail("total", store.getTotalSpace()).withDetail("threshold", minFree);
        };
    }

    /**
     * The heap used after the last garbage collection, as a share of the maximum: DOWN above
     * {@code max} (the JVM is close to OutOfMemoryError), DEGRADED above {@code degraded}. Read from
     * the heap pools' {@code collectionUsage}, which is what survived, not what garbage waits.
     */
    static HealthCheck heap(double degraded, double max) {
        return () -> {
            long used = 0;
            long limit = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                MemoryUsage after = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
                if (after != null) {
                    used += after.getUsed();
                    limit += pool.getUsage().getMax() > 0 ? pool.getUsage().getMax() : 0;
                }
            }
            if (limit == 0) {
                limit = Runtime.getRuntime().maxMemory();
            }
            double share = limit <= 0 ? 0 : (double) used / limit;
            String text = String.format(java.util.Locale.ROOT, "%.0f%% of the heap in use after the last collection", share * 100);
            HealthResult result = share > max ? HealthResult.down(text + ", above " + Math.round(max * 100) + "%")
                    : share > degraded ? HealthResult.degraded(text + ", above " + Math.round(degraded * 100) + "%") : HealthResult.up();
            return result.withDetail("usedAfterGc", used).withDetail("max", limit);
        };
    }

    /** DOWN while threads are deadlocked, naming them. */
    static HealthCheck deadlocks() {
        return () -> {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long[] ids = threads.findDeadlockedThreads();
            if (ids == null || ids.length == 0) {
                return HealthResult.up();
            }
            String names = Arrays.stream(threads.getThreadInfo(ids)).filter(java.util.Objects::nonNull).map(ThreadInfo::getThreadName)
                    .sorted().collect(Collectors.joining(", "));
            return HealthResult.down(ids.length + " threads are deadlocked: " + names).withDetail("threads", names);
        };
    }

    /**
     * The largest number of batches waiting for one exporter: DEGRADED above {@code max} (it falls
     * behind and will start dropping), DOWN when its queue is full.
     */
    static HealthCheck exporterBacklog(Supplier<Map<String, Integer>> backlog, int max, int capacity) {
        return () -> {
            String worst = null;
            int most = 0;
            for (Map.Entry<String, Integer> entry : backlog.get().entrySet()) {
                if (entry.getValue() > most) {
                    most = entry.getValue();
                    worst = entry.getKey();
                }
            }
            HealthResult result = most >= capacity ? HealthResult.down("exporter " + worst + " has " + most + " batches waiting: its queue is full "
                    + "and new batches are dropped")
                    : most > max ? HealthResult.degraded("exporter " + worst + " has " + most + " batches waiting, above " + max)
                    : HealthResult.up();
            return result.withDetail("largestBacklog", most).withDetail("threshold", max);
        };
    }

}
