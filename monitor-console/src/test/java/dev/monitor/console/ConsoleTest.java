package dev.monitor.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.metrics.Timer;
import dev.monitor.core.Monitor;
import dev.monitor.core.metrics.BuiltinMetrics;
import dev.monitor.testing.ManualClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The console over real HTTP on loopback, and in a real browser. */
class ConsoleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A dimension value that would be markup if the page did not escape it. */
    private static final String HOSTILE = "<img src=x onerror=\"document.body.dataset.pwned=1\"><script>document.body.dataset.pwned=2</script>";
    private final HttpClient http = HttpClient.newHttpClient();
    private final ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
    private Monitor monitor;
    private URI base;

    @TempDir
    Path dir;

    @BeforeEach
    void startWithTwoMinutesOfData() throws IOException {
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, "namespace: Shop\ndashboard: {enabled: true, port: 0}\nexporters:\n  - {type: emf}\n");
        Monitor.Builder builder = Monitor.builder().config(config).clock(clock).dataDir(dir).tickEvery(Duration.ZERO);
        for (BuiltinMetrics.Group group : BuiltinMetrics.Group.values()) {
            builder.builtin(group, group == BuiltinMetrics.Group.THREADS);
        }
        monitor = builder.build();
        base = monitor.dashboardUri().orElseThrow();
        Timer latency = monitor.metrics().timerBuilder("Latency").dimension("Operation", "buy").register();
        for (int minute = 1; minute <= 2; minute++) {
            for (int i = 1; i <= 100; i++) {
                latency.record((long) i * minute, TimeUnit.MILLISECONDS);
            }
            monitor.metrics().counter("Orders", "Region", "eu").increment(minute * 10);
            if (minute == 2) {
                monitor.metrics().counter("Orders", "Region", HOSTILE).increment();
            }
            clock.advance(Duration.ofMinutes(1));
            monitor.flush(Duration.ofSeconds(10));
        }
    }

    @AfterEach
    void stop() {
        monitor.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void listsThePagesOfTheRegistry() throws Exception {
        JsonNode pages = JSON.readTree(get("api/pages").body()).get("pages");
        assertTrue(pages.findValuesAsText("id").contains("metrics"), pages.toString());
        assertEquals(200, get("static/pages/metrics.js").statusCode());
        assertEquals(404, get("static/pages/nothing.js").statusCode());
        assertEquals(404, get("static/../console.css").statusCode());
        HttpResponse<String> uplot = get("static/vendor/uplot.js");
        assertEquals(200, uplot.statusCode());
        assertTrue(uplot.body().contains("uPlot"), "uPlot is served from the jar, not a CDN");
    }

    @Test
    void listsTheApplicationsMetricsFirstWithTheirLatestStatistics() throws Exception {
        HttpResponse<String> response = get("api/metrics/list");
        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode metrics = JSON.readTree(response.body()).get("metrics");
        JsonNode latency = null;
        boolean seenBuiltin = false;
        for (JsonNode metric : metrics) {
            String origin = metric.get("origin").asText();
            if (origin.equals("builtin")) {
                seenBuiltin = true;
            }
            assertFalse(seenBuiltin && origin.equals("application"), "the application's metrics come first: " + metrics);
            if (metric.get("name").asText().equals("Latency")) {
                latency = metric;
            }
        }
        assertTrue(seenBuiltin, "the built-in thread metrics are listed");
        assertEquals("buy", latency.get("dimensions").get("Operation").asText());
        assertEquals("Milliseconds", latency.get("unit").asText());
        assertEquals(2, latency.get("points").size());
        assertEquals(100, latency.get("latest").get("sampleCount").asInt());
        assertEquals(198.0, latency.get("latest").get("p99").asDouble(), 1.98);
        assertEquals("2026-11-22T10:01:00Z", latency.get("latest").get("timestamp").asText(), "times are ISO-8601 text");
    }

    @Test
    void graphsAStatisticAsGetMetricStatisticsAnswersIt() throws Exception {
        JsonNode sums = JSON.readTree(get("api/metrics/data?namespace=Shop&name=Orders&dimension=Region%3Deu&stat=Sum&period=60").body());
        assertEquals(2, sums.get("points").size(), sums.toString());
        assertEquals(10.0, sums.get("points").get(0).get("value").asDouble());
        assertEquals(20.0, sums.get("points").get(1).get("value").asDouble());
        JsonNode p99 = JSON.readTree(get("api/metrics/data?namespace=Shop&name=Latency&dimension=Operation%3Dbuy&stat=p99&period=60")
                .body());
        assertEquals(198.0, p99.get("points").get(1).get("value").asDouble(), 1.98);
        HttpResponse<String> bad = get("api/metrics/data?namespace=Shop&name=Orders&stat=Median&period=60");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("statistic 'Median'"), bad.body());
        HttpResponse<String> badRange = get("api/metrics/data?namespace=Shop&name=Orders&start=yesterday");
        assertEquals(400, badRange.statusCode());
        assertTrue(badRange.body().contains("'yesterday'") && badRange.body().contains("-PT3H"), badRange.body());
        assertEquals(404, get("api/nothing/here").statusCode());
        assertEquals(404, get("api/metrics/nothing").statusCode());
    }

    /** A monitor started later on the same data directory holds nothing in memory: older ranges come from the files. */
    @Test
    void aRangeOlderThanMemoryIsReadFromTheMetricFiles() throws Exception {
        monitor.close();
        clock.advance(Duration.ofDays(1));
        monitor = Monitor.builder().config(dir.resolve("monitor.yaml")).clock(clock).dataDir(dir).tickEvery(Duration.ZERO).build();
        base = monitor.dashboardUri().orElseThrow();
        JsonNode recent = JSON.readTree(get("api/metrics/data?namespace=Shop&name=Orders&dimension=Region%3Deu&stat=Sum&period=60").body());
        assertEquals(0, recent.get("points").size(), "the last 3 hours hold nothing: " + recent);
        JsonNode older = JSON.readTree(get("api/metrics/data?namespace=Shop&name=Orders&dimension=Region%3Deu&stat=Sum&period=60"
                + "&start=2026-11-22T09:00:00Z&end=2026-11-22T11:00:00Z").body());
        // The two minutes, and the period the first monitor's close ended early, in which nothing was counted.
        assertEquals(3, older.get("points").size(), older.toString());
        assertEquals(10.0, older.get("points").get(0).get("value").asDouble());
        assertEquals(20.0, older.get("points").get(1).get("value").asDouble());
        assertEquals(0.0, older.get("points").get(2).get("value").asDouble());
    }

    @Test
    void theShellLoadsOnlyItsOwnScriptsAndStyles() throws Exception {
        String page = get("").body();
        assertFalse(page.matches("(?s).*<script>.*|.*<style.*|.*\\sstyle=.*|.*\\son[a-z]+=.*"),
                "no inline script, style or event handler, which the policy would block");
        assertFalse(page.contains("http://") || page.contains("https://"), "nothing from another site");
        for (String script : List.of("static/console.js", "static/lib.js", "static/pages/metrics.js")) {
            assertFalse(get(script).body().contains("innerHTML"), script + ": values reach the page as text, never as markup");
        }
    }

    @Test
    void aBrowserShowsTheMetricsAndGraphsOne() throws Exception {
        try (ConsoleBrowser browser = ConsoleBrowser.open(base)) {
            browser.go("#/metrics");
            WebElement row = browser.find("tr[data-metric='Latency']");
            assertTrue(row.getText().contains("Operation=buy"), row.getText());
            WebElement hostile = browser.await(d -> d.findElements(By.cssSelector("tr[data-metric='Orders']")).stream()
                    .filter(r -> r.getText().contains("<img src=x")).findFirst().orElse(null));
            assertTrue(hostile.getText().contains("<script>"), "the hostile dimension is shown as text: " + hostile.getText());
            row.click();
            WebElement chart = browser.find("#metric-chart .uplot");
            assertEquals("2", chart.getAttribute("data-points"), "the graph plotted the two minutes");
            assertNull(browser.script("return document.body.dataset.pwned"), "no markup from the data ran");
            browser.screenshot("metrics");
            assertEquals(List.of(), browser.errors());
        }
    }
}
