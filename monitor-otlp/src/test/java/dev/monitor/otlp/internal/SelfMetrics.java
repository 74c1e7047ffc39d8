package dev.monitor.otlp.internal;

import dev.monitor.api.metrics.Dimension;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.internal.MetricRegistry;
import dev.monitor.testing.ManualClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The monitor's own metrics of a test: a real registry, read back as sums since the test began. */
final class SelfMetrics {
    private final MetricRegistry registry;
    private final List<Datapoint> collected = new ArrayList<>();

    SelfMetrics(ManualClock clock) {
        this.registry = new MetricRegistry("Test", clock, Resolution.STANDARD, 1000);
    }

    /** Where exporters report: namespace Monitor. */
    Metrics self() {
        return registry.forNamespace("Monitor");
    }

    /** The sum of {@code name} in namespace Monitor with exactly these dimensions ({@code name1, value1, ...}). */
    synchronized double sum(String name, String... dimensionPairs) {
        collected.addAll(registry.collect(Resolution.STANDARD, Instant.EPOCH));
        collected.addAll(registry.collect(Resolution.HIGH, Instant.EPOCH));
        List<Dimension> wanted = new ArrayList<>();
        for (int i = 0; i < dimensionPairs.length; i += 2) {
            wanted.add(new Dimension(dimensionPairs[i], dimensionPairs[i + 1]));
        }
        double sum = 0;
        for (Datapoint d : collected) {
            if (d.metric().namespace().equals("Monitor") && d.metric().name().equals(name) && d.metric().hasDimensions(wanted)) {
                sum += d.sum();
            }
        }
        return sum;
    }

    /** Every dimension set of {@code name} seen so far, for failure messages. */
    synchronized String seen(String name) {
        return Arrays.toString(collected.stream().filter(d -> d.metric().name().equals(name))
                .map(d -> d.metric().dimensions() + "=" + d.sum()).toArray());
    }
}
