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


    /** UP when a GET of {@code uri} is answered 2xx or 3xx within {@code timeout}; DOWN with the status or the failure otherwise. */
    static HealthCheck http(java.net.URI uri, java.time.Duration timeout) {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
        return () -> {
            java.net.http.HttpResponse<Void> response = client.send(java.net.http.HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return (status >= 200 && status < 400 ? HealthResult.up() : HealthResult.down("GET " + uri + " answered " + status))
                    .withDetail("status", status);
        };
    }

    /** UP when a TCP connection to {@code host:port} is accepted within {@code timeout}. */
    static HealthCheck tcp(String address, java.time.Duration timeout) {
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon);
        int port = Integer.parseInt(address.substring(colon + 1));
        return () -> {
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
                return HealthResult.up();
            } catch (java.io.IOException e) {
                return HealthResult.down("no connection to " + address + ": " + e.getMessage());
            }
        };
    }
}
