package dev.monitor.core.profiler.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * The CPU time of the profiler's own threads (its thread and JFR's Java threads, by name) and of the whole process.
 * JFR's native sampler thread is not a Java thread and is not counted: what the self-limit sees is a floor.
 */
final class CpuMeter {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private final String ownPrefix;

    CpuMeter(String ownPrefix) {
        this.ownPrefix = ownPrefix;
    }

    /** Whether both times can be measured in this JVM. */
    boolean supported() {
        return threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled()
                && os instanceof com.sun.management.OperatingSystemMXBean;
    }

    /** Nanoseconds of CPU the profiler's threads alive now have used. */
    long own() {
        long sum = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
            if (info != null && (info.getThreadName().startsWith("JFR ") || info.getThreadName().startsWith(ownPrefix))) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu > 0) {
                    sum += cpu;
                }
            }
        }
        return sum;
    }

    /** Nanoseconds of CPU the process has used. */
    long process() {
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /** How many live threads are in each state ({@code RUNNABLE}, {@code BLOCKED}, ...). */
    java.util.Map<String, Integer> threadStates() {
        java.util.Map<String, Integer> states = new java.util.TreeMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
            if (info != null) {
                states.merge(info.getThreadState().name(), 1, Integer::sum);
            }
        }
        return states;
    }
}
