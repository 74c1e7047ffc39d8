package dev.monitor.benchmarks;

import dev.monitor.core.Monitor;
import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.profiler.Profiler;
import dev.monitor.core.profiler.ProfilerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * The profiler's overhead measured so that a shared machine can still show a 1% difference. JMH's forks compare the
 * two sides across JVMs, and fork-to-fork JIT differences alone were ±3% for {@code cpuBound}. Here one JVM runs one
 * workload thread without pause while the profiler is switched off and on in alternating windows, in ABBA then BAAB
 * order, so that drift in the machine's load and in the JIT falls on both sides alike. Each window gives the workload's
 * operations per second of wall time, and the CPU time per operation of each group of threads (the workload's, JFR's,
 * the profiler's, GC, JIT, the rest; on Linux from {@code /proc}, JFR's native sampler included): what the profiler
 * costs on a machine with no idle core, and where. Each block of four windows gives one on/off ratio; the report gives
 * their median, mean with its 95% interval, and range. Two seconds after each switch are left out: each JFR start makes
 * the JIT recompile for a few seconds, a cost a profiler that runs on pays once. The profiler's work at the end of its
 * 5-minute interval falls in no window.
 *
 * <p>After the workload, blocks and window length, each argument is one profiler configuration to compare with
 * the profiler off: {@code defaults}, or {@code key=value} pairs of the {@code profiler:} section joined by commas
 * ({@code samplingInterval=50ms,lockThreshold=20ms}).
 *
 * <pre>{@code
 * mvn -B -o -q -pl monitor-benchmarks -am package -DskipTests
 * java -cp monitor-benchmarks/target/benchmarks.jar dev.monitor.benchmarks.ProfilerOverheadHarness [cpuBound|allocationHeavy] [blocks] [window seconds] [configuration ...]
 * }</pre>
 */
public final class ProfilerOverheadHarness {
    private static final long SETTLE_MILLIS = 2_000;
    private static final int BATCH = 100;
    private static final String PROCESS = "process";

    private final AtomicLong operations = new AtomicLong();
    private volatile boolean running = true;
    private volatile long sink;

    private ProfilerOverheadHarness() {
    }

    /** One measured window: the workload's throughput, and the CPU per operation of each thread group and of the process. */
    private record Window(boolean profiled, double opsPerSecond, Map<String, Double> cpuPerOp) {
        double cpu(String group) {
            return cpuPerOp.getOrDefault(group, 0.0);
        }
    }

    /** A profiler configuration under test: its name as given, and a monitor built with it. */
    private record Config(String name, Monitor monitor) {
    }

    public static void main(String[] args) throws Exception {
        String workload = args.length > 0 ? args[0] : "cpuBound";
        int blocks = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        long windowMillis = 1_000 * (args.length > 2 ? Long.parseLong(args[2]) : 20);
        List<String> configs = args.length > 3 ? List.of(args).subList(3, args.length) : List.of("defaults");
        LongSupplier operation = switch (workload) {
            case "cpuBound" -> ProfilerWorkloads::cpuBound;
            case "allocationHeavy" -> ProfilerWorkloads::allocationHeavy;
            default -> throw new IllegalArgumentException("workload '" + workload + "' must be cpuBound or allocationHeavy");
        };
        new ProfilerOverheadHarness().run(workload, operation, blocks, windowMillis, configs);
    }

    private static Config config(String name) throws IOException {
        Map<String, Object> section = new LinkedHashMap<>();
        if (!name.equals("defaults")) {
            for (String pair : name.split(",")) {
                String[] kv = pair.split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("profiler setting '" + pair + "' must be key=value (a key of the profiler: section)");
                }
                section.put(kv[0], scalar(kv[1]));
            }
        }
        List<String> problems = new ArrayList<>();
        ProfilerSettings settings = ProfilerSettings.read(ConfigNode.of("profiler", section, problems));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("profiler configuration '" + name + "': " + problems);
        }
        return new Config(name, Monitor.builder().dataDir(Files.createTempDirectory("profiler-harness")).namespace("Bench").profiler(settings).build());
    }

    /** A value as the configuration file's parser gives it: a number or a boolean when it reads as one, else text. */
    private static Object scalar(String value) {
        if (value.equals("true") || value.equals("false")) {
            return Boolean.valueOf(value);
        }
        try {
            return value.contains(".") ? (Object) Double.valueOf(value) : (Object) Long.valueOf(value);
        } catch (NumberFormatException text) {
            return value;
        }
    }

    private void run(String workload, LongSupplier operation, int blocks, long windowMillis, List<String> names) throws Exception {
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
        List<Config> configs = new ArrayList<>();
        Map<String, List<Window>> windows = new LinkedHashMap<>();
        try {
            for (String name : names) {
                configs.add(config(name));
            }
            worker.start();
            // warm-up: the JIT settles and JFR has started once before anything is measured
            for (Config config : configs) {
                measure(config, true, windowMillis);
                measure(config, false, windowMillis);
            }
            for (int block = 0; block < blocks; block++) {
                boolean first = block % 2 == 1; // ABBA, then BAAB
                for (int c = 0; c < configs.size(); c++) {
                    Config config = configs.get((c + block) % configs.size()); // each configuration at each place in turn
                    for (boolean profiled : new boolean[] {first, !first, !first, first}) {
                        windows.computeIfAbsent(config.name(), k -> new ArrayList<>()).add(measure(config, profiled, windowMillis));
                    }
                }
            }
        } finally {
            running = false;
            worker.join();
            for (Config config : configs) {
                config.monitor().close();
            }
        }
        System.out.printf(Locale.ROOT, "%s: %d ABBA blocks of %d s windows per configuration (JDK %s, %d cores); the sink is %d%n", workload,
                blocks, windowMillis / 1000, Runtime.version(), Runtime.getRuntime().availableProcessors(), sink);
        windows.forEach(ProfilerOverheadHarness::report);
    }

    private Window measure(Config config, boolean profiled, long millis) throws InterruptedException {
        Profiler profiler = config.monitor().profiler();
        if (profiled) {
            profiler.start();
        } else {
            profiler.stop();
        }
        Thread.sleep(SETTLE_MILLIS);
        long ops = operations.get();
        Map<String, Long> cpu = cpu();
        long start = System.nanoTime();
        Thread.sleep(millis);
        double seconds = (System.nanoTime() - start) / 1e9;
        long done = Math.max(1, operations.get() - ops);
        Map<String, Double> perOp = new TreeMap<>();
        cpu().forEach((group, nanos) -> perOp.put(group, (double) (nanos - cpu.getOrDefault(group, 0L)) / done));
        return new Window(profiled, done / seconds, perOp);
    }

    private static Map<String, Long> cpu() {
        Map<String, Long> cpu = new TreeMap<>(ProfilerWorkloads.threadGroupsCpu());
        cpu.put(PROCESS, ProfilerWorkloads.processCpu());
        return cpu;
    }

    private static void report(String config, List<Window> windows) {
        System.out.printf(Locale.ROOT, "profiler %s%n", config);
        System.out.printf(Locale.ROOT, "  off: %.1f ops/s, %.0f ns workload CPU/op, %.0f ns process CPU/op (means of the windows)%n",
                mean(windows, false, Window::opsPerSecond), mean(windows, false, w -> w.cpu("workload")), mean(windows, false, w -> w.cpu(PROCESS)));
        System.out.printf(Locale.ROOT, "  on:  %.1f ops/s, %.0f ns workload CPU/op, %.0f ns process CPU/op%n",
                mean(windows, true, Window::opsPerSecond), mean(windows, true, w -> w.cpu("workload")), mean(windows, true, w -> w.cpu(PROCESS)));
        line("throughput on/off", ratios(windows, Window::opsPerSecond));
        line("workload CPU per op on/off", ratios(windows, w -> w.cpu("workload")));
        line("process CPU per op on/off", ratios(windows, w -> w.cpu(PROCESS)));
        double processOff = mean(windows, false, w -> w.cpu(PROCESS));
        System.out.printf(Locale.ROOT, "  CPU per op by thread group, and on minus off as a share of the process's CPU per op when off:%n");
        TreeSet<String> groups = new TreeSet<>();
        windows.forEach(w -> groups.addAll(w.cpuPerOp().keySet()));
        groups.remove(PROCESS);
        for (String group : groups) {
            double off = mean(windows, false, w -> w.cpu(group));
            double on = mean(windows, true, w -> w.cpu(group));
            System.out.printf(Locale.ROOT, "    %-9s off %8.1f ns, on %8.1f ns, %+7.3f%%%n", group, off, on, 100 * (on - off) / processOff);
        }
    }

    /** Each block's on/off ratio of the means of its two windows of each side. */
    private static double[] ratios(List<Window> windows, ToDoubleFunction<Window> value) {
        double[] ratios = new double[windows.size() / 4];
        for (int b = 0; b < ratios.length; b++) {
            List<Window> block = windows.subList(4 * b, 4 * b + 4);
            ratios[b] = mean(block, true, value) / mean(block, false, value);
        }
        return ratios;
    }

    private static double mean(List<Window> windows, boolean profiled, ToDoubleFunction<Window> value) {
        return windows.stream().filter(w -> w.profiled() == profiled).mapToDouble(value).average().orElse(Double.NaN);
    }

    private static void line(String name, double[] perBlock) {
        double[] sorted = perBlock.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        double mean = Arrays.stream(perBlock).average().orElse(Double.NaN);
        double variance = Arrays.stream(perBlock).map(v -> (v - mean) * (v - mean)).sum() / Math.max(1, perBlock.length - 1);
        double halfWidth = studentT95(perBlock.length - 1) * Math.sqrt(variance / perBlock.length);
        System.out.printf(Locale.ROOT, "  %-28s median %.4f, mean %.4f ± %.4f (95%%), range %.4f to %.4f, blocks %s%n", name, median, mean,
                halfWidth, sorted[0], sorted[sorted.length - 1], Arrays.stream(perBlock).mapToObj(v -> String.format(Locale.ROOT, "%.4f", v)).toList());
    }

    /** The two-sided 95% quantile of Student's t with {@code df} degrees of freedom (exact to 3 decimals up to 30). */
    private static double studentT95(int df) {
        double[] table = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
        return df < 1 ? Double.NaN : df <= table.length ? table[df - 1] : 1.96 + 2.4 / df;
    }
}
