package dev.monitor.benchmarks;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
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

/**
 * A counter found by name and three dimensions on every call, as code does when it does not keep
 * handles: each library's idiom for it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CounterLookupBenchmark {
    private static final AttributeKey<String> REGION = AttributeKey.stringKey("region");
    private static final AttributeKey<String> SHOP = AttributeKey.stringKey("shop");
    private static final AttributeKey<String> TIER = AttributeKey.stringKey("tier");

    private Peers peers;
    private LongCounter otel;
    private io.prometheus.metrics.core.metrics.Counter prometheus;

    @Setup(Level.Trial)
    public void setUp() {
        peers = new Peers();
        otel = peers.otel.counterBuilder("orders").build();
        prometheus = io.prometheus.metrics.core.metrics.Counter.builder().name("orders_total")
                .labelNames("region", "shop", "tier").register(peers.prometheus);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        peers.close();
    }

    @Benchmark
    public void monitor() {
        peers.monitor.metrics().counter("Orders", "Region", "eu", "Shop", "a", "Tier", "gold").increment();
    }

    @Benchmark
    public void micrometer() {
        peers.micrometer.counter("orders", "region", "eu", "shop", "a", "tier", "gold").increment();
    }

    @Benchmark
    public void openTelemetry() {
        otel.add(1, Attributes.of(REGION, "eu", SHOP, "a", TIER, "gold"));
    }

    @Benchmark
    public void prometheus() {
        prometheus.labelValues("eu", "a", "gold").inc();
    }

    @Benchmark
    public void dropwizard() {
        peers.dropwizard.counter(com.codahale.metrics.MetricRegistry.name("orders", "eu", "a", "gold")).inc();
    }
}
