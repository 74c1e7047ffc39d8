package dev.monitor.core.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricKind;
import dev.monitor.testing.ManualClock;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A datapoint's metric tells its kind through the registry: what typed exporters (OTLP, Prometheus) need. */
class MetricKindTest {
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void eachMetricIsTheKindItWasRegisteredAsAndAnotherMonitorsIsUnknown() {
        MetricRegistry registry = new MetricRegistry("Shop", new ManualClock(T0), Resolution.STANDARD, 10);
        registry.counter("Orders", "Service", "checkout").increment();
        registry.gauge("QueueDepth").set(3);
        registry.timer("Latency").recordNanos(1_000_000);
        registry.distribution("Size").record(12);
        registry.forNamespace("Other").counter("Hits").increment();
        Map<String, MetricKind> kinds = registry.collect(Resolution.STANDARD, T0).stream()
                .filter(d -> !d.metric().namespace().equals(MetricRegistry.SELF_NAMESPACE))
                .collect(Collectors.toMap(d -> d.metric().namespace() + "/" + d.metric().name(), d -> registry.kindOf(d.metric())));
        assertEquals(Map.of("Shop/Orders", MetricKind.COUNTER, "Shop/QueueDepth", MetricKind.GAUGE, "Shop/Latency", MetricKind.TIMER,
                "Shop/Size", MetricKind.DISTRIBUTION, "Other/Hits", MetricKind.COUNTER), kinds);
        Datapoint elsewhere = Datapoint.single(new dev.monitor.core.metrics.MetricId("Shop", "Unseen", java.util.List.of(),
                dev.monitor.api.metrics.Unit.NONE, Resolution.STANDARD), T0, 1);
        assertEquals(MetricKind.UNKNOWN, registry.kindOf(elsewhere.metric()));
    }
}
