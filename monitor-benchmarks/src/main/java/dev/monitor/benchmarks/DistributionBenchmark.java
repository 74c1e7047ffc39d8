package dev.monitor.benchmarks;

import io.opentelemetry.api.metrics.DoubleHistogram;
import org.openjdk.jmh.annotations.Benchmark;

/** Recording an arbitrary value (an order amount) on a kept distribution or histogram. */
public class DistributionBenchmark extends PeerBenchmark {
    private dev.monitor.api.metrics.Distribution monitor;
    private io.micrometer.core.instrument.DistributionSummary micrometer;
    private DoubleHistogram otel;
    private io.prometheus.metrics.core.metrics.Histogram prometheus;
    private com.codahale.metrics.Histogram dropwizard;

    @Override
    protected void register(Peers peers) {
        monitor = peers.monitor.metrics().distributionBuilder("OrderAmount").register();
        micrometer = peers.micrometer.summary("order.amount");
        otel = peers.otel.histogramBuilder("order.amount").build();
        prometheus = io.prometheus.metrics.core.metrics.Histogram.builder().name("order_amount").register(peers.prometheus);
        dropwizard = peers.dropwizard.histogram("order.amount");
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
