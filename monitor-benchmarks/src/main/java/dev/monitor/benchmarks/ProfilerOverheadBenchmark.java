package dev.monitor.benchmarks;

import dev.monitor.core.Monitor;
import dev.monitor.core.profiler.ProfilerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private long ownStart;
    private long processStart;
    private long wallStart;

    @Setup(Level.Trial)
    public void start() throws IOException {
        dataDir = Files.createTempDirectory("profiler-bench");
        monitor = Monitor.builder().dataDir(dataDir).namespace("Bench")
                .profiler(ProfilerSettings.builder().enabled(profiler.equals("on")).build()).build();
        ownStart = ProfilerWorkloads.profilerThreadsCpu();
        processStart = ProfilerWorkloads.processCpu();
        wallStart = System.nanoTime();
    }

    @TearDown(Level.Trial)
    public void stop() {
        long own = ProfilerWorkloads.profilerThreadsCpu() - ownStart;
        long process = ProfilerWorkloads.processCpu() - processStart;
        double seconds = (System.nanoTime() - wallStart) / 1e9;
        if (profiler.equals("on")) {
            System.out.printf("%n[profiler] its threads used %.3f%% of the process's CPU (%d ms of %d ms; %.1f ms of CPU a second "
                            + "over %.0f s); status %s%n", 100.0 * own / Math.max(1, process), own / 1_000_000, process / 1_000_000,
                    own / 1e6 / seconds, seconds, monitor.profiler().status());
        }
        monitor.close();
    }

    @Benchmark
    public long cpuBound() {
        return ProfilerWorkloads.cpuBound();
    }

    @Benchmark
    public int allocationHeavy() {
        return ProfilerWorkloads.allocationHeavy();
    }
}
