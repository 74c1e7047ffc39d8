package dev.monitor.benchmarks;

import dev.monitor.core.Monitor;
import dev.monitor.core.profiler.Profiler;
import dev.monitor.core.profiler.ProfilerSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * The profiler's overhead measured so that a shared machine can still show a 1% difference. JMH's forks compare the
 * two sides across JVMs, and fork-to-fork JIT differences alone were ±3% for {@code cpuBound}. Here one JVM runs one
 * workload thread without pause while the profiler, at its defaults, is switched off and on in alternating windows,
 * in ABBA then BAAB order, so that drift in the machine's load and in the JIT falls on both sides alike. Each window
 * gives the workload's operations per second of wall time, its thread's CPU time per operation (which waiting for a
 * core does not inflate) and the whole process's CPU time per operation: what the profiler costs on a machine with no
 * idle core, its native JFR sampler and the garbage it makes included. Each block of four windows gives one on/off ratio
 * of each; the report gives their median and range. A second after each switch is left out (JFR's start-up), and so
 * is the profiler's work at the end of its 5-minute interval, which falls in no window.
 *
 * <pre>{@code
 * mvn -B -o -q -pl monitor-benchmarks -am package -DskipTests
 * java -cp monitor-benchmarks/target/benchmarks.jar dev.monitor.benchmarks.ProfilerOverheadHarness [cpuBound|allocationHeavy] [blocks] [window seconds]
 * }</pre>
 */
public final class ProfilerOverheadHarness {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long SETTLE_MILLIS = 1_000;
    private static final int BATCH = 100;

    private final AtomicLong operations = new AtomicLong();
    private volatile boolean running = true;
    private volatile long sink;

    private ProfilerOverheadHarness() {
    }

    /** One measured window: the workload's throughput and CPU, and the profiler's own threads' CPU. */
    private record Window(boolean profiled, double opsPerSecond, double workerCpuPerOp, double processCpuPerOp, double profilerShare) {
    }

    public static void main(String[] args) throws Exception {
        String workload = args.length > 0 ? args[0] : "cpuBound";
        int blocks = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        long windowMillis = 1_000 * (args.length > 2 ? Long.parseLong(args[2]) : 3);
        LongSupplier operation = switch (workload) {
            case "cpuBound" -> ProfilerWorkloads::cpuBound;
            case "allocationHeavy" -> ProfilerWorkloads::allocationHeavy;
            default -> throw new IllegalArgumentException("workload '" + workload + "' must be cpuBound or allocationHeavy");
        };
        new ProfilerOverheadHarness().run(workload, operation, blocks, windowMillis);
    }

    private void run(String workload, LongSupplier operation, int blocks, long windowMillis) throws Exception {
        Path dataDir = Files.createTempDirectory("profiler-harness");
        Thread worker = new Thread(() -> {
            while (running) {
                long sum = 0;
                for (int i = 0; i < BATCH; i++) {
                    sum += operation.getAsLong();
                }
                sink += sum;
                operations.addAndGet(BATCH);
            }
        }, "workload");
        List<Window> windows = new ArrayList<>();
        try (Monitor monitor = Monitor.builder().dataDir(dataDir).namespace("Bench").profiler(ProfilerSettings.builder().build()).build()) {
            Profiler profiler = monitor.profiler();
            worker.start();
            // warm-up: the JIT settles and JFR has started once before anything is measured
            measure(profiler, true, worker, 2 * windowMillis);
            measure(profiler, false, worker, 2 * windowMillis);
            for (int block = 0; block < blocks; block++) {
                boolean first = block % 2 == 1; // ABBA, then BAAB
                for (boolean profiled : new boolean[] {first, !first, !first, first}) {
                    windows.add(measure(profiler, profiled, worker, windowMillis));
                }
            }
            running = false;
            worker.join();
            profiler.stop();
        }
        report(workload, windows, windowMillis, machine());
    }

    private Window measure(Profiler profiler, boolean profiled, Thread worker, long millis) throws InterruptedException {
        if (profiled) {
            profiler.start();
        } else {
            profiler.stop();
        }
        Thread.sleep(SETTLE_MILLIS);
        long ops = operations.get();
        long workerCpu = THREADS.getThreadCpuTime(worker.getId());
        long processCpu = ProfilerWorkloads.processCpu();
        long profilerCpu = ProfilerWorkloads.profilerThreadsCpu();
        long start = System.nanoTime();
        Thread.sleep(millis);
        double seconds = (System.nanoTime() - start) / 1e9;
        long done = Math.max(1, operations.get() - ops);
        long process = ProfilerWorkloads.processCpu() - processCpu;
        return new Window(profiled, done / seconds, (double) (THREADS.getThreadCpuTime(worker.getId()) - workerCpu) / done,
                (double) process / done, (double) (ProfilerWorkloads.profilerThreadsCpu() - profilerCpu) / Math.max(1, process));
    }

    private static String machine() {
        return "JDK " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " cores";
    }

    private void report(String workload, List<Window> windows, long windowMillis, String machine) {
        int blocks = windows.size() / 4;
        double[] throughput = new double[blocks];
        double[] workerCpu = new double[blocks];
        double[] processCpu = new double[blocks];
        double[] share = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            List<Window> block = windows.subList(4 * b, 4 * b + 4);
            throughput[b] = mean(block, true, Window::opsPerSecond) / mean(block, false, Window::opsPerSecond);
            workerCpu[b] = mean(block, true, Window::workerCpuPerOp) / mean(block, false, Window::workerCpuPerOp);
            processCpu[b] = mean(block, true, Window::processCpuPerOp) / mean(block, false, Window::processCpuPerOp);
            share[b] = mean(block, true, Window::profilerShare);
        }
        System.out.printf(Locale.ROOT, "%s: %d ABBA blocks of %d s windows (%s); the sink is %d%n", workload, blocks, windowMillis / 1000,
                machine, sink);
        System.out.printf(Locale.ROOT, "  off: %.1f ops/s, %.0f ns worker CPU/op, %.0f ns process CPU/op (means of the windows)%n",
                mean(windows, false, Window::opsPerSecond), mean(windows, false, Window::workerCpuPerOp), mean(windows, false, Window::processCpuPerOp));
        System.out.printf(Locale.ROOT, "  on:  %.1f ops/s, %.0f ns worker CPU/op, %.0f ns process CPU/op%n",
                mean(windows, true, Window::opsPerSecond), mean(windows, true, Window::workerCpuPerOp), mean(windows, true, Window::processCpuPerOp));
        line("throughput on/off", throughput);
        line("worker CPU per op on/off", workerCpu);
        line("process CPU per op on/off", processCpu);
        line("profiler threads' share of process CPU", share);
    }

    private static double mean(List<Window> windows, boolean profiled, ToDoubleFunction<Window> value) {
        return windows.stream().filter(w -> w.profiled() == profiled).mapToDouble(value).average().orElse(Double.NaN);
    }

    private static void line(String name, double[] perBlock) {
        double[] sorted = perBlock.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        System.out.printf(Locale.ROOT, "  %-40s median %.4f, range %.4f to %.4f, blocks %s%n", name, median, sorted[0], sorted[sorted.length - 1],
                Arrays.stream(perBlock).mapToObj(v -> String.format(Locale.ROOT, "%.4f", v)).toList());
    }
}
