package dev.monitor.core.prometheus.internal;

import dev.monitor.api.context.Context;
import dev.monitor.api.context.Scope;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Unit;
import dev.monitor.core.metrics.internal.MetricRegistry;
import dev.monitor.core.prometheus.PrometheusSettings;
import dev.monitor.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;

/** A registry with one metric of each kind, a few values recorded (some inside a trace), and its endpoint. */
final class Fixture {
    static final String TRACE = "1-5759e988-bd862e3fe1be46a994272793";
    final ManualClock clock = ManualClock.at("2026-01-01T00:00:00Z");
    final MetricRegistry registry = new MetricRegistry("Shop", clock, Resolution.HIGH, 100);
    final PrometheusEndpoint endpoint;

    Fixture(PrometheusSettings settings) {
        registry.keepExemplars(PrometheusEndpoint.exemplarBounds(settings));
        endpoint = new PrometheusEndpoint(settings, registry::kindOf, registry::exemplars, registry.forNamespace("Monitor"));
    }

    static Fixture recorded(PrometheusSettings settings) {
        Fixture fixture = new Fixture(settings);
        fixture.record();
        return fixture;
    }

    /** Two periods: counts 3 then 2 orders, latencies 20, 80 and 3000 ms, sizes, a gauge, a label value with a backslash and a quote (CloudWatch refuses control characters, so no line feed reaches one). */
    void record() {
        var orders = registry.counter("Orders", "Region", "eu-west-1");
        var latency = registry.timerBuilder("OrderLatency").dimension("Operation", "Checkout").unit(Unit.MILLISECONDS).register();
        var size = registry.distributionBuilder("PayloadSize").unit(Unit.KILOBYTES).register();
        var queue = registry.gauge("QueueDepth", "Queue", "a\\b\"c");
        orders.increment();
        orders.increment(2);
        latency.record(Duration.ofMillis(20));
        size.record(2);
        queue.set(7);
        collect();
        try (Scope scope = Context.root().withTrace(TRACE, "53995c3f42cd8ad8").makeCurrent()) {
            orders.increment(2);
            latency.record(Duration.ofMillis(80));
        }
        latency.record(Duration.ofMillis(3000));
        queue.set(4);
        collect();
    }

    void collect() {
        Instant start = clock.instant();
        clock.advance(Duration.ofSeconds(1));
        endpoint.record(registry.collect(Resolution.HIGH, start));
    }
}
