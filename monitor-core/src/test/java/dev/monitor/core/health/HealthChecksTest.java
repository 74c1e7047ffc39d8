package dev.monitor.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.health.HealthResult;
import dev.monitor.api.health.Status;
import dev.monitor.core.Await;
import dev.monitor.core.Monitor;
import dev.monitor.core.QuietMonitor;
import dev.monitor.core.health.internal.HealthEngine;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.RecentMetric;
import dev.monitor.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks as a user registers them: runs on the monitor's threads, timeouts, failures, grace periods, the metric. */
class HealthChecksTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    @TempDir
    Path dir;
    private final ManualClock clock = ManualClock.at("2026-12-03T10:00:00Z");

    static HealthSettings noBuiltins() {
        return HealthSettings.builder().tick(Duration.ZERO)
                .builtins(new HealthSettings.Builtins(false, 0, false, 0.8, 0.9, false, false, 80)).build();
    }

    private Monitor monitor() {
        return QuietMonitor.builder(dir, clock).health(noBuiltins()).build();
    }

    static HealthEngine engine(Monitor monitor) {
        return (HealthEngine) monitor.health();
    }

    static CheckStatus check(Monitor monitor, String name) {
        return monitor.health().checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    static void awaitStatus(Monitor monitor, String name, Status status) throws InterruptedException {
        Await.until(WAIT, () -> check(monitor, name).status() == status, () -> name + " is " + check(monitor, name));
    }

    @Test
    void aHangingCheckTimesOutWithoutHoldingUpTheOthers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger fastRuns = new AtomicInteger();
        AtomicReference<String> ranOn = new AtomicReference<>();
        try (Monitor monitor = monitor()) {
            CheckOptions options = CheckOptions.defaults().withTimeout(Duration.ofSeconds(2)).withInterval(Duration.ofSeconds(5));
            monitor.health().register("hangs", options, () -> {
                release.await();
                return HealthResult.up();
            });
            monitor.health().register("fast", options, () -> {
                fastRuns.incrementAndGet();
                ranOn.set(Thread.currentThread().getName());
                return HealthResult.up();
            });
            engine(monitor).tick();
            awaitStatus(monitor, "fast", Status.UP);
            assertEquals(Status.UNKNOWN, check(monitor, "hangs").status(), "still running: nothing known yet");
            assertTrue(ranOn.get().startsWith("monitor-health-"), "runs on the monitor's check threads, not the caller's: " + ranOn.get());

            clock.advance(Duration.ofSeconds(3)); // past the 2 s timeout on the monitor's clock
            engine(monitor).tick();
            CheckStatus hangs = check(monitor, "hangs");
            assertEquals(Status.DOWN, hangs.status());
            assertEquals("did not answer within 2s", hangs.reason());
            assertEquals(Status.DOWN, monitor.health().status(), "the worst check decides the whole");

            clock.advance(Duration.ofSeconds(3)); // the fast check is due again and runs, the hung one holds only its own thread
            engine(monitor).tick();
            Await.until(WAIT, () -> fastRuns.get() == 2, () -> "fast ran " + fastRuns.get() + " times");
            release.countDown();
        }
    }

    @Test
    void aCheckThatThrowsIsDownWithTheExceptionAsItsReason() throws Exception {
        try (Monitor monitor = monitor()) {
            monitor.health().register("db", () -> {
                throw new java.sql.SQLTransientConnectionException("connection refused: db:5432");
            });
            monitor.health().register("null", () -> null);
            engine(monitor).tick();
            awaitStatus(monitor, "db", Status.DOWN);
            assertEquals("SQLTransientConnectionException: connection refused: db:5432", check(monitor, "db").reason());
            awaitStatus(monitor, "null", Status.DOWN);
            assertEquals("the check answered null", check(monitor, "null").reason());
        }
    }

    @Test
    void withinItsGracePeriodAFailingCheckIsUnknownThenDown() throws Exception {
        try (Monitor monitor = monitor()) {
            CheckOptions options = CheckOptions.defaults().withGracePeriod(Duration.ofSeconds(30)).withInterval(Duration.ofSeconds(10));
            monitor.health().register("warming", options, () -> HealthResult.down("cache not loaded"));
            engine(monitor).tick();
            Await.until(WAIT, () -> check(monitor, "warming").lastRun() != null, () -> "not run");
            assertEquals(Status.UNKNOWN, check(monitor, "warming").status());
            assertTrue(check(monitor, "warming").reason().contains("cache not loaded"), check(monitor, "warming").reason());
            clock.advance(Duration.ofSeconds(31));
            engine(monitor).tick();
            awaitStatus(monitor, "warming", Status.DOWN);
        }
    }

    @Test
    void groupsAreAggregatedApartAndAnEmptyGroupIsUp() throws Exception {
        try (Monitor monitor = monitor()) {
            monitor.health().register("alive", CheckOptions.defaults().withGroups(CheckOptions.LIVENESS), HealthResult::up);
            monitor.health().register("db", CheckOptions.defaults().withGroups(CheckOptions.READINESS),
                    () -> HealthResult.degraded("pool 95% in use"));
            engine(monitor).tick();
            awaitStatus(monitor, "db", Status.DEGRADED);
            awaitStatus(monitor, "alive", Status.UP);
            assertEquals(Status.UP, monitor.health().status(CheckOptions.LIVENESS));
            assertEquals(Status.DEGRADED, monitor.health().status(CheckOptions.READINESS));
            assertEquals(Status.UP, monitor.health().status(CheckOptions.STARTUP), "no startup checks: UP, as MicroProfile Health answers");
            assertEquals(Status.DEGRADED, monitor.health().status());
        }
    }

    @Test
    void registrationRejectsDuplicatesAndBadOptions() {
        try (Monitor monitor = monitor()) {
            monitor.health().register("db", HealthResult::up);
            IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> monitor.health().register("db", HealthResult::up));
            assertEquals("health check 'db' is already registered", twice.getMessage());
            IllegalArgumentException timeout = assertThrows(IllegalArgumentException.class,
                    () -> CheckOptions.defaults().withTimeout(Duration.ZERO));
            assertEquals("timeout must be positive, not PT0S", timeout.getMessage());
            IllegalArgumentException group = assertThrows(IllegalArgumentException.class, () -> CheckOptions.defaults().withGroups("Ready Now"));
            assertTrue(group.getMessage().contains("'Ready Now'"), group.getMessage());
        }
    }

    @Test
    void eachCheckStatusIsTheMetricMonitorHealthStatusWithTheCheckAsDimension() throws Exception {
        try (Monitor monitor = monitor()) {
            monitor.health().register("db", () -> HealthResult.down("refused"));
            monitor.health().register("cache", HealthResult::up);
            engine(monitor).tick();
            awaitStatus(monitor, "db", Status.DOWN);
            awaitStatus(monitor, "cache", Status.UP);
            clock.advance(Duration.ofMinutes(1));
            monitor.flush(WAIT);
            Map<String, Double> byCheck = new java.util.TreeMap<>();
            for (RecentMetric metric : monitor.recentMetrics()) {
                if (metric.metric().namespace().equals("Monitor") && metric.metric().name().equals("HealthStatus")) {
                    Datapoint last = metric.datapoints().get(metric.datapoints().size() - 1);
                    byCheck.put(metric.metric().dimensions().get(0).value(), last.maximum());
                }
            }
            assertEquals(Map.of("cache", 1.0, "db", 4.0), byCheck, "the status's severity: UP 1, DOWN 4");
        }
    }

    @Test
    void theBuiltInChecksRunWithTheirThresholds() throws Exception {
        HealthSettings settings = HealthSettings.builder().tick(Duration.ZERO)
                .builtins(new HealthSettings.Builtins(true, Long.MAX_VALUE, true, 0.8, 0.9, true, true, 80)).build();
        try (Monitor monitor = QuietMonitor.builder(dir, clock).health(settings).build()) {
            engine(monitor).tick();
            awaitStatus(monitor, "disk-space", Status.DOWN); // no disk has Long.MAX_VALUE bytes free
            assertTrue(check(monitor, "disk-space").reason().contains("below the minimum of " + Long.MAX_VALUE), check(monitor, "disk-space").reason());
            awaitStatus(monitor, "deadlocks", Status.UP);
            awaitStatus(monitor, "exporter-backlog", Status.UP);
            Await.until(WAIT, () -> check(monitor, "heap").lastRun() != null, () -> "heap not run");
            assertNotNull(check(monitor, "heap").details().get("max"));
            assertEquals(List.of("monitor"), monitor.health().checks().stream().map(CheckStatus::component).distinct().toList());
        }
    }
}
