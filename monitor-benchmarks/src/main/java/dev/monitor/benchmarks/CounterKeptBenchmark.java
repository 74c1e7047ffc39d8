package dev.monitor.benchmarks;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;

/** A counter incremented through a handle kept from registration; {@code LongAdder} as the floor. */
public class CounterKeptBenchmark extends PeerBenchmark {
    private final LongAdder longAdder = new LongAdder();
    private dev.monitor.api.metrics.Counter monitor;
    private io.micrometer.core.instrument.Counter micrometer;
    private LongCounter otel;
    private Attributes otelAttributes;
    private io.prometheus.metrics.core.datapoints.CounterDataPoint prometheus;
    private com.codahale.metrics.Counter dropwizard;

    @Override
    protected void register(Peers peers) {
        monitor = peers.monitor.metrics().counterBuilder("Orders")
                .dimension("Region", "eu").dimension("Shop", "a").dimension("Tier", "gold").register();
        micrometer = peers.micrometer.counter("orders", "region", "eu", "shop", "a", "tier", "gold");
        otel = peers.otel.counterBuilder("orders").build();
        otelAttributes = Attributes.of(AttributeKey.stringKey("region"), "eu", AttributeKey.stringKey("shop"), "a",
                AttributeKey.stringKey("tier"), "gold");
        prometheus = io.prometheus.metrics.core.metrics.Counter.builder().name("orders_total")
                .labelNames("region", "shop", "tier").register(peers.prometheus).labelValues("eu", "a", "gold");
        dropwizard = peers.dropwizard.counter("orders.eu.a.gold");
    }

    @Benchmark
    public void longAdder() {
        longAdder.increment();
    }

    @Benchmark
    public void monitor() {
        monitor.increment();
    }

    @Benchmark
    public void micrometer() {
        micrometer.increment();
    }

    @Benchmark
    public void openTelemetry() {
        otel.add(1, otelAttributes);
    }

    @Benchmark
    public void prometheus() {
        prometheus.inc();
    }

    @Benchmark
    public void dropwizard() {
        dropwizard.inc();
    }
}
