package dev.monitor.benchmarks;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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

/** A counter incremented through a handle kept from registration; {@code LongAdder} as the floor. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CounterKeptBenchmark {
    private Peers peers;
    private final LongAdder longAdder = new LongAdder();
    private dev.monitor.api.metrics.Counter monitor;
    private io.micrometer.core.instrument.Counter micrometer;
    private LongCounter otel;
    private Attributes otelAttributes;
    private io.prometheus.metrics.core.datapoints.CounterDataPoint prometheus;
    private com.codahale.metrics.Counter dropwizard;

    @Setup(Level.Trial)
    public void setUp() {
        peers = new Peers();
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

    @TearDown(Level.Trial)
    public void tearDown() {
        peers.close();
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
