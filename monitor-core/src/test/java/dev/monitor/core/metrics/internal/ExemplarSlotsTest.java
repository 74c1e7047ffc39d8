package dev.monitor.core.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.monitor.api.context.Context;
import dev.monitor.api.context.Scope;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Unit;
import dev.monitor.core.metrics.Exemplar;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exemplars: the latest traced recording per bucket, aged by the registry's clock. */
class ExemplarSlotsTest {
    private final ManualClock clock = ManualClock.at("2026-01-01T00:00:00Z");

    private static Scope trace(String id) {
        return Context.root().withTrace(id, "53995c3f42cd8ad8").makeCurrent();
    }

    @Test
    void eachBucketKeepsItsLatestTracedRecordingOnceItsExemplarIsASecondOld() {
        ExemplarSlots slots = new ExemplarSlots(new double[] {10, 100}, clock);
        slots.offer(5); // untraced: nothing
        assertArrayEquals(new Exemplar[3], slots.snapshot());
        try (Scope scope = trace("1-00000001-000000000000000000000001")) {
            slots.offer(10); // le 10, inclusive
            slots.offer(500);
        }
        try (Scope scope = trace("1-00000002-000000000000000000000002")) {
            slots.offer(7); // the first bucket's exemplar is younger than a second: kept
            assertEquals(new Exemplar(10, "1-00000001-000000000000000000000001", clock.millis()), slots.snapshot()[0]);
            clock.advance(Duration.ofMillis(ExemplarSlots.REFRESH_MILLIS));
            slots.offer(8);
        }
        Exemplar[] kept = slots.snapshot();
        assertEquals(new Exemplar(8, "1-00000002-000000000000000000000002", clock.millis()), kept[0]);
        assertNull(kept[1]);
        assertEquals(500, kept[2].value());
    }

    @Test
    void aRegistryKeepsExemplarsOnlyWhenAskedAndNotForItsOwnNamespace() {
        MetricRegistry registry = new MetricRegistry("Shop", clock, Resolution.HIGH, 10);
        var before = registry.counter("Before");
        registry.keepExemplars((id, kind) -> new double[] {1});
        var after = registry.counter("After");
        var timer = registry.timerBuilder("Latency").unit(Unit.SECONDS).register();
        var own = registry.forNamespace(MetricRegistry.SELF_NAMESPACE).counter("Own");
        try (Scope scope = trace("1-00000001-000000000000000000000001")) {
            before.increment();
            after.increment();
            own.increment();
            timer.recordNanos(2_000_000_000L);
        }
        assertNull(registry.exemplars(new MetricId("Shop", "Before", List.of(), Unit.COUNT, Resolution.HIGH)));
        assertEquals(1, registry.exemplars(new MetricId("Shop", "After", List.of(), Unit.COUNT, Resolution.HIGH))[0].value());
        assertNull(registry.exemplars(new MetricId(MetricRegistry.SELF_NAMESPACE, "Own", List.of(), Unit.COUNT, Resolution.HIGH)));
        Exemplar[] latency = registry.exemplars(new MetricId("Shop", "Latency", List.of(), Unit.SECONDS, Resolution.HIGH));
        assertNull(latency[0]);
        assertEquals(2.0, latency[1].value(), 1e-12);
        assertNull(registry.exemplars(new MetricId("Shop", "Missing", List.of(), Unit.COUNT, Resolution.HIGH)));
    }
}
