package dev.monitor.benchmarks;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * A counter found by name and three dimensions on every call, as code does when it does not keep
 * handles: each library's idiom for it.
 */
public class CounterLookupBenchmark extends PeerBenchmark {
    private static final AttributeKey<String> REGION = AttributeKey.stringKey("region");
    private static final AttributeKey<String> SHOP = AttributeKey.stringKey("shop");
    private static final AttributeKey<String> TIER = AttributeKey.stringKey("tier");

    private LongCounter otel;
    private io.prometheus.metrics.core.metrics.Counter prometheus;

    @Override
    protected void register(Peers peers) {
        otel = peers.otel.counterBuilder("orders").build();
        prometheus = io.prometheus.metrics.core.metrics.Counter.builder().name("orders_total")
                .labelNames("region", "shop", "tier").register(peers.prometheus);
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
