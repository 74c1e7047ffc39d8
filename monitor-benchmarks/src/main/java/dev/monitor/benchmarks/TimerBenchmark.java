package dev.monitor.benchmarks;

import io.opentelemetry.api.metrics.DoubleHistogram;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;

/** Recording a latency on a kept timer (a histogram of durations where the library has no timer). */
public class TimerBenchmark extends PeerBenchmark {
    private dev.monitor.api.metrics.Timer monitor;
    private io.micrometer.core.instrument.Timer micrometer;
    private DoubleHistogram otel;
    private io.prometheus.metrics.core.metrics.Histogram prometheus;
    private com.codahale.metrics.Timer dropwizard;

    @Override
    protected void register(Peers peers) {
        monitor = peers.monitor.metrics().timerBuilder("Latency").register();
        micrometer = peers.micrometer.timer("latency");
        otel = peers.otel.histogramBuilder("latency").setUnit("s").build();
        prometheus = io.prometheus.metrics.core.metrics.Histogram.builder().name("latency_seconds").register(peers.prometheus);
        dropwizard = peers.dropwizard.timer("latency");
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
