package dev.monitor.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.health.HealthResult;
import dev.monitor.api.health.Status;
import dev.monitor.core.Monitor;
import dev.monitor.core.QuietMonitor;
import dev.monitor.core.config.ConfigException;
import dev.monitor.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The health: section of the configuration, and the checks a bad value fails with a message naming it. */
class HealthSettingsTest {
    @TempDir
    Path dir;
    private final ManualClock clock = ManualClock.at("2026-12-03T10:00:00Z");

    private Monitor fromConfig(String yaml) throws Exception {
        Path config = Files.writeString(dir.resolve("monitor.yaml"), "namespace: Shop\n" + yaml);
        return QuietMonitor.quiet(Monitor.builder().config(config).clock(clock).dataDir(dir.resolve("data"))).build();
    }

    @Test
    void theSectionSetsRetentionThresholdsAlarmsAndMaintenance() throws Exception {
        try (Monitor monitor = fromConfig("""
                health:
                  retention: 30d
                  historyDays: 14
                  builtins:
                    diskSpace: {minFree: 1GB}
                    heap: {enabled: false}
                    deadlocks: {enabled: false}
                    exporterBacklog: {max: 10}
                  dependencies: {faultRate: 0.1, throttleRate: 0.3, window: 1m, minCalls: 4}
                  alarms:
                    CheckoutErrorRate: {component: payments, status: DOWN}
                  maintenance:
                    - {component: payments, start: "2026-12-03T10:30:00Z", end: "2026-12-03T11:00:00Z", notice: 1h}
                """)) {
            HealthSettings settings = ((dev.monitor.core.health.internal.HealthEngine) monitor.health()).settings();
            assertEquals(Duration.ofDays(30), settings.retention());
            assertEquals(14, settings.historyDays());
            assertEquals(1024L * 1024 * 1024, settings.builtins().minFreeBytes());
            assertEquals(false, settings.builtins().heap());
            assertEquals(10, settings.builtins().maxBacklog());
            assertEquals(new HealthSettings.Dependencies(0.1, 0.3, Duration.ofMinutes(1), 4), settings.dependencies());
            assertEquals(Map.of("CheckoutErrorRate", new HealthSettings.AlarmBinding("payments", Status.DOWN)), settings.alarms());
            assertEquals(java.util.List.of("disk-space", "exporter-backlog"),
                    monitor.health().checks().stream().map(CheckStatus::name).toList(), "heap and deadlocks are off");
            HealthChecksTest.engine(monitor).tick();
            HealthEvent upcoming = monitor.health().events().get(0);
            assertEquals(HealthEvent.EventStatus.UPCOMING, upcoming.statusCode(), "within its hour of notice");
            assertEquals(Instant.parse("2026-12-03T10:30:00Z"), upcoming.startTime());
            assertTrue(upcoming.description().startsWith("Planned maintenance of payments."), upcoming.description());
        }
    }

    @Test
    void badValuesAreReportedByPathAndRule() {
        ConfigException failure = assertThrows(ConfigException.class, () -> fromConfig("""
                health:
                  historyDays: 0
                  colour: blue
                  heap: {}
                  dependencies: {faultRate: 2}
                  alarms:
                    Errors: {status: DOWN}
                  maintenance:
                    - {component: payments, start: "tomorrow", end: "2026-12-03T11:00:00Z"}
                    - {component: payments, start: "2026-12-03T11:00:00Z", end: "2026-12-03T10:00:00Z"}
                """).close());
        String message = failure.getMessage();
        assertTrue(message.contains("health.historyDays"), message);
        assertTrue(message.contains("health.colour: unknown setting"), message);
        assertTrue(message.contains("faultRate (2.0) and throttleRate (0.2) must be in (0, 1]"), message);
        assertTrue(message.contains("health.alarms.Errors.component"), message);
        assertTrue(message.contains("'tomorrow' is not an ISO-8601 instant such as 2026-12-03T10:00:00Z"), message);
        assertTrue(message.contains("end 2026-12-03T10:00:00Z must be after start 2026-12-03T11:00:00Z"), message);
    }

    @Test
    void theExporterBacklogCheckIsDegradedAboveItsThresholdAndDownWhenAQueueIsFull() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Map<String, Integer>> backlog = new java.util.concurrent.atomic.AtomicReference<>(
                Map.of("metrics/emf", 3));
        var check = dev.monitor.core.health.internal.BuiltinChecksAccess.exporterBacklog(backlog::get, 80, 100);
        assertEquals(Status.UP, check.check().status());
        backlog.set(Map.of("metrics/emf", 3, "logs/cloudwatch-logs", 81));
        HealthResult degraded = check.check();
        assertEquals(Status.DEGRADED, degraded.status());
        assertEquals("exporter logs/cloudwatch-logs has 81 batches waiting, above 80", degraded.reason());
        backlog.set(Map.of("logs/cloudwatch-logs", 100));
        assertEquals(Status.DOWN, check.check().status());
    }
}
