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

    @Test
    void checksDeclaredInTheConfigurationProbeHttpAndTcpOnLoopback() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        java.util.concurrent.atomic.AtomicInteger answer = new java.util.concurrent.atomic.AtomicInteger(200);
        server.createContext("/ping", exchange -> {
            exchange.sendResponseHeaders(answer.get(), -1);
            exchange.close();
        });
        server.start();
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort(); // closed again below: nothing listens there
        }
        try (java.net.ServerSocket db = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             Monitor monitor = fromConfig("""
                     health:
                       builtins: {diskSpace: {enabled: false}, heap: {enabled: false}, deadlocks: {enabled: false}, exporterBacklog: {enabled: false}}
                       checks:
                         - {name: fraud-api, type: http, url: "http://127.0.0.1:%d/ping", component: fraud-check, groups: [readiness, dependencies], interval: 1s, timeout: 2s}
                         - {name: db-port, type: tcp, address: "127.0.0.1:%d", component: payments}
                         - {name: gone-port, type: tcp, address: "127.0.0.1:%d"}
                     """.formatted(server.getAddress().getPort(), db.getLocalPort(), closedPort))) {
            HealthChecksTest.engine(monitor).tick();
            HealthChecksTest.awaitStatus(monitor, "fraud-api", Status.UP);
            HealthChecksTest.awaitStatus(monitor, "db-port", Status.UP);
            HealthChecksTest.awaitStatus(monitor, "gone-port", Status.DOWN);
            assertTrue(HealthChecksTest.check(monitor, "gone-port").reason().startsWith("no connection to 127.0.0.1:" + closedPort),
                    HealthChecksTest.check(monitor, "gone-port").reason());
            assertEquals(java.util.Set.of("readiness", "dependencies"), HealthChecksTest.check(monitor, "fraud-api").groups());
            assertEquals("fraud-check", HealthChecksTest.check(monitor, "fraud-api").component());
            answer.set(503);
            clock.advance(Duration.ofSeconds(2));
            HealthChecksTest.engine(monitor).tick();
            HealthChecksTest.awaitStatus(monitor, "fraud-api", Status.DOWN);
            assertEquals("GET http://127.0.0.1:" + server.getAddress().getPort() + "/ping answered 503",
                    HealthChecksTest.check(monitor, "fraud-api").reason());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aDeclaredCheckNeedsATypeAndATargetOfItsKind() {
        ConfigException failure = assertThrows(ConfigException.class, () -> fromConfig("""
                health:
                  checks:
                    - {name: a, type: ftp, url: "ftp://x"}
                    - {name: b, type: http, url: "file:///etc/passwd"}
                    - {name: c, type: tcp, address: "db"}
                    - {name: d, type: http}
                """).close());
        String message = failure.getMessage();
        assertTrue(message.contains("health.checks[0].type: 'ftp' is not one of http, tcp"), message);
        assertTrue(message.contains("health.checks[1].url: 'file:///etc/passwd' is not an http or https URL"), message);
        assertTrue(message.contains("health.checks[2].address: 'db' is not host:port"), message);
        assertTrue(message.contains("health.checks[3].url"), message);
    }
}
