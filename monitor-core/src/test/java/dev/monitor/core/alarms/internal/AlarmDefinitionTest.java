package dev.monitor.core.alarms.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Metrics;
import dev.monitor.core.alarms.ComparisonOperator;
import dev.monitor.core.alarms.MetricAlarm;
import dev.monitor.testing.ManualClock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code definition(name)}: what a dashboard's alarm annotation draws (the alarm's metric and threshold). */
class AlarmDefinitionTest {
    @Test
    void theDefinitionIsTheOneLastPutAndNoneOnceDeleted() {
        ManualClock clock = ManualClock.at("2026-12-02T10:00:00Z");
        try (AlarmEngine engine = new AlarmEngine(clock, "0", "local", List::of, Metrics.noop())) {
            MetricAlarm first = MetricAlarm.builder("Busy").metric("Shop", "Orders").statistic("Sum").period(60)
                    .threshold(10).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).build();
            MetricAlarm replaced = MetricAlarm.builder("Busy").metric("Shop", "Orders").statistic("Sum").period(60)
                    .threshold(20).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).build();
            engine.putMetricAlarm(first);
            assertEquals(first, engine.definition("Busy").orElseThrow());
            engine.putMetricAlarm(replaced);
            assertEquals(20.0, ((MetricAlarm) engine.definition("Busy").orElseThrow()).threshold());
            engine.deleteAlarms("Busy");
            assertTrue(engine.definition("Busy").isEmpty());
            assertTrue(engine.definition("Nope").isEmpty());
        }
    }
}
