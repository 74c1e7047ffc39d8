package dev.monitor.console.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.logs.Logger;
import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Dimension;
import dev.monitor.api.metrics.Distribution;
import dev.monitor.api.metrics.Gauge;
import dev.monitor.console.ConsoleBrowser;
import dev.monitor.core.Monitor;
import dev.monitor.core.alarms.ComparisonOperator;
import dev.monitor.core.alarms.MetricAlarm;
import dev.monitor.testing.ManualClock;
import java.io.IOException;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboards page over real HTTP and in a real browser. The "Docs" dashboard is the metric-math
 * example of "Dashboard Body Structure and Syntax"
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html),
 * changed only in names (namespace AWS/EC2 to the test's Shop; metric names to ones that are not Monitor's built-in
 * JVM and process metrics, which take CPUUtilization, DiskReadBytes and NetworkIn), plus a text widget whose markdown holds a script and an
 * explorer widget; "Views" starts with the same page's stacked-area example (names changed likewise) and adds
 * every other view, a log widget, an alarm widget and an alarm annotation.
 */
class DashboardsPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOSTILE = "<img src=x onerror=\"document.body.dataset.pwned=1\"><script>document.body.dataset.pwned=2</script>";
    private static final Instant START = Instant.parse("2026-12-02T10:00:00Z");

    /** The page's math example: "." shorthand, a SUM(METRICS()) expression, and a search expression (not drawn here). */
    static final String DOCS_BODY = """
            {"start": "-PT9H", "periodOverride": "inherit", "widgets": [
              {"type":"metric", "x":0, "y":0, "width":12, "height":6, "properties":{
                 "metrics":[
                    [ "Shop", "OrderBytesRead", "InstanceId", "i-123",{ "id": "m1" } ],
                    [ ".", ".", ".", "i-abc", { "id": "m2" } ],
                    [ { "expression": "SUM(METRICS())", "label": "Sum of OrderBytesRead", "id": "e3" } ]],
                 "view": "timeSeries", "stacked": false, "period":300, "stat":"Average", "region":"us-east-1",
                 "title":"EC2 Instance CPU"}},
              {"type":"metric", "x":0, "y":0, "width":18, "height":9, "properties":{
                 "metrics":[[ { "expression": "SEARCH('{Shop,InstanceId} MetricName=\\"WorkerUtilization\\"', 'Average', 300)", "id": "e1" } ]],
                 "view": "timeSeries", "stacked": false, "region":"us-east-1", "title":"EC2 Instance CPU"}},
              {"type":"text", "x":18, "y":0, "width":6, "height":9, "properties":{"markdown":
                 "# Runbook\\n\\nThe **checkout** path, see [the guide](https://example.com/guide), not [this](javascript:document.body.dataset.pwned=4).\\n\\n- one\\n- two\\n\\n<script>document.body.dataset.pwned=3</script>\\n\\n| Host | Role |\\n|---|---|\\n| a | web |"}},
              {"type":"explorer", "x":0, "y":15, "width":12, "height":4, "properties":{"metrics":[{"metricName":"WorkerUtilization",
                 "resourceType":"AWS::EC2::Instance","stat":"Average"}],"period":300,"splitBy":"","region":"us-east-1"}}]}
            """;

    /** The page's stacked-area example first, then one widget per view, a log widget twice, an alarm widget. */
    static final String VIEWS_BODY = """
            {"widgets": [
              {"type":"metric", "x":0, "y":0, "width":12, "height":6, "properties":{
                 "metrics":[["Shop","WorkerUtilization","InstanceId","i-012345"],
                            ["Shop","PaymentBytesIn","InstanceId","i-012345",
                             {"yAxis":"right","label":"PaymentBytesIn","period":3600,"stat":"Maximum"}]],
                 "period":300, "stat":"Average", "region":"us-east-1", "timezone":"+0300", "title":"EC2 Instance CPU",
                 "stacked":true, "view":"timeSeries", "liveData":false,
                 "yAxis":{"left":{"min":0,"max":100},"right":{"min":50}},
                 "annotations":{"horizontal":[{"visible":true,"color":"#9467bd","label":"Critical range","value":20,
                                               "fill":"above","yAxis":"right"}]}}},
              {"type":"metric", "x":12, "y":0, "width":6, "height":3, "properties":{"view":"singleValue", "period":60,
                 "metrics":[["Shop","WorkerUtilization","InstanceId","i-012345"],[".","OrderBytesRead",".","i-123",{"stat":"Sum","label":"Reads"}]]}},
              {"type":"metric", "x":18, "y":0, "width":6, "height":6, "properties":{"view":"gauge", "period":60, "title":"CPU gauge",
                 "metrics":[["Shop","WorkerUtilization","InstanceId","i-012345"]], "yAxis":{"left":{"min":0,"max":100}}}},
              {"type":"metric", "x":12, "y":3, "width":6, "height":3, "properties":{"view":"bar", "period":60, "setPeriodToTimeRange":true,
                 "stat":"Sum", "metrics":[["Shop","OrderBytesRead","InstanceId","i-123"],
                                          [".",".",".","i-abc",{"label":"${PROP('Dim.InstanceId')} total ${SUM}"}]]}},
              {"type":"metric", "x":0, "y":6, "width":6, "height":6, "properties":{"view":"pie", "period":60, "stat":"Sum", "title":"Reads by host",
                 "metrics":[["Shop","OrderBytesRead","InstanceId","i-123"],[".",".",".","i-abc"]]}},
              {"type":"metric", "x":6, "y":6, "width":12, "height":6, "properties":{"period":60, "title":"CPU against its alarm",
                 "yAxis":{"left":{"label":"Percent"}},
                 "annotations":{"alarms":["arn:aws:cloudwatch:us-east-1:000000000000:alarm:HighCpu"]}}},
              {"type":"log", "x":18, "y":6, "width":6, "height":6, "properties":{"title":"Recent checkouts",
                 "query":"SOURCE '/monitor/Shop' | fields @timestamp, @message, latency\\n| sort @timestamp desc\\n| limit 5"}},
              {"type":"log", "x":0, "y":12, "width":12, "height":6, "properties":{"title":"Checkouts per minute", "view":"timeSeries",
                 "query":"SOURCE '/monitor/Shop' | stats count(*) as checkouts by bin(1m)"}},
              {"type":"alarm", "x":12, "y":12, "width":12, "height":3, "properties":{"title":"Alarms", "alarms":[
                 "arn:aws:cloudwatch:us-east-1:000000000000:alarm:HighCpu",
                 "arn:aws:cloudwatch:us-east-1:000000000000:alarm:Nope"]}},
              {"type":"metric", "x":12, "y":15, "width":12, "height":3, "properties":{"view":"table", "period":60,
                 "metrics":[["Shop","WorkerUtilization","InstanceId","i-012345",{"label":"CPU"}]]}}]}
            """;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ManualClock clock = ManualClock.at(START.toString());
    private Monitor monitor;
    private URI base;

    @TempDir
    Path dir;

    @BeforeEach
    void tenMinutesOfAShop() throws IOException {
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, "namespace: Shop\ndashboard: {enabled: true, port: 0}\nexporters: [{type: emf, signals: [metrics]}]\n");
        monitor = Monitor.builder().config(config).clock(clock).dataDir(dir).tickEvery(Duration.ZERO).build();
        base = monitor.dashboardUri().orElseThrow();
        monitor.alarms().putMetricAlarm(MetricAlarm.builder("HighCpu").metric("Shop", "WorkerUtilization", new Dimension("InstanceId", "i-012345"))
                .statistic("Average").period(60).evaluationPeriods(1).threshold(50)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).build());
        Gauge cpu = monitor.metrics().gauge("WorkerUtilization", "InstanceId", "i-012345");
        Counter first = monitor.metrics().counter("OrderBytesRead", "InstanceId", "i-123");
        Counter second = monitor.metrics().counter("OrderBytesRead", "InstanceId", "i-abc");
        Distribution network = monitor.metrics().distribution("PaymentBytesIn", "InstanceId", "i-012345");
        Counter hostile = monitor.metrics().counter("OrderBytesRead", "InstanceId", HOSTILE);
        Logger log = monitor.logs().logger("shop.Checkout");
        for (int minute = 0; minute < 10; minute++) {
            cpu.set(20 + minute * 5);
            first.increment(100 * (minute + 1));
            second.increment(10 * (minute + 1));
            hostile.increment();
            network.record(1000 * (minute + 1));
            clock.set(START.plusSeconds(60L * minute + 30));
            log.atInfo().field("latency", 100 + minute).message("checkout ok " + HOSTILE);
            clock.set(START.plusSeconds(60L * (minute + 1)));
            monitor.flush(Duration.ofSeconds(10));
        }
        monitor.dashboards().putDashboard("Docs", DOCS_BODY);
        monitor.dashboards().putDashboard("Views", VIEWS_BODY);
    }

    @AfterEach
    void stop() {
        monitor.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return JSON.readTree(response.body());
    }

    private JsonNode widget(String dashboard, int index, String range) throws Exception {
        return json("api/dashboards/widget-data?dashboard=" + dashboard + "&widget=" + index + range);
    }

    private static JsonNode series(JsonNode answer, String id) {
        for (JsonNode line : answer.get("series")) {
            if (line.get("id").asText().equals(id)) {
                return line;
            }
        }
        throw new AssertionError("no line " + id + " in " + answer);
    }

    private static List<Double> values(JsonNode line) {
        List<Double> values = new ArrayList<>();
        line.get("points").forEach(point -> values.add(point.get("value").asDouble()));
        return values;
    }

    @Test
    void listsTheCustomDashboardsAndAnAutomaticOnePerNamespace() throws Exception {
        JsonNode list = json("api/dashboards/list").get("dashboards");
        assertEquals("Docs", list.get(0).get("name").asText(), list.toString());
        assertEquals("custom", list.get(0).get("kind").asText());
        assertEquals("Views", list.get(1).get("name").asText());
        boolean shop = false;
        for (JsonNode entry : list) {
            shop |= entry.get("kind").asText().equals("automatic") && "Shop".equals(entry.get("namespace").asText())
                    && entry.get("section").asText().equals("application");
        }
        assertTrue(shop, "the automatic dashboard of namespace Shop is listed: " + list);
        JsonNode pages = JSON.readTree(get("api/pages").body()).get("pages");
        assertEquals("dashboards", pages.get(0).get("id").asText(), "first in the navigation: " + pages);
    }

    @Test
    void theScriptBuildsElementsAndPlacesThemThroughTheCssom() throws Exception {
        HttpResponse<String> script = get("static/pages/dashboards.js");
        assertEquals(200, script.statusCode());
        for (String markup : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "setAttribute('style'", "style: ")) {
            assertFalse(script.body().contains(markup), "values reach the page as elements and text, never as markup: " + markup);
        }
    }

    @Test
    void aDashboardIsItsBodyAsPutWithItsLayoutAndWhatIsNotDrawn() throws Exception {
        JsonNode drawn = json("api/dashboards/dashboard/Docs");
        assertEquals(JSON.readTree(DOCS_BODY), drawn.get("body"), "the body is AWS's JSON as put");
        JsonNode layout = drawn.get("layout");
        assertEquals(4, layout.size());
        assertEquals("metric", layout.get(0).get("type").asText());
        assertEquals(0, layout.get(1).get("y").asInt() - layout.get(0).get("height").asInt(),
                "the search widget, put on top of the first one, is moved down below it: " + layout);
        assertEquals("explorer", layout.get(3).get("type").asText());
        List<String> unsupported = new ArrayList<>();
        drawn.get("unsupported").forEach(part -> unsupported.add(part.get("dataPath").asText()));
        assertEquals(List.of("/widgets/1/properties/metrics/0", "/widgets/3"), unsupported);
        HttpResponse<String> missing = get("api/dashboards/dashboard/Nope");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("'Nope'"), missing.body());
    }

    @Test
    void metricRowsAreReadPerPeriodAndExpressionsEvaluatedOverThem() throws Exception {
        JsonNode math = widget("Docs", 0, "");
        assertEquals("dashboard", math.get("rangeSource").asText(), "the body's start -PT9H applies");
        assertEquals(clock.instant().minus(Duration.ofHours(9)).toString(), math.get("start").asText());
        JsonNode m1 = series(math, "m1");
        JsonNode m2 = series(math, "m2");
        JsonNode e3 = series(math, "e3");
        assertEquals(300, m1.get("period").asInt(), "periodOverride inherit: the widget's period");
        assertEquals(2, m1.get("points").size(), "ten minutes make two 5-minute periods: " + m1);
        assertEquals("2026-12-02T10:05:00Z", m1.get("points").get(1).get("t").asText());
        assertFalse(values(m1).equals(values(m2)), "the \".\" row reads i-abc, not i-123");
        assertEquals("Sum of OrderBytesRead", e3.get("label").asText());
        for (int i = 0; i < 2; i++) {
            assertEquals(values(m1).get(i) + values(m2).get(i), values(e3).get(i), 1e-9, "SUM(METRICS()) per period");
        }
        JsonNode search = widget("Docs", 1, "");
        assertTrue(series(search, "e1").get("problem").asText().startsWith("not supported here: search expressions"), search.toString());

        JsonNode stacked = widget("Views", 0, "&start=-PT1H");
        assertEquals("console", stacked.get("rangeSource").asText(), "a body without start follows the console's range");
        assertEquals(clock.instant().minus(Duration.ofHours(1)).toString(), stacked.get("start").asText());
        JsonNode network = series(stacked, "m2");
        assertEquals("PaymentBytesIn", network.get("label").asText());
        assertEquals(3600, network.get("period").asInt(), "the row's own period");
        assertEquals("Maximum", network.get("stat").asText(), "the row's own statistic");
        assertEquals(List.of(10_000.0), values(network), "the hour's maximum: " + network);
        assertEquals(300, series(stacked, "m1").get("period").asInt(), "auto keeps the widget's period when it fits");
        assertEquals("right", stacked.get("horizontal").get(0).get("yAxis").asText());

        JsonNode bar = widget("Views", 3, "&start=-PT1H");
        assertEquals(List.of(5500.0), values(series(bar, "m1")), "setPeriodToTimeRange: the Sum of the whole hour, 100+200+...+1000");
        assertEquals("i-abc total 550", series(bar, "m2").get("label").asText(), "a dynamic label");
        JsonNode alarm = widget("Views", 5, "&start=-PT1H");
        assertEquals("HighCpu", alarm.get("alarms").get(0).get("name").asText());
        assertEquals(50.0, alarm.get("horizontal").get(0).get("value").asDouble(), "the alarm's threshold");
        assertEquals("HighCpu: > 50", alarm.get("horizontal").get(0).get("label").asText());
        assertEquals(10, series(alarm, "m1").get("points").size(), "the alarm's metric per minute");
    }

    @Test
    void aRangeBeyondWhatMemoryHoldsIsReadFromTheFiles() throws Exception {
        List<Double> fromMemory = values(series(widget("Docs", 0, ""), "e3"));
        clock.advance(Duration.ofHours(4));
        assertTrue(monitor.recentMetrics().stream().noneMatch(m -> m.metric().name().equals("OrderBytesRead")),
                "four hours on, memory no longer holds the shop's metrics");
        JsonNode fromFiles = widget("Docs", 0, "");
        assertEquals(fromMemory, values(series(fromFiles, "e3")), "the body's nine hours are read from the EMF files: " + fromFiles);
        assertEquals(List.of(), values(series(widget("Views", 3, "&start=-PT1H"), "m1")), "the last hour has nothing, in memory or files");
    }

    @Test
    void logWidgetsRunTheirQueryAndAlarmWidgetsReadTheStates() throws Exception {
        JsonNode recent = widget("Views", 6, "&start=-PT1H");
        assertEquals(List.of("/monitor/Shop"), List.of(recent.get("logGroups").get(0).asText()));
        assertEquals(5, recent.get("rows").size(), recent.toString());
        assertTrue(recent.get("rows").get(0).get("@message").asText().contains("checkout ok"), recent.toString());
        assertEquals("109", recent.get("rows").get(0).get("latency").asText(), "newest first");
        JsonNode perMinute = widget("Views", 7, "&start=-PT1H");
        assertEquals("bin(1m)", perMinute.get("columns").get(0).asText(), perMinute.toString());
        assertEquals(10, perMinute.get("rows").size());
        JsonNode alarms = widget("Views", 8, "");
        assertEquals("HighCpu", alarms.get("alarms").get(0).get("name").asText());
        assertTrue(alarms.get("alarms").get(0).get("exists").asBoolean());
        assertEquals("Nope", alarms.get("alarms").get(1).get("name").asText());
        assertFalse(alarms.get("alarms").get(1).get("exists").asBoolean());
    }

    @Test
    void badParametersAreRefusedNamingTheValue() throws Exception {
        HttpResponse<String> index = get("api/dashboards/widget-data?dashboard=Docs&widget=9");
        assertEquals(400, index.statusCode());
        assertTrue(index.body().contains("'widget' value 9"), index.body());
        HttpResponse<String> text = get("api/dashboards/widget-data?dashboard=Docs&widget=2");
        assertEquals(400, text.statusCode());
        assertTrue(text.body().contains("text widget"), text.body());
        HttpResponse<String> range = get("api/dashboards/widget-data?dashboard=Views&widget=0&start=yesterday");
        assertEquals(400, range.statusCode());
        assertTrue(range.body().contains("'yesterday'"), range.body());
        assertEquals(404, get("api/dashboards/widget-data?dashboard=Nope&widget=0").statusCode());
        assertEquals(400, get("api/dashboards/widget-data?widget=0").statusCode());
    }

    @Test
    void aBrowserDrawsEveryWidgetOfTheDocumentationsDashboard() throws Exception {
        try (ConsoleBrowser browser = ConsoleBrowser.open(base)) {
            browser.go("#/dashboards").settled("dashboards");
            assertTrue(browser.find("#dashboard-lists").getText().contains("Automatic dashboards: Application"));
            browser.screenshot("dashboards-list");
            browser.find("a[data-dashboard='Docs']").click();
            WebElement graph = browser.find("[data-widget='0'] .uplot");
            assertEquals("6", graph.getAttribute("data-points"), "m1, m2 and e3 over two periods");
            WebElement search = browser.find("[data-widget='1'] .dash-note");
            assertTrue(search.getText().contains("not supported here: search expressions"), search.getText());
            WebElement text = browser.find("[data-widget='2'] .markdown");
            assertEquals("Runbook", text.findElement(By.tagName("h1")).getText());
            assertEquals("checkout", text.findElement(By.tagName("strong")).getText());
            assertEquals(1, text.findElements(By.tagName("a")).size(), "a javascript: link stays text");
            assertEquals("https://example.com/guide", text.findElement(By.tagName("a")).getAttribute("href"));
            assertTrue(text.getText().contains("[this](javascript:"), text.getText());
            assertEquals(2, text.findElements(By.cssSelector("ul li")).size());
            assertEquals("web", text.findElement(By.cssSelector("table td:nth-child(2)")).getText());
            assertTrue(text.getText().contains("<script>document.body.dataset.pwned=3</script>"), "the script is text: " + text.getText());
            WebElement explorer = browser.find("[data-widget='3'] .dash-note");
            assertTrue(explorer.getText().contains("not supported here: explorer widgets"), explorer.getText());
            assertTrue(browser.find("#dashboard-unsupported").getText().contains("2 parts"));
            assertTrue(browser.find("#dashboard-range").getText().contains("-PT9H"));
            WebElement place = browser.find("[data-widget='2']");
            assertEquals("19 / span 6", browser.script("return arguments[0].style.gridColumn", place));
            assertNull(browser.script("return document.body.dataset.pwned"), "no markup from the data ran");
            browser.screenshot("dashboards");
            browser.find("#reload").click(); // a refresh redraws the same body in place
            browser.await(d -> "6".equals(browser.script("const p = document.querySelectorAll(\"[data-widget='0'] .uplot\");"
                    + " return p.length === 1 ? p[0].dataset.points : null")));
            assertEquals(1, browser.all("[data-widget='2'] h1").size());
            assertEquals(List.of(), browser.errors());
        }
    }

    @Test
    void aBrowserDrawsEveryViewAndTheAutomaticDashboard() throws Exception {
        try (ConsoleBrowser browser = ConsoleBrowser.open(base)) {
            browser.go("#/dashboards/Views");
            WebElement stacked = browser.find("[data-widget='0'] .uplot");
            assertTrue(Integer.parseInt(stacked.getAttribute("data-points")) > 0);
            assertTrue(browser.find("[data-widget='0'] .dash-notes").getText().contains("right Y axis"));
            List<WebElement> numbers = browser.await(d -> {
                List<WebElement> found = d.findElements(By.cssSelector("[data-widget='1'] .single-value .big"));
                return found.size() == 2 ? found : null;
            });
            assertEquals("65", numbers.get(0).getText(), "the last minute's CPU");
            assertEquals("1,000", numbers.get(1).getText(), "the last minute's reads");
            assertEquals("65", browser.find("[data-widget='2'] svg.gauge").getAttribute("data-value"));
            assertEquals("5500", browser.find("[data-widget='3'] svg.bars g").getAttribute("data-value"));
            Integer slices = browser.await(d -> {
                int found = d.findElements(By.cssSelector("[data-widget='4'] svg.pie [data-label]")).size();
                return found == 0 ? null : found;
            });
            assertEquals(2, slices, "a slice per host");
            WebElement alarmGraph = browser.find("[data-widget='5'] .uplot");
            assertTrue(alarmGraph.getText().contains("HighCpu: > 50"), "the threshold is in the legend: " + alarmGraph.getText());
            assertEquals("Percent", browser.find("[data-widget='5'] .y-label").getText());
            WebElement logs = browser.find("[data-widget='6'] table");
            assertEquals(5, logs.findElements(By.cssSelector("tbody tr")).size());
            assertTrue(logs.getText().contains("<script>"), "a logged value is text");
            assertEquals("10", browser.find("[data-widget='7'] .uplot").getAttribute("data-points"));
            WebElement alarms = browser.find("[data-widget='8'] li[data-alarm='HighCpu']");
            assertTrue(alarms.getText().matches("(?s)(ALARM|OK|INSUFFICIENT_DATA) HighCpu.*"), alarms.getText());
            assertTrue(browser.find("[data-widget='8'] li[data-alarm='Nope']").getText().contains("NOT FOUND"));
            WebElement valueTable = browser.find("[data-widget='9'] table tbody tr");
            assertEquals("CPU 65 20 65 42.5", valueTable.getText(), "label, latest, minimum, maximum, average of the range");
            assertNull(browser.script("return document.body.dataset.pwned"));
            browser.screenshot("dashboards-views");

            String automatic = null;
            for (JsonNode entry : json("api/dashboards/list").get("dashboards")) {
                if ("Shop".equals(entry.path("namespace").asText()) && entry.get("section").asText().equals("application")) {
                    automatic = entry.get("name").asText();
                }
            }
            browser.find("#dashboard-pick option");
            Select pick = new Select(browser.find("#dashboard-pick"));
            pick.selectByValue(automatic); // the switcher opens another dashboard
            String address = "#/dashboards/" + URLEncoder.encode(automatic, StandardCharsets.UTF_8).replace("+", "%20");
            browser.await(d -> d.getCurrentUrl().endsWith(address));
            WebElement first = browser.find("#dashboard-grid .uplot");
            assertTrue(Integer.parseInt(first.getAttribute("data-points")) > 0, "the automatic dashboard graphs the shop's metrics");
            // the grid's widgets render one by one: wait for the one with the hostile dimension
            browser.await(d -> d.findElement(org.openqa.selenium.By.cssSelector("#dashboard-grid")).getText().contains("<img src=x"));
            assertEquals(List.of(), browser.all(".dash-notes").stream().map(WebElement::getText).filter(t -> !t.isEmpty()).toList(),
                    "an automatic dashboard is drawn whole");
            assertNull(browser.script("return document.body.dataset.pwned"));
            browser.screenshot("dashboards-automatic");
            assertEquals(List.of(), browser.errors());
        }
    }
}
