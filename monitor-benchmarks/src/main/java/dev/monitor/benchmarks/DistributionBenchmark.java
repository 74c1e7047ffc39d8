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

/** Recording an arbitrary value (an order amount) on a kept distribution or histogram. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DistributionBenchmark {
    private Peers peers;
    private dev.monitor.api.metrics.Distribution monitor;
    private io.micrometer.core.instrument.DistributionSummary micrometer;
    private DoubleHistogram otel;
    private io.prometheus.metrics.core.metrics.Histogram prometheus;
    private com.codahale.metrics.Histogram dropwizard;

    @Setup(Level.Trial)
    public void setUp() {
        peers = new Peers();
        monitor = peers.monitor.metrics().distributionBuilder("OrderAmount").register();
        micrometer = peers.micrometer.summary("order.amount");
        otel = peers.otel.histogramBuilder("order.amount").build();
        prometheus = io.prometheus.metrics.core.metrics.Histogram.builder().name("order_amount").register(peers.prometheus);
        dropwizard = peers.dropwizard.histogram("order.amount");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        peers.close();
    }

    @Benchmark
    public void monitor(Samples samples) {
        monitor.record(samples.nextAmount());
    }

    @Benchmark
    public void micrometer(Samples samples) {
        micrometer.record(samples.nextAmount());
    }

    @Benchmark
    public void openTelemetry(Samples samples) {
        otel.record(samples.nextAmount());
    }

    @Benchmark
    public void prometheus(Samples samples) {
        prometheus.observe(samples.nextAmount());
    }

    @Benchmark
    public void dropwizard(Samples samples) {
        dropwizard.update((long) samples.nextAmount());
    }
}
