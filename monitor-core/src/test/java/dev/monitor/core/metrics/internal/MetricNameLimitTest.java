package dev.monitor.core.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.export.StderrCapture;
import dev.monitor.core.internal.InternalErrors;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Metric names are bounded per namespace, as dimension sets are per name. */
class MetricNameLimitTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final String EXCEEDED =
            "Monitor/CardinalityExceeded[Dimension[name=MetricName, value=MetricNameOverflow], Dimension[name=Namespace, value=Shop]]";

    private static Map<String, Datapoint> collect(MetricRegistry registry) {
        return registry.collect(Resolution.STANDARD, T0).stream()
                .collect(Collectors.toMap(d -> d.metric().namespace() + "/" + d.metric().name() + d.metric().dimensions(), d -> d));
    }

    @Test
    @Timeout(120)
    void aLoopOverAMillionNewNamesKeepsTheLimitAndCountsEveryFold() {
        MetricRegistry registry = new MetricRegistry("Shop", new ManualClock(T0), Resolution.STANDARD, 1000);
        try (StderrCapture stderr = new StderrCapture()) {
            for (int i = 0; i < 1_000_000; i++) {
                registry.counter("Request" + i).increment();
            }
            assertEquals(MetricRegistry.DEFAULT_NAME_LIMIT, registry.nameCount());
            Map<String, Datapoint> datapoints = collect(registry);
            assertEquals(1_000_000 - MetricRegistry.DEFAULT_NAME_LIMIT,
                    datapoints.get("Shop/MetricNameOverflow[Dimension[name=Kind, value=Counter], Dimension[name=Overflow, value=true]]").sum(),
                    "every increment of a folded name is kept, in the overflow metric");
            assertEquals(1.0, datapoints.get("Shop/Request0[]").sum());
            assertEquals(1.0, datapoints.get("Shop/Request9999[]").sum());
            assertNull(datapoints.get("Shop/Request10000[]"));
            assertEquals(1_000_000 - MetricRegistry.DEFAULT_NAME_LIMIT, datapoints.get(EXCEEDED).sum());
            assertEquals(MetricRegistry.DEFAULT_NAME_LIMIT + 1,
                    datapoints.keySet().stream().filter(k -> k.startsWith("Shop/")).count());
            String log = stderr.text();
            assertEquals(1, log.split("holds 10000 metric names, its limit", -1).length - 1, "warned once: " + log);
        }
    }

    @Test
    void eachKindFoldsIntoItsOwnOverflowMetricAndObservedOnesAreNotKept() {
        MetricRegistry registry = new MetricRegistry("Shop", new ManualClock(T0), Resolution.STANDARD, 1000, 2);
        try (StderrCapture stderr = new StderrCapture()) {
            registry.counter("A").increment();
            registry.gauge("B").set(5);
            registry.counter("C", "Region", "eu").increment(3);
            registry.counterBuilder("D").dimension("Region", "us").register().increment(4);
            registry.timer("E").record(Duration.ofMillis(20));
            registry.distribution("F").record(7);
            registry.gaugeBuilder("G").observe(() -> 1);
            registry.gauge("B").set(6);
            assertEquals(2, registry.nameCount());
            Map<String, Datapoint> datapoints = collect(registry);
            assertEquals(7.0, datapoints.get("Shop/MetricNameOverflow[Dimension[name=Kind, value=Counter], "
                    + "Dimension[name=Overflow, value=true]]").sum());
            assertEquals(20.0, datapoints.get("Shop/MetricNameOverflow[Dimension[name=Kind, value=Timer], "
                    + "Dimension[name=Overflow, value=true]]").sum(), 0.5);
            assertEquals(7.0, datapoints.get("Shop/MetricNameOverflow[Dimension[name=Kind, value=Distribution], "
                    + "Dimension[name=Overflow, value=true]]").sum(), 0.1);
            assertFalse(datapoints.keySet().stream().anyMatch(k -> k.contains("value=Gauge")),
                    "the observed gauge G past the limit is not kept: " + datapoints.keySet());
            assertEquals(6.0, datapoints.get("Shop/B[]").maximum(), "names within the limit still work");
            assertEquals(5.0, datapoints.get(EXCEEDED).sum());
            assertTrue(stderr.text().contains("namespace 'Shop' holds 2 metric names, its limit"), stderr.text());
        }
    }

    @Test
    void theNameLimitMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MetricRegistry("Shop", new ManualClock(T0), Resolution.STANDARD, 10, 0));
        assertEquals("metric name limit 0 must be at least 1", e.getMessage());
    }

    @Test
    void aSeriesThatThrowsAnErrorLosesOnlyItsOwnDatapoint() {
        MetricRegistry registry = new MetricRegistry("Shop", new ManualClock(T0), Resolution.STANDARD, 10);
        registry.counter("Orders").increment();
        registry.gaugeBuilder("Broken").observe(() -> {
            throw new OutOfMemoryError("Java heap space");
        });
        try (StderrCapture stderr = new StderrCapture()) {
            Map<String, Datapoint> first = collect(registry);
            Map<String, Datapoint> second = collect(registry);
            assertEquals(1.0, first.get("Shop/Orders[]").sum());
            assertNull(first.get("Shop/Broken[]"));
            List<String> lines = stderr.text().lines().filter(l -> l.contains("OutOfMemoryError")).toList();
            assertEquals(1, lines.size(), "logged once: " + lines);
            String internalErrors = "Monitor/InternalErrors[Dimension[name=Thread, value=" + Thread.currentThread().getName() + "]]";
            double counted = second.get(internalErrors).sum() + (first.containsKey(internalErrors) ? first.get(internalErrors).sum() : 0);
            assertTrue(counted >= 1 && counted <= 2, "counted " + counted);
        }
    }
}
