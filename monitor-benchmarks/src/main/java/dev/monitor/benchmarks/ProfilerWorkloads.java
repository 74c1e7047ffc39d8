package dev.monitor.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /** CPU time of the profiler's Java threads: JFR's ({@code JFR ...}) and {@code monitor-profiler}. */
    static long profilerThreadsCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
            if (info != null && (info.getThreadName().startsWith("JFR ") || info.getThreadName().startsWith("monitor-profiler"))) {
                sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return sum;
    }

    static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
