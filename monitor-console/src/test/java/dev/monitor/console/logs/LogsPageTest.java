package dev.monitor.console.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.logs.Logger;
import dev.monitor.console.ConsoleBrowser;
import dev.monitor.core.Monitor;
import dev.monitor.testing.ManualClock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The logs page's API over real HTTP on loopback (its live tail as server-sent events), and the page in a real browser. */
class LogsPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A logger name and message that would be markup if the page did not escape them. */
    private static final String HOSTILE = "<img src=x onerror=\"document.body.dataset.pwned=1\"><script>document.body.dataset.pwned=2</script>";
    private final HttpClient http = HttpClient.newHttpClient();
    private final ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
    private Monitor monitor;
    private URI base;

    @TempDir
    Path dir;

    /**
     * Five minutes of logs from 10:00: each minute i (0..4) i+1 "order placed" events in the
     * default group /monitor/Shop, an error from a logger with a hostile name at 10:02, and a
     * declined card in /shop/payments at 10:03; the page is read at 10:05.
     */
    @BeforeEach
    void startWithFiveMinutesOfLogs() throws IOException {
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, """
                namespace: Shop
                dashboard: {enabled: true, port: 0}
                logs:
                  stream: web-1
                  groups: [{name: /shop/payments, loggers: [payments]}]
                """);
        monitor = Monitor.builder().config(config).clock(clock).dataDir(dir).tickEvery(Duration.ZERO).build();
        base = monitor.dashboardUri().orElseThrow();
        Logger web = monitor.logs().logger("web");
        for (int minute = 0; minute < 5; minute++) {
            for (int i = 0; i <= minute; i++) {
                web.info("order {} placed", minute * 10 + i);
            }
            if (minute == 2) {
                monitor.logs().logger(HOSTILE).error("boom " + HOSTILE);
            }
            if (minute == 3) {
                monitor.logs().logger("payments").warn("card declined");
            }
            assertTrue(monitor.logs().flush(Duration.ofSeconds(10)));
            clock.advance(Duration.ofMinutes(1));
        }
    }

    @AfterEach
    void stop() {
        monitor.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private JsonNode query(String text) throws Exception {
        HttpResponse<String> response = get("api/logs/query?query=" + q(text) + "&start=2026-11-22T10:00:00Z");
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    @Test
    void listsTheGroupsAndTheirStreamsFromTheirFiles() throws Exception {
        JsonNode answer = JSON.readTree(get("api/logs/groups").body());
        assertEquals("/monitor/Shop", answer.get("defaultGroup").asText());
        assertEquals("web-1", answer.get("stream").asText());
        JsonNode groups = answer.get("groups");
        assertEquals(List.of("/monitor/Shop", "/shop/payments"), List.of(groups.get(0).get("name").asText(), groups.get(1).get("name").asText()));
        JsonNode stream = groups.get(0).get("streams").get(0);
        assertEquals("web-1", stream.get("name").asText());
        long written;
        try (java.util.stream.Stream<Path> files = Files.list(monitor.logs().directory().resolve(dev.monitor.core.logs.LogService.directoryOf("/monitor/Shop"))
                .resolve(dev.monitor.core.logs.LogService.directoryOf("web-1")))) {
            written = files.mapToLong(file -> file.toFile().length()).sum();
        }
        assertTrue(written > 16 * 60, "16 events were written: " + written);
        assertEquals(written, stream.get("storedBytes").asLong(), "the size of the stream's files");
        assertEquals(written, groups.get(0).get("storedBytes").asLong());
        assertTrue(Instant.parse(stream.get("lastIngestionTime").asText()).isAfter(Instant.now().minusSeconds(600)),
                "when the files were last written, on the file system's clock: " + stream);
        assertTrue(groups.get(1).get("storedBytes").asLong() > 0, "the declined card");
    }

    @Test
    void anInsightsQueryAnswersRowsAndABinQueryItsChart() throws Exception {
        JsonNode latest = query("fields @timestamp, @message | sort @timestamp desc | limit 3");
        assertEquals(List.of("@timestamp", "@message"), List.of(latest.get("fields").get(0).asText(), latest.get("fields").get(1).asText()));
        assertEquals(3, latest.get("rows").size());
        assertTrue(latest.get("rows").get(0).get("@timestamp").asText().equals("2026-11-22 10:04:00.000"), latest.toString());
        assertEquals(16, latest.get("recordsScanned").asLong());
        assertTrue(latest.get("chart").isNull(), "no bins, no chart");

        JsonNode hostile = query("filter level = \"ERROR\" | fields logger, message");
        assertEquals(HOSTILE, hostile.get("rows").get(0).get("logger").asText());
        assertEquals("boom " + HOSTILE, hostile.get("rows").get(0).get("message").asText());

        JsonNode bins = query("stats count(*) as orders by bin(1m)");
        JsonNode series = bins.get("chart");
        assertEquals(1, series.size(), series.toString());
        assertEquals("orders", series.get(0).get("label").asText());
        List<String> points = new ArrayList<>();
        series.get(0).get("points").forEach(p -> points.add(p.get("t").asText() + "=" + p.get("value").asInt()));
        assertEquals(List.of("2026-11-22T10:00:00Z=1", "2026-11-22T10:01:00Z=2", "2026-11-22T10:02:00Z=4",
                "2026-11-22T10:03:00Z=4", "2026-11-22T10:04:00Z=5"), points);

        JsonNode byLevel = query("stats count(*) as n by bin(5m), level");
        List<String> labels = new ArrayList<>();
        byLevel.get("chart").forEach(s -> labels.add(s.get("label").asText()));
        assertEquals(List.of("ERROR", "INFO"), labels.stream().sorted().toList(), "a line per level");

        HttpResponse<String> both = get("api/logs/query?query=" + q("stats count(*) as n") + "&group=/monitor/Shop&group=/shop/payments");
        assertEquals("17", JSON.readTree(both.body()).get("rows").get(0).get("n").asText(), "both groups were read");
    }

    @Test
    void aBadQueryOrGroupIsA400NamingWhereAndWhat() throws Exception {
        HttpResponse<String> bad = get("api/logs/query?query=" + q("stats count(*) by"));
        assertEquals(400, bad.statusCode());
        String error = JSON.readTree(bad.body()).get("error").asText();
        assertTrue(error.contains("line 1, column 18") && error.contains("expected") && error.contains("but found"), error);
        HttpResponse<String> group = get("api/logs/query?query=" + q("fields @message") + "&group=/nope");
        assertEquals(400, group.statusCode());
        assertTrue(group.body().contains("'/nope'"), group.body());
        HttpResponse<String> missing = get("api/logs/query");
        assertEquals(400, missing.statusCode());
        assertTrue(missing.body().contains("parameter 'query' is required"), missing.body());
        HttpResponse<String> badRange = get("api/logs/query?query=" + q("fields @message") + "&end=soon");
        assertEquals(400, badRange.statusCode());
        assertTrue(badRange.body().contains("'soon'"), badRange.body());
    }

    /** Reads server-sent events from {@code path} on a thread of its own, as a browser's EventSource does. */
    private final class EventReader implements AutoCloseable {
        final java.util.concurrent.LinkedBlockingQueue<Map.Entry<String, String>> events = new java.util.concurrent.LinkedBlockingQueue<>();
        private final InputStream body;
        private final CompletableFuture<Void> reading;

        EventReader(String path) throws Exception {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(base.resolve(path)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            body = response.body();
            reading = CompletableFuture.runAsync(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                    String event = null;
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (line.startsWith("event: ")) {
                            event = line.substring(7);
                        } else if (line.startsWith("data: ")) {
                            events.add(Map.entry(event, line.substring(6)));
                        }
                    }
                } catch (IOException e) {
                    // closed by the test
                }
            });
        }

        Map.Entry<String, String> next() throws InterruptedException {
            Map.Entry<String, String> event = events.poll(20, TimeUnit.SECONDS);
            assertTrue(event != null, "an event within 20 s");
            return event;
        }

        @Override
        public void close() throws IOException {
            body.close();
            reading.cancel(true);
        }
    }

    @Test
    void theLiveTailSendsTheMatchingEventsWrittenAfterItOpened() throws Exception {
        try (EventReader tail = new EventReader("api/logs/tail?filter=" + q("declined") + "&group=/shop/payments&group=/monitor/Shop")) {
            Map.Entry<String, String> started = tail.next();
            assertEquals("started", started.getKey());
            assertEquals(List.of("/shop/payments", "/monitor/Shop"), JSON.readValue(started.getValue(), Map.class).get("groups"));
            monitor.logs().logger("web").info("order 99 placed");
            monitor.logs().logger("payments").warn("card declined again");
            assertTrue(monitor.logs().flush(Duration.ofSeconds(10)));
            clock.advance(Duration.ofSeconds(1));
            monitor.logs().logger("web").info("a second later"); // ends the previous second's batch
            Map.Entry<String, String> batch = tail.next();
            assertEquals("events", batch.getKey());
            JsonNode events = JSON.readTree(batch.getValue()).get("events");
            assertEquals(1, events.size(), "only the matching event: " + events);
            assertEquals("/shop/payments", events.get(0).get("logGroupIdentifier").asText());
            assertEquals("web-1", events.get(0).get("logStreamName").asText());
            assertTrue(events.get(0).get("message").asText().contains("card declined again"));
        }
        try (EventReader bad = new EventReader("api/logs/tail?filter=" + q("{ $.level = "))) {
            Map.Entry<String, String> problem = bad.next();
            assertEquals("problem", problem.getKey());
            assertTrue(problem.getValue().contains("expected"), problem.getValue());
        }
    }

    /** A client of the tail: what it was sent, and whether it is still there. */
    private static final class Client implements dev.monitor.console.ConsoleApi.EventSink {
        final java.util.concurrent.LinkedBlockingQueue<String> sent = new java.util.concurrent.LinkedBlockingQueue<>();
        volatile boolean gone;

        @Override
        public boolean send(String event, Object data) {
            if (gone) {
                return false;
            }
            sent.add(event);
            return true;
        }
    }

    @Test
    void theTailEndsItsSubscriptionWhenTheClientHasGoneOrTheStreamIsClosed() throws Exception {
        dev.monitor.console.ApiRequest request = new dev.monitor.console.ApiRequest("", "group=%2Fmonitor%2FShop", "", clock);
        Client leaving = new Client();
        Client closing = new Client();
        Client staying = new Client();
        AutoCloseable left = LogsPage.tail(monitor.logs(), request, leaving);
        AutoCloseable closed = LogsPage.tail(monitor.logs(), request, closing);
        try (AutoCloseable stays = LogsPage.tail(monitor.logs(), request, staying)) {
            for (Client client : List.of(leaving, closing, staying)) {
                assertEquals("started", client.sent.poll(5, TimeUnit.SECONDS));
            }
            leaving.gone = true; // its next event finds it gone, and ends its subscription
            closed.close();
            Logger web = monitor.logs().logger("web");
            for (int second = 0; second < 2; second++) {
                web.info("second {}", second);
                assertTrue(monitor.logs().flush(Duration.ofSeconds(10)));
                clock.advance(Duration.ofSeconds(1));
            }
            web.info("ends the last second");
            assertEquals("events", staying.sent.poll(20, TimeUnit.SECONDS));
            assertEquals("events", staying.sent.poll(20, TimeUnit.SECONDS));
            assertEquals(List.of(), List.copyOf(closing.sent), "a closed tail is sent nothing");
            assertEquals(List.of(), List.copyOf(leaving.sent), "a client that has gone is sent nothing");
            leaving.gone = false;
            web.info("after");
            assertTrue(monitor.logs().flush(Duration.ofSeconds(10)));
            clock.advance(Duration.ofSeconds(1));
            web.info("ends the second");
            assertEquals("events", staying.sent.poll(20, TimeUnit.SECONDS));
            assertEquals(List.of(), List.copyOf(leaving.sent), "the subscription of the client that went has ended");
        } finally {
            left.close();
        }
    }

    @Test
    void theScriptIsServedAndWritesNoMarkup() throws Exception {
        HttpResponse<String> script = get("static/pages/logs.js");
        assertEquals(200, script.statusCode());
        for (String sink : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(")) {
            assertTrue(!script.body().contains(sink), "values reach the page as text, never as markup: " + sink);
        }
    }

    @Test
    void aBrowserTailsTheLogsAndRunsQueries() throws Exception {
        try (ConsoleBrowser browser = ConsoleBrowser.open(base)) {
            browser.go("#/logs");
            browser.await(d -> d.findElement(By.id("tail-status")).getText().startsWith("Tailing /monitor/Shop"));
            assertTrue(browser.find("#log-group-table").getText().contains("/shop/payments"));
            assertTrue(browser.find("#log-group-table [data-stream='web-1']").getText().contains("KiB"));
            monitor.logs().logger(HOSTILE).error("written after the page opened " + HOSTILE);
            assertTrue(monitor.logs().flush(Duration.ofSeconds(10)));
            clock.advance(Duration.ofSeconds(1));
            monitor.logs().logger("web").info("a second later");
            WebElement tailed = browser.await(d -> d.findElements(By.cssSelector("#tail-events tr")).stream()
                    .filter(r -> r.getText().contains("written after the page opened")).findFirst().orElse(null));
            assertTrue(tailed.getText().contains("<script>document.body.dataset.pwned=2</script>"), "as text: " + tailed.getText());

            WebElement text = browser.find("#query-text");
            text.clear();
            text.sendKeys("stats count(*) by");
            browser.find("#query-run").click();
            WebElement error = browser.await(d -> d.findElement(By.id("query-error")).isDisplayed() ? d.findElement(By.id("query-error")) : null);
            assertTrue(error.getText().contains("line 1, column 18") && error.getText().contains("expected"), error.getText());

            text.clear();
            text.sendKeys("filter level = \"ERROR\" | fields @timestamp, logger, message | sort @timestamp");
            browser.find("#query-run").click();
            WebElement row = browser.find("#query-results tbody tr");
            assertTrue(row.getText().contains("boom <img src=x"), row.getText());

            text.clear();
            text.sendKeys("stats count(*) as events by bin(1m)");
            browser.find("#query-run").click();
            WebElement chart = browser.find("#query-chart .uplot");
            assertTrue(Integer.parseInt(chart.getAttribute("data-points")) >= 5, chart.getAttribute("data-points"));
            assertTrue(browser.all("#query-results tbody tr").size() >= 5);
            assertFalse(browser.find("#query-results").getText().contains("null"), "no note is no line");
            assertNull(browser.script("return document.body.dataset.pwned"), "no markup from the data ran");
            browser.screenshot("logs");
            // The refused query's 400 is logged by the browser as a failed load; nothing else may be.
            assertEquals(List.of(), browser.errors().stream().filter(e -> !e.contains("status of 400")).toList());
        }
    }
}
