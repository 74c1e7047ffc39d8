package dev.monitor.console.alarms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Unit;
import dev.monitor.console.ConsoleBrowser;
import dev.monitor.core.Monitor;
import dev.monitor.core.alarms.AlarmService;
import dev.monitor.core.alarms.ComparisonOperator;
import dev.monitor.core.alarms.CompositeAlarm;
import dev.monitor.core.alarms.MetricAlarm;
import dev.monitor.core.alarms.MetricDataQuery;
import dev.monitor.core.alarms.MetricStat;
import dev.monitor.core.alarms.Statistic;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The alarms page's API over real HTTP on loopback, and the page in a real browser. */
class AlarmsPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** An alarm name that would be markup if the page did not escape it; its '/' is inside the name. */
    private static final String HOSTILE = "<img src=x onerror=\"document.body.dataset.pwned=1\"><script>document.body.dataset.pwned=2</script>";
    private final HttpClient http = HttpClient.newHttpClient();
    private final ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
    private Monitor monitor;
    private URI base;

    @TempDir
    Path dir;

    /**
     * Errors: Sum > 5 per minute, OK at 10:01 (1 error), ALARM at 10:03 (10 errors), the page read
     * at 10:03:30. RequestsAnomaly: a band learnt from 48 minutes of history around 100. ShopDown: a
     * composite of both. Idle: a metric that never comes, so INSUFFICIENT_DATA.
     */
    @BeforeEach
    void startWithThreeMinutesOfAlarms() throws IOException {
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, "namespace: Shop\ndashboard: {enabled: true, port: 0}\n");
        monitor = Monitor.builder().config(config).clock(clock).dataDir(dir).tickEvery(Duration.ZERO).build();
        base = monitor.dashboardUri().orElseThrow();
        AlarmService alarms = monitor.alarms();
        alarms.putMetricAlarm(errorsAlarm("Errors", 5));
        alarms.putMetricAlarm(MetricAlarm.builder(HOSTILE).description("described as " + HOSTILE).metric("Shop", "Errors")
                .statistic("Sum").period(60).threshold(1000).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).build());
        MetricId requests = new MetricId("Shop", "Requests", List.of(), Unit.COUNT, Resolution.STANDARD);
        List<Datapoint> history = new ArrayList<>();
        for (int i = 48; i >= 1; i--) {
            history.add(Datapoint.single(requests, clock.instant().minusSeconds(60L * i), i % 2 == 0 ? 99 : 101));
        }
        alarms.putMetricAlarm(MetricAlarm.builder("RequestsAnomaly")
                .query(MetricDataQuery.metric("m1", new MetricStat("Shop", "Requests", List.of(), 60, Statistic.simple("Sum")), true))
                .query(MetricDataQuery.expression("ad1", "ANOMALY_DETECTION_BAND(m1, 2)", true))
                .thresholdMetricId("ad1").evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.LESS_THAN_LOWER_OR_GREATER_THAN_UPPER_THRESHOLD).build(), history);
        alarms.putCompositeAlarm(CompositeAlarm.builder("ShopDown").rule("ALARM(\"Errors\") OR ALARM(\"RequestsAnomaly\")").build());
        alarms.putMetricAlarm(MetricAlarm.builder("Idle").metric("Shop", "Nothing").statistic("Sum").period(60).threshold(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).treatMissingData(
                        dev.monitor.core.alarms.TreatMissingData.MISSING).build());
        Counter errors = monitor.metrics().counter("Errors");
        Counter requestCount = monitor.metrics().counter("Requests");
        for (int minute = 1; minute <= 3; minute++) {
            errors.increment(new int[] {1, 2, 10}[minute - 1]);
            requestCount.increment(100);
            clock.advance(Duration.ofMinutes(1));
            monitor.flush(Duration.ofSeconds(10));
        }
        clock.advance(Duration.ofSeconds(30));
    }

    private static MetricAlarm errorsAlarm(String name, double threshold) {
        return MetricAlarm.builder(name).metric("Shop", "Errors").statistic("Sum").period(60).threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).build();
    }

    @AfterEach
    void stop() {
        monitor.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).header("X-Monitor-Request", "1")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String path(String alarmName) {
        return URLEncoder.encode(alarmName, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JsonNode byName(JsonNode alarms, String name) {
        for (JsonNode alarm : alarms) {
            if (alarm.get("name").asText().equals(name)) {
                return alarm;
            }
        }
        throw new AssertionError("no alarm " + name + " in " + alarms);
    }

    @Test
    void listsEveryAlarmWithItsStateReasonAndCondition() throws Exception {
        HttpResponse<String> response = get("api/alarms/list");
        assertEquals(200, response.statusCode());
        JsonNode answer = JSON.readTree(response.body());
        JsonNode alarms = answer.get("alarms");
        assertEquals(List.of("Errors", HOSTILE, "RequestsAnomaly", "ShopDown", "Idle"),
                List.of(alarms.get(0), alarms.get(1), alarms.get(2), alarms.get(3), alarms.get(4)).stream()
                        .map(a -> a.get("name").asText()).toList(), "in the order they were created");
        JsonNode errors = byName(alarms, "Errors");
        assertEquals("ALARM", errors.get("state").asText());
        assertEquals("metric", errors.get("type").asText());
        assertEquals("Shop Errors Sum > 5 for 1 datapoints within 1 x 60 s", errors.get("condition").asText());
        assertTrue(errors.get("reason").asText().contains("[10.0 (22/11/26 10:02:00)] was greater than the threshold (5.0)"),
                errors.get("reason").asText());
        assertEquals("2026-11-22T10:03:00Z", errors.get("updated").asText());
        assertTrue(errors.get("actionsEnabled").asBoolean());
        assertEquals("OK", byName(alarms, HOSTILE).get("state").asText());
        assertEquals("described as " + HOSTILE, byName(alarms, HOSTILE).get("description").asText());
        assertEquals("INSUFFICIENT_DATA", byName(alarms, "Idle").get("state").asText());
        JsonNode composite = byName(alarms, "ShopDown");
        assertEquals("composite", composite.get("type").asText());
        assertEquals("ALARM", composite.get("state").asText());
        assertEquals("ALARM(\"Errors\") OR ALARM(\"RequestsAnomaly\")", composite.get("condition").asText());
        assertEquals(1, answer.get("counts").get("INSUFFICIENT_DATA").asInt(), answer.get("counts").toString());
    }

    @Test
    void anAlarmsTimelineGraphAndHistoryCoverTheRange() throws Exception {
        JsonNode errors = JSON.readTree(get("api/alarms/alarm/Errors").body());
        assertEquals("2026-11-22T07:03:30Z", errors.get("start").asText(), "the last three hours by default");
        assertEquals(List.of("INSUFFICIENT_DATA 2026-11-22T10:00:00Z 2026-11-22T10:01:00Z", "OK 2026-11-22T10:01:00Z 2026-11-22T10:03:00Z",
                "ALARM 2026-11-22T10:03:00Z 2026-11-22T10:03:30Z"), segments(errors), "from its creation at 10:00");
        List<String> summaries = new ArrayList<>();
        errors.get("history").forEach(item -> summaries.add(item.get("summary").asText()));
        assertEquals(List.of("Alarm updated from OK to ALARM", "Alarm updated from INSUFFICIENT_DATA to OK", "Alarm \"Errors\" created"),
                summaries, "newest first, as DescribeAlarmHistory");
        JsonNode graph = errors.get("graph");
        assertEquals(60, graph.get("period").asInt());
        JsonNode points = graph.get("series").get(0).get("points");
        assertEquals(3, points.size(), graph.toString());
        assertEquals("2026-11-22T10:02:00Z", points.get(2).get("t").asText());
        assertEquals(10.0, points.get(2).get("value").asDouble());
        assertEquals(5.0, graph.get("thresholds").get(0).get("value").asDouble());
        assertEquals("> 5", graph.get("thresholds").get(0).get("label").asText());
        assertEquals(0, graph.get("lower").size(), "a fixed threshold has no band");

        JsonNode late = JSON.readTree(get("api/alarms/alarm/Errors?start=2026-11-22T10:02:00Z&end=2026-11-22T10:04:00Z").body());
        assertEquals(List.of("OK 2026-11-22T10:02:00Z 2026-11-22T10:03:00Z", "ALARM 2026-11-22T10:03:00Z 2026-11-22T10:04:00Z"),
                segments(late), "the state at the range's start is the next change's old state");
        assertEquals(1, late.get("history").size(), "only the items in the range");
        JsonNode early = JSON.readTree(get("api/alarms/alarm/Errors?start=2026-11-22T10:01:30Z&end=2026-11-22T10:02:00Z").body());
        assertEquals(List.of("OK 2026-11-22T10:01:30Z 2026-11-22T10:02:00Z"), segments(early), "no change in the range");
    }

    private static List<String> segments(JsonNode detail) {
        List<String> segments = new ArrayList<>();
        detail.get("timeline").forEach(s -> segments.add(s.get("state").asText() + " " + s.get("start").asText() + " " + s.get("end").asText()));
        return segments;
    }

    @Test
    void anAnomalyAlarmsGraphHasItsBandAndACompositeHasNoGraph() throws Exception {
        JsonNode graph = JSON.readTree(get("api/alarms/alarm/RequestsAnomaly").body()).get("graph");
        assertEquals(3, graph.get("series").get(0).get("points").size(), graph.toString());
        assertEquals(0, graph.get("thresholds").size());
        JsonNode lower = graph.get("lower");
        JsonNode upper = graph.get("upper");
        assertEquals(180, lower.size(), "a band value per minute of the three hours");
        assertEquals(lower.size(), upper.size());
        for (int i = 0; i < lower.size(); i++) {
            assertEquals(lower.get(i).get("t"), upper.get(i).get("t"));
            assertTrue(lower.get(i).get("value").asDouble() < 100 && 100 < upper.get(i).get("value").asDouble(), lower.get(i).toString());
        }
        JsonNode composite = JSON.readTree(get("api/alarms/alarm/ShopDown").body());
        assertTrue(composite.get("graph").isNull());
        assertEquals("ALARM", segments(composite).get(segments(composite).size() - 1).split(" ")[0]);
    }

    @Test
    void muteAndUnmuteSwitchTheActionsOffAndOn() throws Exception {
        HttpResponse<String> muted = post("api/alarms/alarm/Errors/mute");
        assertEquals(200, muted.statusCode(), muted.body());
        assertFalse(JSON.readTree(muted.body()).get("actionsEnabled").asBoolean());
        assertFalse(monitor.alarms().describe("Errors").orElseThrow().actionsEnabled());
        assertFalse(byName(JSON.readTree(get("api/alarms/list").body()).get("alarms"), "Errors").get("actionsEnabled").asBoolean());
        assertTrue(JSON.readTree(post("api/alarms/alarm/Errors/unmute").body()).get("actionsEnabled").asBoolean());
        assertTrue(monitor.alarms().describe("Errors").orElseThrow().actionsEnabled());

        HttpResponse<String> hostile = post("api/alarms/alarm/" + path(HOSTILE) + "/mute");
        assertEquals(200, hostile.statusCode(), "a name with '/' in it: " + hostile.body());
        assertFalse(monitor.alarms().describe(HOSTILE).orElseThrow().actionsEnabled());
        assertEquals(HOSTILE, JSON.readTree(get("api/alarms/alarm/" + path(HOSTILE)).body()).get("alarm").get("name").asText());
    }

    @Test
    void wrongRequestsAreRefusedNamingTheValue() throws Exception {
        HttpResponse<String> missing = get("api/alarms/alarm/Nope");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("'Nope'"), missing.body());
        HttpResponse<String> badRange = get("api/alarms/alarm/Errors?start=bogus");
        assertEquals(400, badRange.statusCode());
        assertTrue(badRange.body().contains("'bogus'"), badRange.body());
        assertEquals(400, get("api/alarms/alarm/").statusCode());
        HttpResponse<String> verb = post("api/alarms/alarm/Errors/silence");
        assertEquals(404, verb.statusCode());
        assertTrue(verb.body().contains("alarm/Errors/silence"), verb.body());
        assertEquals(404, post("api/alarms/alarm/Nope/mute").statusCode());
        assertEquals(405, post("api/alarms/list").statusCode());
    }

    @Test
    void theScriptIsServedAndWritesNoMarkup() throws Exception {
        HttpResponse<String> script = get("static/pages/alarms.js");
        assertEquals(200, script.statusCode());
        for (String sink : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(")) {
            assertTrue(!script.body().contains(sink), "values reach the page as text, never as markup: " + sink);
        }
    }

    @Test
    void aBrowserShowsTheStatesGraphsAnAlarmAndMutesIt() throws Exception {
        try (ConsoleBrowser browser = ConsoleBrowser.open(base)) {
            browser.go("#/alarms");
            WebElement row = browser.find("tr[data-alarm='Errors']");
            assertEquals("ALARM", row.findElement(By.cssSelector(".state")).getText());
            assertEquals("INSUFFICIENT_DATA", browser.find("tr[data-alarm='Idle'] .state-INSUFFICIENT_DATA").getText());
            WebElement hostile = browser.await(d -> d.findElements(By.cssSelector("tr[data-alarm]")).stream()
                    .filter(r -> r.getText().contains("<img src=x")).findFirst().orElse(null));
            assertTrue(hostile.getText().contains("<script>document.body.dataset.pwned=2</script>"), hostile.getText());
            assertEquals("OK", hostile.findElement(By.cssSelector(".state")).getText());

            row.click();
            WebElement chart = browser.find("#alarm-chart .uplot");
            assertEquals("3", chart.getAttribute("data-points"), "the three minutes of errors");
            assertTrue(chart.getText().contains("threshold > 5"), "the threshold is a line of the graph: " + chart.getText());
            assertEquals(List.of("INSUFFICIENT_DATA", "OK", "ALARM"), browser.all("#alarm-timeline rect").stream()
                    .map(r -> r.getAttribute("data-state")).toList());
            assertTrue(browser.find("#alarm-history").getText().contains("Alarm updated from OK to ALARM"));
            assertFalse(browser.find("#alarm-detail").getText().contains("null"), "no description is no line");

            browser.find("#alarm-mute").click();
            browser.find("#alarm-unmute");
            assertEquals("muted", browser.find("#alarm-detail .alarm-actions").getText());
            assertFalse(monitor.alarms().describe("Errors").orElseThrow().actionsEnabled());
            browser.await(d -> d.findElement(org.openqa.selenium.By.cssSelector("tr[data-alarm='Errors'] .alarm-actions")).getText()
                    .equals("muted")); // the list redraws after the answer
            browser.screenshot("alarms");

            browser.go("#/alarms/RequestsAnomaly");
            // the page is redrawn for the new address after the navigation returns: wait for the band's chart
            browser.await(d -> d.findElements(org.openqa.selenium.By.cssSelector("#alarm-chart .uplot")).stream()
                    .anyMatch(band -> band.getText().contains("band lower") && band.getText().contains("band upper")));
            assertNotNull(browser.find("#alarm-detail h2"));
            browser.go("#/alarms/" + path(HOSTILE));
            browser.await(d -> d.findElement(org.openqa.selenium.By.cssSelector("#alarm-detail h2")).getText().contains("<script>"));
            assertNull(browser.script("return document.body.dataset.pwned"), "no markup from the data ran");
            assertEquals(List.of(), browser.errors());
        }
    }
}
