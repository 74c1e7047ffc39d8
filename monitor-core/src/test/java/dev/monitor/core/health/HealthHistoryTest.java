package dev.monitor.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.health.HealthResult;
import dev.monitor.api.health.Status;
import dev.monitor.core.Monitor;
import dev.monitor.core.QuietMonitor;
import dev.monitor.core.files.DataLayout;
import dev.monitor.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service history: every change kept in files, each day coloured by the worst status it saw, as AWS's service history shows. */
class HealthHistoryTest {
    @TempDir
    Path dir;
    private final ManualClock clock = ManualClock.at("2026-12-01T23:40:00Z");
    private final AtomicReference<HealthResult> payments = new AtomicReference<>(HealthResult.up());

    private Monitor monitor(HealthSettings.Builder settings) {
        return QuietMonitor.builder(dir, clock).health(settings.tick(Duration.ZERO)
                .builtins(new HealthSettings.Builtins(false, 0, false, 0.8, 0.9, false, false, 80)).build()).build();
    }

    private void runAt(Monitor monitor, String time, HealthResult result, Status expected) throws InterruptedException {
        clock.set(java.time.Instant.parse(time));
        payments.set(result);
        HealthChecksTest.engine(monitor).tick();
        java.time.Instant now = clock.instant();
        dev.monitor.core.Await.until(Duration.ofSeconds(10), () -> now.equals(HealthChecksTest.check(monitor, "payments-db").lastRun()),
                () -> "the run at " + now + " did not end");
        assertEquals(expected, HealthChecksTest.check(monitor, "payments-db").status());
    }

    @Test
    void anOutageAcrossMidnightColoursBothDaysAndTheNextDayIsGreen() throws Exception {
        try (Monitor monitor = monitor(HealthSettings.builder())) {
            monitor.health().register("payments-db", CheckOptions.defaults().withComponent("payments").withInterval(Duration.ofSeconds(1)),
                    payments::get);
            runAt(monitor, "2026-12-01T23:40:00Z", HealthResult.up(), Status.UP);
            runAt(monitor, "2026-12-01T23:50:00Z", HealthResult.down("connection refused"), Status.DOWN);
            runAt(monitor, "2026-12-02T00:10:00Z", HealthResult.up(), Status.UP);
            runAt(monitor, "2026-12-03T12:00:00Z", HealthResult.degraded("slow"), Status.DEGRADED);
            runAt(monitor, "2026-12-03T12:05:00Z", HealthResult.up(), Status.UP);
            runAt(monitor, "2026-12-04T09:00:00Z", HealthResult.up(), Status.UP);

            List<DayStatus> days = monitor.health().history(5).get("payments");
            assertEquals(List.of(LocalDate.parse("2026-11-30"), LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-02"),
                    LocalDate.parse("2026-12-03"), LocalDate.parse("2026-12-04")), days.stream().map(DayStatus::day).toList());
            assertEquals(List.of("grey", "red", "red", "yellow", "green"), days.stream().map(DayStatus::colour).toList(),
                    "Dec 2 began DOWN (the outage crossed midnight); Dec 4 stayed UP all day");
            assertEquals(List.of(Status.UP, Status.DOWN), days.get(1).changes().stream().map(StatusChange::status).toList());
            assertEquals("check payments-db is DOWN: connection refused", days.get(1).changes().get(1).reason());
            assertEquals(1, days.get(2).changes().size());
            assertTrue(days.get(4).changes().isEmpty());
            assertEquals(1, days.get(1).events().size(), "the outage's issue is listed on the day it was open");
            assertEquals(days.get(1).events(), days.get(2).events(), "and on the day it closed");
        }
    }

    @Test
    void filesOlderThanTheRetentionAreDeletedAndTheDaySnapshotKeepsTheColour() throws Exception {
        try (Monitor monitor = monitor(HealthSettings.builder().retention(Duration.ofDays(2)))) {
            monitor.health().register("payments-db", CheckOptions.defaults().withComponent("payments").withInterval(Duration.ofSeconds(1)),
                    payments::get);
            runAt(monitor, "2026-12-01T23:40:00Z", HealthResult.degraded("slow"), Status.DEGRADED);
            for (String day : List.of("02", "03", "04", "05")) { // the monitor runs every day
                runAt(monitor, "2026-12-" + day + "T10:00:00Z", HealthResult.degraded("slow"), Status.DEGRADED);
            }
            DataLayout layout = new DataLayout(dir);
            assertFalse(Files.exists(layout.healthChanges(LocalDate.parse("2026-12-01"))), "older than two days: deleted");
            assertTrue(Files.exists(layout.healthChanges(LocalDate.parse("2026-12-05"))));
            Map<String, List<DayStatus>> history = monitor.health().history(2);
            assertEquals(List.of("yellow", "yellow"), history.get("payments").stream().map(DayStatus::colour).toList(),
                    "the status set on Dec 1 still colours Dec 4 and 5: each day starts with a snapshot");
        }
    }

    @Test
    void openEventsSurviveTheRetentionOfTheDayTheyOpened() throws Exception {
        try (Monitor monitor = monitor(HealthSettings.builder().retention(Duration.ofDays(1)))) {
            monitor.health().register("payments-db", CheckOptions.defaults().withComponent("payments").withInterval(Duration.ofSeconds(1)),
                    payments::get);
            runAt(monitor, "2026-12-01T23:40:00Z", HealthResult.down("refused"), Status.DOWN);
            String arn = monitor.health().events().get(0).arn();
            runAt(monitor, "2026-12-04T10:00:00Z", HealthResult.down("refused"), Status.DOWN);
            List<HealthEvent> stored = new dev.monitor.core.health.internal.HealthFiles(new DataLayout(dir)).events();
            assertEquals(List.of(arn), stored.stream().map(HealthEvent::arn).toList());
            assertEquals(HealthEvent.EventStatus.OPEN, stored.get(0).statusCode());
        }
    }
}
