package dev.monitor.console.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.health.HealthResult;
import dev.monitor.console.ConsoleBrowser;
import dev.monitor.core.Monitor;
import dev.monitor.core.health.CheckOptions;
import dev.monitor.core.health.HealthSettings;
import dev.monitor.core.health.MaintenanceWindow;
import dev.monitor.core.health.internal.HealthEngine;
import dev.monitor.testing.ManualClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The health page's API over real HTTP on loopback, and the page in a real browser. */
class HealthPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A component name that would be markup if the page did not escape it. */
    private static final String HOSTILE = "<img src=x onerror=\"document.body.dataset.pwned=1\">";
    private final HttpClient http = HttpClient.newHttpClient();
    private final ManualClock clock = ManualClock.at("2026-12-01T09:00:00Z");
    private final AtomicReference<HealthResult> payments = new AtomicReference<>(HealthResult.up());
    private Monitor monitor;
    private URI base;
    @TempDir
    Path dir;

    private void runAt(String time) throws Exception {
        clock.set(Instant.parse(time));
        HealthEngine engine = (HealthEngine) monitor.health();
        engine.tick();
        dev.monitor.core.Await.until(Duration.ofSeconds(10), () -> monitor.health().checks().stream()
                .allMatch(c -> clock.instant().equals(c.lastRun())), () -> "runs at " + time + " did not end");
    }

    /**
     * payments: UP on Dec 1, DOWN from 23:00 on Dec 1 to 01:00 on Dec 2, DEGRADED on Dec 3 (open issue);
     * catalog (the hostile name) UP throughout; a maintenance of payments upcoming.
     */
    @BeforeEach
    void threeDaysOfHealth() throws Exception {
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, "namespace: Shop\ndashboard: {enabled: true, port: 0}\nhealth:\n"
                + "  builtins: {diskSpace: {enabled: false}, heap: {enabled: false}, deadlocks: {enabled: false}, exporterBacklog: {enabled: false}}\n");
        monitor = Monitor.builder().config(config).clock(clock).dataDir(dir).tickEvery(Duration.ZERO).build();
        base = monitor.dashboardUri().orElseThrow();
        CheckOptions every = CheckOptions.defaults().withInterval(Duration.ofSeconds(1));
        monitor.health().register("payments-db", every.withComponent("payments"), payments::get);
        monitor.health().register("catalog-cache", every.withComponent(HOSTILE), HealthResult::up);
        runAt("2026-12-01T09:00:00Z");
        payments.set(HealthResult.down("connection refused"));
        runAt("2026-12-01T23:00:00Z");
        payments.set(HealthResult.up());
        runAt("2026-12-02T01:00:00Z");
        payments.set(HealthResult.degraded("pool 95% in use"));
        runAt("2026-12-03T08:00:00Z");
        Instant start = Instant.parse("2026-12-03T09:00:00Z");
        monitor.health().scheduleMaintenance(new MaintenanceWindow("payments", start, start.plus(Duration.ofMinutes(30)), Duration.ofHours(2),
                "The payments database moves to a larger instance."));
    }

    @AfterEach
    void close() {
        if (monitor != null) {
            monitor.close();
        }
    }

    @Test
    void theOverviewHasEachComponentsDaysAndTheEventsByStatus() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/health/overview?days=3")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode o = JSON.readTree(response.body());
        assertEquals("DEGRADED", o.get("status").asText());
        JsonNode paymentsRow = o.get("components").get(1);
        assertEquals("payments", paymentsRow.get("name").asText());
        assertEquals("DEGRADED", paymentsRow.get("status").asText());
        assertEquals("[\"red\",\"red\",\"yellow\"]", JSON.writeValueAsString(paymentsRow.get("days").findValuesAsText("colour")));
        assertEquals(1, o.at("/events/open").size());
        assertEquals(1, o.at("/events/upcoming").size());
        assertEquals(1, o.at("/events/closed").size());
        assertEquals("MONITOR_PAYMENTS_SCHEDULED_MAINTENANCE", o.at("/events/upcoming/0/eventTypeCode").asText());
        assertEquals(400, http.send(HttpRequest.newBuilder(base.resolve("/api/health/overview?days=0")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void thePageShowsTheStatusesTheDaysTheEventsAndTheFeeds() throws Exception {
        try (ConsoleBrowser browser = ConsoleBrowser.open(base)) {
            browser.go("#/health").settled("health");
            List<WebElement> rows = browser.all("#health-components tr[data-component]");
            assertEquals(2, rows.size());
            WebElement paymentsRow = browser.find("#health-components tr[data-component='payments']");
            assertEquals("DEGRADED", paymentsRow.findElement(By.cssSelector(".component-status")).getText());
            assertTrue(paymentsRow.findElement(By.cssSelector(".reason")).getText().contains("pool 95% in use"));
            List<WebElement> days = paymentsRow.findElements(By.cssSelector(".health-day"));
            assertEquals(30, days.size(), "the last 30 days");
            assertEquals(List.of("red", "red", "yellow"), days.subList(27, 30).stream().map(d -> d.getAttribute("data-colour")).toList());
            assertEquals("grey", days.get(0).getAttribute("data-colour"), "before anything was known");
            assertTrue(days.get(27).getCssValue("background-color").startsWith("rgba(209, 36, 47"), "red is drawn red");

            days.get(27).click();
            WebElement day = browser.await(d -> {
                WebElement box = d.findElement(By.id("health-day"));
                return box.isDisplayed() ? box : null;
            });
            assertTrue(day.getText().contains("payments on 2026-12-01"), day.getText());
            assertTrue(day.getText().contains("connection refused"), day.getText());

            WebElement open = browser.find("#health-events section[data-events='open'] .health-event");
            assertTrue(open.getText().contains("MONITOR_PAYMENTS_OPERATIONAL_ISSUE"), open.getText());
            assertTrue(open.findElement(By.cssSelector(".event-description")).getText().contains("Remediation:"));
            assertTrue(open.findElement(By.cssSelector(".event-entities")).getText().contains("payments IMPAIRED"));
            assertTrue(browser.find("#health-events section[data-events='upcoming'] .health-event").getText()
                    .contains("MONITOR_PAYMENTS_SCHEDULED_MAINTENANCE"));
            assertEquals(1, browser.all("#health-events section[data-events='closed'] .health-event").size());

            String rss = browser.find("#health-feed-rss").getAttribute("href");
            HttpResponse<String> feed = http.send(HttpRequest.newBuilder(URI.create(rss)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, feed.statusCode());
            assertTrue(feed.body().startsWith("<?xml"), feed.body());
            assertTrue(browser.find("#health-feed-atom").getAttribute("href").endsWith("/health/feed.atom"));

            assertEquals(HOSTILE, browser.find("#health-components tr:first-child .component-name").getText(), "shown as text");
            assertNull(browser.script("return document.body.dataset.pwned || null"));
            assertFalse(browser.all("#health-checks tr").isEmpty());
            assertEquals(List.of(), browser.errors());
            browser.screenshot("health");
        }
    }
}
