package dev.monitor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.console.ConsoleBrowser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The demo's services run in-process, and a real browser opens every page of the console on them,
 * as a new user would: each page shows the demo's data, and none fails. The screenshots
 * ({@code target/screenshots/demo-PAGE.png}) are the README's.
 */
class DemoConsoleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CONSOLE = Pattern.compile("Dashboard: +(http://\\S+)");

    @TempDir
    Path dataDir;

    @Test
    void everyPageShowsTheDemosData() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> demo = CompletableFuture.supplyAsync(() -> ShopDemo.run(new String[] {"--data-dir", dataDir.toString(),
                "--duration", "45s", "--port", "0", "--daemon-address", "127.0.0.1:9"}, out, out));
        dev.monitor.core.Await.until(Duration.ofSeconds(30), () -> CONSOLE.matcher(printed.toString(StandardCharsets.UTF_8)).find(),
                () -> "the demo printed its console's address: " + printed);
        Matcher address = CONSOLE.matcher(printed.toString(StandardCharsets.UTF_8));
        assertTrue(address.find());
        URI base = URI.create(address.group(1));
        HttpClient http = HttpClient.newHttpClient();
        JsonNode pages = JSON.readTree(http.send(HttpRequest.newBuilder(base.resolve("/api/pages")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).get("pages");
        List<String> ids = new ArrayList<>();
        pages.forEach(page -> ids.add(page.get("id").asText()));
        assertTrue(ids.contains("metrics"), ids.toString());
        // Wait for a minute of the demo's 10-second periods to be in memory.
        dev.monitor.core.Await.until(Duration.ofSeconds(40), () -> http.send(HttpRequest.newBuilder(base.resolve("/api/metrics/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body().contains("CheckoutLatency"), () -> "the demo's metrics are listed");
        // Prometheus scrapes the demo: its own metrics, converted by Prometheus' naming rules.
        Matcher scrape = Pattern.compile("Prometheus scrapes: +(http://\\S+)").matcher(printed.toString(StandardCharsets.UTF_8));
        assertTrue(scrape.find(), "the demo printed its /metrics address");
        HttpResponse<String> exposition = http.send(HttpRequest.newBuilder(URI.create(scrape.group(1))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, exposition.statusCode());
        assertTrue(exposition.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        assertTrue(exposition.body().contains("# TYPE shop_checkouts_total counter"), exposition.body());
        assertTrue(exposition.body().contains("shop_checkout_latency_seconds_bucket{operation=\"checkout\",le=\"+Inf\"}"),
                exposition.body());
        try (ConsoleBrowser browser = ConsoleBrowser.open(base)) {
            browser.go("#/metrics");
            browser.find("tr[data-metric='CheckoutLatency']").click();
            browser.await(d -> Integer.parseInt(d.findElement(By.cssSelector("#metric-chart .uplot")).getAttribute("data-points")) > 0);
            for (String id : ids) {
                browser.go("#/" + id);
                browser.settled(id);
                browser.script("window.scrollTo(0, 0)");
                assertEquals(List.of(), browser.all("section[data-page='" + id + "'] p.error").stream()
                                .filter(e -> e.isDisplayed() && !e.getText().isBlank()).map(e -> e.getText()).toList(),
                        "page " + id + " shows no error");
                browser.screenshot("demo-" + id);
            }
            // The demo's CloudWatch dashboard: its graph plotted the checkouts, its alarm widget lists the alarms.
            browser.go("#/dashboards/" + ShopDemo.DASHBOARD);
            browser.await(d -> d.findElements(By.cssSelector(".uplot")).stream()
                    .anyMatch(plot -> Integer.parseInt(plot.getAttribute("data-points")) > 0));
            browser.await(d -> d.findElement(By.cssSelector("section[data-page='dashboards']")).getText().contains("CheckoutLatencyHigh"));
            browser.settled("dashboards");
            browser.screenshot("demo-dashboard-" + ShopDemo.DASHBOARD);
            // The service map shows the demo's services.
            browser.go("#/traces");
            browser.await(d -> {
                String map = d.findElement(By.cssSelector("section[data-page='traces'] svg")).getText();
                return map.contains("gateway") && map.contains("orders") && map.contains("payments");
            });
            assertEquals(List.of(), browser.errors());
        }
        assertEquals(0, demo.get(), printed.toString(StandardCharsets.UTF_8));
    }
}
