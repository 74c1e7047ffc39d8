package dev.monitor.console.profiler;

import static dev.monitor.console.profiler.ProfileFixture.HOSTILE;
import static dev.monitor.console.profiler.ProfileFixture.HOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.console.ConsoleBrowser;
import dev.monitor.core.Monitor;
import dev.monitor.testing.ManualClock;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The profiler page's API over real HTTP on loopback, and the page in a real browser, over files written by hand. */
class ProfilerPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    /** Half an hour after the profile's interval: the console's default range (3 hours) holds it, the range before holds the baseline. */
    private final ManualClock clock = ManualClock.at("2026-12-02T10:30:00Z");
    private Monitor monitor;
    private URI base;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        ProfileFixture.write(dir);
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, "namespace: Shop\ndashboard: {enabled: true, port: 0}\n");
        monitor = Monitor.builder().config(config).clock(clock).dataDir(dir).tickEvery(Duration.ZERO).build();
        base = monitor.dashboardUri().orElseThrow();
    }

    @AfterEach
    void stop() {
        monitor.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return JSON.readTree(response.body());
    }

    private static JsonNode child(JsonNode node, String name) {
        for (JsonNode child : node.get("c")) {
            if (child.get("n").asText().equals(name)) {
                return child;
            }
        }
        throw new AssertionError(name + " is not a child of " + node.get("n"));
    }

    @Test
    void theFlameGraphIsTheMergedTreeOfTheRangesIntervals() throws Exception {
        assertEquals("shop", ok("api/profiler/groups").get("groups").get(0).get("name").asText());
        assertEquals(List.of("cpu", "alloc"), JSON.convertValue(ok("api/profiler/groups").get("groups").get(0).get("kinds"), List.class));

        JsonNode graph = ok("api/profiler/flamegraph?group=shop&kind=cpu");
        assertEquals(1, graph.get("intervals").asInt(), "the 06:00 interval is before the last 3 hours");
        assertEquals(100, graph.get("totals").get("target").asLong());
        assertFalse(graph.get("differential").asBoolean());
        JsonNode root = graph.get("root");
        assertEquals("all", root.get("n").asText());
        JsonNode hot = child(child(child(child(root, "java.lang.Thread.run"), "com.shop.Server.handle"), "com.shop.Checkout.pay"), HOT);
        assertEquals(75, hot.get("v").asLong());
        assertEquals(60, child(hot, "java.lang.String.format").get("v").asLong());
        assertEquals(10, child(child(root, "java.lang.Thread.run"), HOSTILE).get("v").asLong());

        JsonNode diff = ok("api/profiler/flamegraph?group=shop&kind=cpu&compare=previous");
        assertTrue(diff.get("differential").asBoolean());
        assertEquals("2026-12-02T04:30:00Z", diff.get("baselineStart").asText());
        assertEquals(100, diff.get("totals").get("baseline").asLong());
        JsonNode hotThen = child(child(child(child(diff.get("root"), "java.lang.Thread.run"), "com.shop.Server.handle"),
                "com.shop.Checkout.pay"), HOT);
        assertEquals(20, hotThen.get("b").asLong(), "the baseline's count of the same path");
        assertEquals(75, hotThen.get("v").asLong());

        JsonNode alloc = ok("api/profiler/flamegraph?kind=alloc&start=2026-12-02T10:00:00Z&end=2026-12-02T10:05:00Z");
        assertEquals("bytes", alloc.get("unit").asText());
        assertEquals(1048576 + 4096, alloc.get("totals").get("target").asLong());
    }

    @Test
    void recommendationsHeapAndAnomaliesAreReadFromTheirFiles() throws Exception {
        JsonNode recommendations = ok("api/profiler/recommendations?group=shop");
        JsonNode first = recommendations.get("reports").get(0).get("recommendations").get(0);
        assertEquals("Excessive log formatting " + HOSTILE, first.get("name").asText());
        assertEquals(1234.5, first.get("estimatedYearlyCostUsd").asDouble());
        assertEquals(60, first.get("matchingStacks").get(0).get("count").asLong());
        assertTrue(recommendations.get("reports").get(0).get("recommendations").get(1).get("estimatedYearlyCostUsd").isNull());

        JsonNode heap = ok("api/profiler/heap?group=shop");
        assertEquals(2, heap.get("summaries").asInt());
        assertEquals("2026-12-02T10:05:00Z", heap.get("summary").get("time").asText(), "the newest");
        assertEquals(1024000, heap.get("summary").get("entries").get(0).get("bytesChange").asLong());

        JsonNode anomalies = ok("api/profiler/anomalies?group=shop");
        assertEquals("java.lang.String.format", anomalies.get("anomalies").get(0).get("function").asText());
        assertEquals(0.6, anomalies.get("anomalies").get(0).get("observedShare").asDouble());
    }

    @Test
    void aDamagedFileIsNamedAndTheRestAnswers() throws Exception {
        Path profiles = dir.resolve("profiles/shop");
        Files.writeString(profiles.resolve("cpu/20261202T100500Z--20261202T101000Z.collapsed"),
                "java.lang.Thread.run;com.shop.Checkout.pay 5\njava.lang.Thread.run;broken\n");
        Files.writeString(profiles.resolve("recommendations/20261202T100500Z--20261202T101000Z.json"), "{\"recommendations\": [{");
        JsonNode graph = ok("api/profiler/flamegraph?group=shop");
        assertEquals(105, graph.get("totals").get("target").asLong(), "the good line of the damaged file counts");
        String problem = graph.get("problems").get(0).asText();
        assertTrue(problem.contains("20261202T100500Z--20261202T101000Z.collapsed, line 2: a line is 'frame;frame;...;frame COUNT'"), problem);
        JsonNode recommendations = ok("api/profiler/recommendations?group=shop");
        assertEquals(1, recommendations.get("reports").size());
        assertTrue(recommendations.get("problems").get(0).asText().contains("not JSON"), recommendations.toString());
    }

    @Test
    void aBadParameterIsA400NamingTheValue() throws Exception {
        HttpResponse<String> kind = get("api/profiler/flamegraph?kind=wall");
        assertEquals(400, kind.statusCode());
        assertTrue(kind.body().contains("parameter 'kind' value 'wall' is not one of cpu, alloc, lock"), kind.body());
        HttpResponse<String> group = get("api/profiler/heap?group=" + URLEncoder.encode("../etc", StandardCharsets.UTF_8));
        assertEquals(400, group.statusCode());
        assertTrue(group.body().contains("'../etc' is not a profiling group with files here: shop"), group.body());
        HttpResponse<String> compare = get("api/profiler/flamegraph?compare=yesterday");
        assertEquals(400, compare.statusCode());
        assertTrue(compare.body().contains("'yesterday'"), compare.body());
        HttpResponse<String> range = get("api/profiler/anomalies?start=soon");
        assertEquals(400, range.statusCode());
        assertTrue(range.body().contains("'soon'"), range.body());
    }

    @Test
    void theScriptsAreServedAndWriteNoMarkup() throws Exception {
        for (String path : List.of("static/pages/profiler.js", "static/flamegraph.js", "static/flamegraph.css")) {
            HttpResponse<String> script = get(path);
            assertEquals(200, script.statusCode(), path);
            for (String sink : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(")) {
                assertFalse(script.body().contains(sink), path + ": values reach the page as text, never as markup: " + sink);
            }
        }
    }

    @Test
    void aBrowserShowsTheHotMethodSearchesZoomsAndComparesWithThePreviousRange() throws Exception {
        try (ConsoleBrowser browser = ConsoleBrowser.open(base)) {
            browser.go("#/profiler");
            WebElement hot = browser.await(d -> d.findElements(By.cssSelector("svg.flame-graph g.frame")).stream()
                    .filter(g -> HOT.equals(g.getAttribute("data-name"))).findFirst().orElse(null));
            assertTrue(hot.findElement(By.tagName("text")).getText().startsWith("com.shop.Checkout.format"), hot.getText());
            assertTrue(browser.find("#profiler-summary").getText().contains("100 samples"), browser.find("#profiler-summary").getText());

            WebElement search = browser.find("#flame-search");
            search.sendKeys("formatReceipt");
            browser.await(d -> d.findElement(By.id("flame-matched")).getText().startsWith("Matched: 75.00%"));
            assertEquals(1, browser.all("svg.flame-graph g.frame.match").size());

            // Zoom into the hot frame: it fills the width, its parent fades, and reset brings back the whole graph.
            int before = Integer.parseInt(browser.find("svg.flame-graph").getAttribute("data-frames"));
            frame(browser, HOT).click(); // the search redrew the graph
            browser.await(d -> !d.findElements(By.cssSelector("svg.flame-graph g.frame.faded")).isEmpty());
            int zoomed = Integer.parseInt(browser.find("svg.flame-graph").getAttribute("data-frames"));
            assertTrue(zoomed < before, zoomed + " frames zoomed, " + before + " before");
            Object width = browser.script("return [...document.querySelectorAll('svg.flame-graph g.frame')]"
                    + ".find(g => g.dataset.name === arguments[0]).querySelector('rect').getAttribute('width')", HOT);
            assertTrue(Double.parseDouble(width.toString()) > 1000, "the zoomed frame spans the graph: " + width);
            browser.find("#flame-reset").click();
            browser.await(d -> d.findElements(By.cssSelector("svg.flame-graph g.frame.faded")).isEmpty());

            // The hostile frame is a frame named by text, in the tooltip and the attribute.
            Object title = browser.script("return [...document.querySelectorAll('svg.flame-graph g.frame')]"
                    + ".find(g => g.dataset.name === arguments[0]).querySelector('title').textContent", HOSTILE);
            assertTrue(title.toString().startsWith(HOSTILE + ": 10 samples, 10.00%"), title.toString());

            WebElement recommendation = browser.await(d -> d.findElements(By.cssSelector("#profiler-recommendations tbody tr")).stream()
                    .filter(r -> r.getText().contains("Excessive log formatting")).findFirst().orElse(null));
            assertTrue(recommendation.getText().contains("Excessive log formatting " + HOSTILE), recommendation.getText());
            assertTrue(recommendation.getText().contains("$1,234.5"), recommendation.getText());
            recommendation.click();
            WebElement stack = browser.find("#profiler-stacks tbody tr");
            assertTrue(stack.getText().contains("com.shop.Checkout.formatReceipt;java.lang.String.format"), stack.getText());
            stack.click();
            browser.await(d -> d.findElement(By.id("flame-matched")).getText().startsWith("Matched: 60.00%"));

            String heap = browser.find("#profiler-heap table").getText();
            assertTrue(heap.contains("byte[]") && heap.contains("+500") && heap.contains("com.shop.Order" + HOSTILE), heap);
            assertTrue(browser.find("#profiler-anomalies table").getText().contains("java.lang.String.format"));

            browser.screenshot("profiler");
            frame(browser, HOT).click();
            browser.await(d -> !d.findElements(By.cssSelector("svg.flame-graph g.frame.faded")).isEmpty());
            browser.find("#profiler-diff").click();
            browser.await(d -> d.findElement(By.id("profiler-summary")).getText().contains("compared with"));
            String fill = browser.await(d -> {
                Object value = browser.script("const g = [...document.querySelectorAll('svg.flame-graph g.frame')]"
                        + ".find(g => g.dataset.name === arguments[0]); return g && g.querySelector('rect').getAttribute('fill')", HOT);
                return value == null ? null : value.toString();
            });
            assertTrue(fill.startsWith("rgb(255,"), "grew from 20% to 75%: red, not " + fill);
            assertFalse(browser.all("svg.flame-graph g.frame.faded").isEmpty(), "the new graph keeps the zoom");
            browser.find("#flame-reset").click();
            browser.await(d -> d.findElements(By.cssSelector("svg.flame-graph g.frame.faded")).isEmpty());
            Object inventory = browser.script("return [...document.querySelectorAll('svg.flame-graph g.frame')]"
                    + ".find(g => g.dataset.name === 'com.shop.Inventory.reserve').querySelector('rect').getAttribute('fill')");
            assertTrue(inventory.toString().endsWith(",255)"), "shrank from 80% to 15%: blue, not " + inventory);

            assertNull(browser.script("return document.body.dataset.pwned"), "no markup from the data ran");
            browser.screenshot("profiler-differential");
            assertEquals(List.of(), browser.errors());
        }
    }

    /** The frame named {@code name} as drawn now (each search or zoom redraws the graph). */
    static WebElement frame(ConsoleBrowser browser, String name) {
        return browser.await(d -> d.findElements(By.cssSelector("svg.flame-graph g.frame")).stream()
                .filter(g -> name.equals(g.getAttribute("data-name"))).findFirst().orElse(null));
    }
}
