package dev.monitor.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The work the profiler's overhead is measured on, and the CPU time of the profiler's own threads. */
final class ProfilerWorkloads {
    private static final int[] NUMBERS = new int[2048];

    static {
        for (int i = 0; i < NUMBERS.length; i++) {
            NUMBERS[i] = (i * 7919) % 10007;
        }
    }

    private ProfilerWorkloads() {
    }

    /** Arithmetic over an array: a sort-free checksum with a data-dependent branch. */
    static long cpuBound() {
        long h = 1125899906842597L;
        for (int round = 0; round < 8; round++) {
            for (int n : NUMBERS) {
                h = 31 * h + ((n & 1) == 0 ? n : n * 3 + round);
            }
        }
        return h;
    }

    /** Short-lived objects: boxed keys in a map, strings and a list, as request handling makes them. */
    static int allocationHeavy() {
        Map<Integer, String> map = new HashMap<>();
        List<String> list = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String value = "item-" + i;
            map.put(i, value);
            list.add(value);
        }
        return map.size() + list.get(list.size() - 1).length();
    }

    /**
     * CPU time by group of threads: {@code workload}, {@code jfr} (JFR's threads), {@code profiler} ({@code monitor-profiler}),
     * {@code gc}, {@code jit} and {@code other}. On Linux every thread is read from {@code /proc/self/task}, JFR's native
     * sampler and the JVM's GC and compiler threads included; elsewhere only Java threads are seen.
     */
    static Map<String, Long> threadGroupsCpu() {
        Map<String, Long> groups = new TreeMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (Files.isDirectory(tasks)) {
            try (DirectoryStream<Path> all = Files.newDirectoryStream(tasks)) {
                for (Path task : all) {
                    try {
                        String schedstat = Files.readString(task.resolve("schedstat"));
                        groups.merge(group(Files.readString(task.resolve("comm")).strip()),
                                Long.parseLong(schedstat.substring(0, schedstat.indexOf(' '))), Long::sum);
                    } catch (NoSuchFileException ended) {
                        // ended since the listing
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return groups;
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
            if (info != null) {
                groups.merge(group(info.getThreadName()), Math.max(0, threads.getThreadCpuTime(info.getThreadId())), Long::sum);
            }
        }
        return groups;
    }

    /** CPU time of the profiler's threads: JFR's and {@code monitor-profiler}. */
    static long profilerThreadsCpu() {
        Map<String, Long> groups = threadGroupsCpu();
        return groups.getOrDefault("jfr", 0L) + groups.getOrDefault("profiler", 0L);
    }

    /** The group of a thread, by its name (as Linux keeps it, its first 15 bytes). */
    private static String group(String name) {
        if (name.equals("workload")) {
            return "workload";
        } else if (name.startsWith("JFR ")) {
            return "jfr";
        } else if (name.startsWith("monitor-profile")) {
            return "profiler";
        } else if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            return "gc";
        } else if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return "jit";
        }
        return "other";
    }

    static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
