package dev.monitor.benchmarks;

import io.opentelemetry.api.metrics.DoubleHistogram;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** Recording a latency on a kept timer (a histogram of durations where the library has no timer). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TimerBenchmark {
    private Peers peers;
    private dev.monitor.api.metrics.Timer monitor;
    private io.micrometer.core.instrument.Timer micrometer;
    private DoubleHistogram otel;
    private io.prometheus.metrics.core.metrics.Histogram prometheus;
    private com.codahale.metrics.Timer dropwizard;

    @Setup(Level.Trial)
    public void setUp() {
        peers = new Peers();
        monitor = peers.monitor.metrics().timerBuilder("Latency").register();
        micrometer = peers.micrometer.timer("latency");
        otel = peers.otel.histogramBuilder("latency").setUnit("s").build();
        prometheus = io.prometheus.metrics.core.metrics.Histogram.builder().name("latency_seconds").register(peers.prometheus);
        dropwizard = peers.dropwizard.timer("latency");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        peers.close();
    }

    @Benchmark
    public void monitor(Samples samples) {
        monitor.recordNanos(samples.nextNanos());
    }

    @Benchmark
    public void micrometer(Samples samples) {
        micrometer.record(samples.nextNanos(), TimeUnit.NANOSECONDS);
    }

    @Benchmark
    public void openTelemetry(Samples samples) {
        otel.record(samples.nextNanos() / 1e9);
    }

    @Benchmark
    public void prometheus(Samples samples) {
        prometheus.observe(samples.nextNanos() / 1e9);
    }

    @Benchmark
    public void dropwizard(Samples samples) {
        dropwizard.update(samples.nextNanos(), TimeUnit.NANOSECONDS);
    }
}
