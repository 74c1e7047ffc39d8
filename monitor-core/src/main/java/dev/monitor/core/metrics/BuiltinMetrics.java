package dev.monitor.core.metrics;

import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Unit;
import java.io.IOException;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * Metrics every JVM has, registered in the monitor's namespace and sampled once per period on the
 * collector thread. Process and system metrics mirror EC2's ({@code CPUUtilization},
 * {@code DiskReadBytes}, {@code NetworkIn}, ...): on Linux, disk bytes come from
 * {@code /proc/self/io} and network bytes from {@code /proc/net/dev} (all interfaces but loopback).
 */
public final class BuiltinMetrics {

    /** The groups, each switchable in configuration under {@code metrics.builtin}. */
    public enum Group {
        /** JvmHeapUsed, JvmHeapCommitted, JvmHeapMax, JvmNonHeapUsed (Bytes). */
        MEMORY,
        /** GCCount and GCPauseTime per GarbageCollector. */
        GC,
        /** JvmThreads, JvmDaemonThreads, JvmPeakThreads. */
        THREADS,
        /** JvmClassesLoaded, JvmClassesUnloaded. */
        CLASSES,
        /** CPUUtilization (of this process), OpenFileDescriptors, MaxFileDescriptors, DiskReadBytes, DiskWriteBytes. */
        PROCESS,
        /** SystemCPUUtilization, SystemLoadAverage, NetworkIn, NetworkOut. */
        SYSTEM;

        /** The name used in configuration, such as {@code memory}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Path PROC_IO = Path.of("/proc/self/io");
    private static final Path PROC_NET = Path.of("/proc/net/dev");

    private BuiltinMetrics() {
    }

    /** Registers the metrics of {@code groups} in {@code metrics}, at {@code resolution}. */
    public static void register(Metrics metrics, Set<Group> groups, Resolution resolution) {
        EnumSet<Group> enabled = groups.isEmpty() ? EnumSet.noneOf(Group.class) : EnumSet.copyOf(groups);
        if (enabled.contains(Group.MEMORY)) {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            gauge(metrics, resolution, "JvmHeapUsed", Unit.BYTES, () -> memory.getHeapMemoryUsage().getUsed());
            gauge(metrics, resolution, "JvmHeapCommitted", Unit.BYTES, () -> memory.getHeapMemoryUsage().getCommitted());
            gauge(metrics, resolution, "JvmHeapMax", Unit.BYTES, () -> positiveOrNaN(memory.getHeapMemoryUsage().getMax()));
            gauge(metrics, resolution, "JvmNonHeapUsed", Unit.BYTES, () -> memory.getNonHeapMemoryUsage().getUsed());
        }
        if (enabled.contains(Group.GC)) {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                metrics.counterBuilder("GCCount").dimension("GarbageCollector", gc.getName())
                        .unit(Unit.COUNT).resolution(resolution).observe(gc::getCollectionCount);
                metrics.counterBuilder("GCPauseTime").dimension("GarbageCollector", gc.getName())
                        .unit(Unit.MILLISECONDS).resolution(resolution).observe(gc::getCollectionTime);
            }
        }
        if (enabled.contains(Group.THREADS)) {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            gauge(metrics, resolution, "JvmThreads", Unit.COUNT, threads::getThreadCount);
            gauge(metrics, resolution, "JvmDaemonThreads", Unit.COUNT, threads::getDaemonThreadCount);
            gauge(metrics, resolution, "JvmPeakThreads", Unit.COUNT, threads::getPeakThreadCount);
        }
        if (enabled.contains(Group.CLASSES)) {
            ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
            gauge(metrics, resolution, "JvmClassesLoaded", Unit.COUNT, classes::getLoadedClassCount);
            metrics.counterBuilder("JvmClassesUnloaded").resolution(resolution).observe(classes::getUnloadedClassCount);
        }
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (enabled.contains(Group.PROCESS)) {
            if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
                gauge(metrics, resolution, "CPUUtilization", Unit.PERCENT, () -> percentOrNaN(sun.getProcessCpuLoad()));
            }
            if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
                gauge(metrics, resolution, "OpenFileDescriptors", Unit.COUNT, unix::getOpenFileDescriptorCount);
                gauge(metrics, resolution, "MaxFileDescriptors", Unit.COUNT, unix::getMaxFileDescriptorCount);
            }
            if (readable(PROC_IO)) {
                cumulative(metrics, resolution, "DiskReadBytes", () -> procField(PROC_IO, "read_bytes"));
                cumulative(metrics, resolution, "DiskWriteBytes", () -> procField(PROC_IO, "write_bytes"));
            }
        }
        if (enabled.contains(Group.SYSTEM)) {
            if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
                gauge(metrics, resolution, "SystemCPUUtilization", Unit.PERCENT, () -> percentOrNaN(sun.getCpuLoad()));
            }
            gauge(metrics, resolution, "SystemLoadAverage", Unit.NONE, () -> positiveOrNaN(os.getSystemLoadAverage()));
            if (readable(PROC_NET)) {
                cumulative(metrics, resolution, "NetworkIn", () -> networkBytes(0));
                cumulative(metrics, resolution, "NetworkOut", () -> networkBytes(8));
            }
        }
    }

    private static void gauge(Metrics metrics, Resolution resolution, String name, Unit unit, DoubleSupplier value) {
        metrics.gaugeBuilder(name).unit(unit).resolution(resolution).observe(value);
    }

    private static void cumulative(Metrics metrics, Resolution resolution, String name, DoubleSupplier total) {
        metrics.counterBuilder(name).unit(Unit.BYTES).resolution(resolution).observe(total);
    }

    private static double positiveOrNaN(double value) {
        return value < 0 ? Double.NaN : value;
    }

    private static double percentOrNaN(double load) {
        return load < 0 ? Double.NaN : load * 100.0;
    }

    private static boolean readable(Path file) {
        try {
            Files.readAllLines(file);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A {@code key: value} line of a /proc file such as {@code /proc/self/io}. */
    static double procField(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key + ":")) {
                    return Double.parseDouble(line.substring(key.length() + 1).trim());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        throw new IllegalStateException(file + " has no field " + key);
    }

    /**
     * The sum over non-loopback interfaces of one column of {@code /proc/net/dev}: column 0 is
     * bytes received, column 8 bytes transmitted.
     */
    static double networkBytes(int column) {
        try {
            return networkBytes(Files.readAllLines(PROC_NET), column);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + PROC_NET, e);
        }
    }

    static double networkBytes(List<String> lines, int column) {
        double total = 0;
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String device = line.substring(0, colon).trim();
            if (device.equals("lo")) {
                continue;
            }
            String[] fields = line.substring(colon + 1).trim().split("\\s+");
            total += Double.parseDouble(fields[column]);
        }
        return total;
    }
}
