package dev.monitor.benchmarks;

import dev.monitor.core.Monitor;
import dev.monitor.core.profiler.ProfilerSettings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The profiler's overhead: the same CPU-bound and allocation-heavy work with the profiler off and on at its defaults
 * (20 ms sampling, allocation samples, lock events, 5-minute intervals). The throughput ratio on/off is the cost to
 * the application; at the end of each trial with it on, a {@code [profiler]} line gives its threads' (JFR's Java
 * threads and {@code monitor-profiler}) share of the process's CPU over the trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ProfilerOverheadBenchmark {
    @Param({"off", "on"})
    public String profiler;

    private Path dataDir;
    private Monitor monitor;
    private final int[] numbers = new int[2048];
    private long ownStart;
    private long processStart;
    private long wallStart;

    @Setup(Level.Trial)
    public void start() throws IOException {
        dataDir = Files.createTempDirectory("profiler-bench");
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = (i * 7919) % 10007;
        }
        monitor = Monitor.builder().dataDir(dataDir).namespace("Bench")
                .profiler(ProfilerSettings.builder().enabled(profiler.equals("on")).build()).build();
        ownStart = ownCpu();
        processStart = processCpu();
        wallStart = System.nanoTime();
    }

    @TearDown(Level.Trial)
    public void stop() {
        long own = ownCpu() - ownStart;
        long process = processCpu() - processStart;
        double seconds = (System.nanoTime() - wallStart) / 1e9;
        if (profiler.equals("on")) {
            System.out.printf("%n[profiler] its threads used %.3f%% of the process's CPU (%d ms of %d ms; %.1f ms of CPU a second "
                            + "over %.0f s); status %s%n", 100.0 * own / Math.max(1, process), own / 1_000_000, process / 1_000_000,
                    own / 1e6 / seconds, seconds, monitor.profiler().status());
        }
        monitor.close();
    }

    /** Arithmetic over an array: a sort-free checksum with a data-dependent branch. */
    @Benchmark
    public long cpuBound() {
        long h = 1125899906842597L;
        for (int round = 0; round < 8; round++) {
            for (int n : numbers) {
                h = 31 * h + ((n & 1) == 0 ? n : n * 3 + round);
            }
        }
        return h;
    }

    /** Short-lived objects: boxed keys in a map, strings and a list, as request handling makes them. */
    @Benchmark
    public int allocationHeavy() {
        Map<Integer, String> map = new HashMap<>();
        List<String> list = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String value = "item-" + i;
            map.put(i, value);
            list.add(value);
        }
        return map.size() + list.get(list.size() - 1).length();
    }

    private static long ownCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
            if (info != null && (info.getThreadName().startsWith("JFR ") || info.getThreadName().startsWith("monitor-profiler"))) {
                sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return sum;
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
