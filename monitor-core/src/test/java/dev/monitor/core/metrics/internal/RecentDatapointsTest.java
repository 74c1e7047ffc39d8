package dev.monitor.core.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Dimension;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Unit;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentDatapointsTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private static Datapoint point(String metric, Instant at) {
        return Datapoint.single(new MetricId("Shop", metric, List.of(), Unit.COUNT, Resolution.STANDARD), at, 1);
    }

    @Test
    void eachRingKeepsItsNewestPoints() {
        RecentDatapoints recent = new RecentDatapoints(new ManualClock(T0), 3, 10, 1_000);
        for (int minute = 0; minute < 5; minute++) {
            recent.add(List.of(point("Orders", T0.plusSeconds(60L * minute))));
        }
        assertEquals(List.of(T0.plusSeconds(120), T0.plusSeconds(180), T0.plusSeconds(240)),
                recent.all().stream().map(Datapoint::timestamp).sorted().toList());
    }

    @Test
    void metricsThatStopReportingLeaveAfterTheSpan() {
        ManualClock clock = new ManualClock(T0);
        RecentDatapoints recent = new RecentDatapoints(clock, 3, 10, 1_000);
        recent.add(List.of(point("Orders", T0)));
        clock.advance(Duration.ofMinutes(3).plusSeconds(1));
        recent.add(List.of(point("Other", T0)));
        assertEquals(List.of("Other"), recent.all().stream().map(d -> d.metric().name()).toList());
    }

    @Test
    void memoryIsBoundedWhateverTheCardinality() {
        RecentDatapoints recent = new RecentDatapoints(new ManualClock(T0), 180, 900, 1_000);
        for (int i = 0; i < 10_000; i++) {
            recent.add(List.of(Datapoint.single(new MetricId("Shop", "Orders", List.of(new Dimension("Customer", "c" + i)),
                    Unit.COUNT, Resolution.STANDARD), T0, 1)));
        }
        int held = recent.all().size();
        assertTrue(held > 0 && held <= 500, "each point weighs 2, so at most 500 of 10000 stay; held " + held);
    }
}
