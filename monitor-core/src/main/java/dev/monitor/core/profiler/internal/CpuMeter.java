package dev.monitor.core.profiler.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CPU time of the profiler's own threads (its thread and JFR's, by name) and of the whole process. On Linux the
 * threads are read from {@code /proc/self/task}, which also shows JFR's native threads (its sampler and recorder) that
 * {@link ThreadMXBean} cannot see; elsewhere only Java threads are counted, and what the self-limit sees is a floor.
 * Neither way sees the work JFR does inside the sampled threads or the garbage collections the profiler's garbage
 * causes: those are measured by {@code ProfilerOverheadHarness} in monitor-benchmarks.
 */
final class CpuMeter {
    /** Linux keeps the first 15 bytes of a thread's name in {@code comm}. */
    private static final int COMM_LENGTH = 15;
    private static final Path TASKS = Path.of("/proc/self/task");

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private final String ownPrefix;
    private final String ownComm;
    private volatile boolean procReadable = Files.isDirectory(TASKS);

    CpuMeter(String ownPrefix) {
        this.ownPrefix = ownPrefix;
        this.ownComm = ownPrefix.length() > COMM_LENGTH ? ownPrefix.substring(0, COMM_LENGTH) : ownPrefix;
    }

    /** Whether both times can be measured in this JVM. */
    boolean supported() {
        return os instanceof com.sun.management.OperatingSystemMXBean
                && (procReadable || threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled());
    }

    /** Nanoseconds of CPU the profiler's threads alive now have used. */
    long own() {
        return ownThreads().values().stream().mapToLong(Long::longValue).sum();
    }

    /** The profiler's threads alive now, by name (several of one name are summed), with the nanoseconds of CPU each used. */
    Map<String, Long> ownThreads() {
        if (procReadable) {
            try {
                return fromProc();
            } catch (IOException | RuntimeException e) {
                procReadable = false; // not the Linux layout after all: Java threads only from now on
            }
        }
        Map<String, Long> own = new TreeMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
            if (info != null && ours(info.getThreadName(), ownPrefix)) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu > 0) {
                    own.merge(info.getThreadName(), cpu, Long::sum);
                }
            }
        }
        return own;
    }

    /** Each thread's name from {@code comm} and its time on a CPU, in nanoseconds, from the first field of {@code schedstat}. */
    private Map<String, Long> fromProc() throws IOException {
        Map<String, Long> own = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).strip();
                    if (ours(name, ownComm)) {
                        String schedstat = Files.readString(task.resolve("schedstat"), StandardCharsets.US_ASCII);
                        own.merge(name, Long.parseLong(schedstat.substring(0, schedstat.indexOf(' '))), Long::sum);
                    }
                } catch (java.nio.file.NoSuchFileException missing) {
                    if (Files.exists(task)) {
                        throw missing; // no schedstat in this kernel: Java threads only
                    } // else the thread ended between the listing and the read
                }
            }
        }
        return own;
    }

    private static boolean ours(String name, String ownPrefix) {
        return name.startsWith("JFR ") || name.startsWith(ownPrefix);
    }

    /** Nanoseconds of CPU the process has used. */
    long process() {
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /** How many live threads are in each state ({@code RUNNABLE}, {@code BLOCKED}, ...). */
    Map<String, Integer> threadStates() {
        Map<String, Integer> states = new TreeMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
            if (info != null) {
                states.merge(info.getThreadState().name(), 1, Integer::sum);
            }
        }
        return states;
    }
}
