package dev.monitor.core.alarms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.testing.ManualClock;
import dev.monitor.core.Monitor;
import dev.monitor.core.export.StderrCapture;
import dev.monitor.core.alarms.internal.AlarmEngine;
import dev.monitor.core.metrics.BuiltinMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adding an alarm costs the same however many there are: no scan of every alarm per put. The
 * timeouts are generous guards, not measurements (the README gives the measured figures).
 */
class AlarmScaleTest {
    private static final int ALARMS = 100_000;
    private static final int COMPOSITES = 1_000;

    @TempDir
    Path dir;

    private final ManualClock clock = ManualClock.at("2026-01-01T00:00:00Z");

    @Test
    @Timeout(60)
    void aHundredThousandAlarmsLoadFromAConfigFile() throws IOException {
        Path config = dir.resolve("monitor.yaml");
        StringBuilder yaml = new StringBuilder("namespace: Shop\nmetrics: {builtin: {memory: false, gc: false, threads: false, "
                + "classes: false, process: false, system: false}}\nalarms:\n");
        for (int i = 0; i < ALARMS; i++) {
            yaml.append("  - {AlarmName: Latency").append(i).append(", Namespace: Shop, MetricName: Latency, Dimensions: "
                    + "[{Name: Route, Value: r").append(i % 5_000).append("}], Statistic: Average, Period: 60, "
                    + "EvaluationPeriods: 3, Threshold: ").append(i).append(", ComparisonOperator: GreaterThanThreshold}\n");
        }
        yaml.append("compositeAlarms:\n");
        for (int i = 0; i < COMPOSITES; i++) {
            yaml.append("  - {AlarmName: Page").append(i).append(", AlarmRule: \"ALARM(Latency").append(i)
                    .append(") OR ALARM(Latency").append(i + 1).append(")\"}\n");
        }
        Files.writeString(config, yaml);
        // a hundred thousand alarms may overflow the bounded action queue on a slow machine; its warning is expected here
        try (StderrCapture stderr = new StderrCapture();
             Monitor monitor = Monitor.builder().config(config).dataDir(dir).clock(clock).tickEvery(Duration.ZERO).build()) {
            assertEquals(ALARMS + COMPOSITES, monitor.alarms().describeAll().size());
            monitor.metrics().timer("Latency", "Route", "r7").record(Duration.ofMillis(50));
            clock.advance(Duration.ofMinutes(3));
            monitor.flush(Duration.ofSeconds(10));
            assertEquals(AlarmState.ALARM, monitor.alarms().describe("Latency7").orElseThrow().state());
            assertEquals(AlarmState.OK, monitor.alarms().describe("Latency5007").orElseThrow().state());
            assertEquals(AlarmState.ALARM, monitor.alarms().describe("Page7").orElseThrow().state());
        }
    }

    @Test
    @Timeout(60)
    void putsAndDeletesOfAHundredThousandAlarmsKeepTheRules() {
        try (AlarmEngine alarms = new AlarmEngine(clock, "000000000000", "local", List::of, dev.monitor.api.metrics.Metrics.noop())) {
            for (int i = 0; i < ALARMS; i++) {
                alarms.putMetricAlarm(MetricAlarm.builder("A" + i).metric("Shop", "M" + i).statistic("Sum").period(60)
                        .threshold(1).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).build());
            }
            // a chain of composites, each naming the one before: the cycle check follows it without recursion
            alarms.putCompositeAlarm(CompositeAlarm.builder("C0").rule("ALARM(A0)").build());
            for (int i = 1; i < 5_000; i++) {
                alarms.putCompositeAlarm(CompositeAlarm.builder("C" + i).rule("ALARM(C" + (i - 1) + ") OR ALARM(A" + i + ")").build());
            }
            IllegalArgumentException cycle = assertThrows(IllegalArgumentException.class,
                    () -> alarms.putCompositeAlarm(CompositeAlarm.builder("C0").rule("ALARM(C4999)").build()));
            assertTrue(cycle.getMessage().contains("C0 -> C4999 -> C4998"), cycle.getMessage().substring(0, 200));
            for (int i = 1; i <= 150; i++) {
                alarms.putCompositeAlarm(CompositeAlarm.builder("Uses" + i).rule("ALARM(A99999)").build());
            }
            IllegalArgumentException limit = assertThrows(IllegalArgumentException.class,
                    () -> alarms.putCompositeAlarm(CompositeAlarm.builder("Uses151").rule("ALARM(A99999)").build()));
            assertTrue(limit.getMessage().contains("alarm 'A99999' is already in 150 composite rules"), limit.getMessage());
            alarms.putCompositeAlarm(CompositeAlarm.builder("Uses1").rule("ALARM(A99999) OR ALARM(A99998)").build());
            assertThrows(IllegalArgumentException.class, () -> alarms.deleteAlarms("A99999"));
            for (int i = 1; i <= 150; i++) {
                alarms.deleteAlarms("Uses" + i);
            }
            for (int i = 5_000; i < ALARMS; i++) {
                alarms.deleteAlarms("A" + i);
            }
            assertEquals(5_000 + 5_000, alarms.describeAll().size());
        }
    }
}
