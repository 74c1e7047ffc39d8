package dev.monitor.core.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.metrics.Timer;
import dev.monitor.testing.ManualClock;
import dev.monitor.core.Monitor;
import dev.monitor.core.QuietMonitor;
import dev.monitor.core.alarms.ComparisonOperator;
import dev.monitor.core.alarms.MetricAlarm;
import dev.monitor.core.metrics.BuiltinMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard over real HTTP on loopback, and rendered by a real browser. */
class DashboardTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Values that would be markup if the page did not escape them. */
    private static final String HOSTILE_REGION = "<img src=x onerror=\"document.body.dataset.pwned=1\">";
    private static final String HOSTILE_ALARM = "<b>Orders</b> low";
    private static final Set<String> BUILTIN = Set.of("JvmThreads", "JvmDaemonThreads", "JvmPeakThreads");
    private final HttpClient http = HttpClient.newHttpClient();
    private final ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
    private Monitor monitor;
    private URI base;

    @TempDir
    Path dir;

    @BeforeEach
    void startWithTwoMinutesOfData() throws IOException {
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, "namespace: Shop\ndashboard: {enabled: true, port: 0}\n");
        monitor = QuietMonitor.quiet(Monitor.builder().config(config).clock(clock).dataDir(dir))
                .builtin(BuiltinMetrics.Group.THREADS, true).build();
        base = monitor.dashboardUri().orElseThrow();
        monitor.alarms().putMetricAlarm(MetricAlarm.builder("SlowBuys").metric("Shop", "Latency")
                .dimension("Operation", "buy").statistic("Maximum").period(60).threshold(150)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).build());
        monitor.alarms().putMetricAlarm(MetricAlarm.builder(HOSTILE_ALARM).metric("Shop", "Orders")
                .dimension("Region", "eu").statistic("Sum").period(60).threshold(1)
                .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD).build());
        Timer latency = monitor.metrics().timerBuilder("Latency").dimension("Operation", "buy").register();
        for (int minute = 1; minute <= 2; minute++) {
            for (int i = 1; i <= 100; i++) {
                latency.record((long) i * minute, TimeUnit.MILLISECONDS);
            }
            monitor.metrics().counter("Orders", "Region", "eu").increment(minute * 10);
            monitor.metrics().gauge("QueueDepth").set(minute * 3);
            if (minute == 2) {
                monitor.metrics().counter("Orders", "Region", HOSTILE_REGION).increment(); // one point only
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
    void listensOnLoopbackUnlessToldOtherwise() {
        assertEquals("127.0.0.1", base.getHost());
    }

    @Test
    void servesEveryMetricWithItsLatestStatistics() throws Exception {
        HttpResponse<String> response = get("api/metrics");
        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode latency = null;
        for (JsonNode metric : JSON.readTree(response.body()).get("metrics")) {
            if (metric.get("name").asText().equals("Latency")) {
                latency = metric;
            }
        }
        assertEquals("buy", latency.get("dimensions").get("Operation").asText());
        assertEquals("Milliseconds", latency.get("unit").asText());
        assertEquals(2, latency.get("points").size());
        assertEquals(100, latency.get("latest").get("sampleCount").asInt());
        assertEquals(200.0, latency.get("latest").get("maximum").asDouble(), 2.0);
        assertEquals(198.0, latency.get("latest").get("p99").asDouble(), 1.98);
        assertEquals("Average", latency.get("statistic").asText());
    }

    /** The group a metric is listed in: the application's, the built-in JVM metrics, Monitor's own. */
    private static int group(String namespace, String name) {
        return namespace.equals("Monitor") ? 2 : BUILTIN.contains(name) ? 1 : 0;
    }

    @Test
    void listsTheApplicationsMetricsFirstAndCountersBySum() throws Exception {
        List<Integer> groups = new ArrayList<>();
        for (JsonNode metric : JSON.readTree(get("api/metrics").body()).get("metrics")) {
            groups.add(group(metric.get("namespace").asText(), metric.get("name").asText()));
            if (metric.get("name").asText().equals("Orders")) {
                assertEquals("Sum", metric.get("statistic").asText(), "a counter is described by its Sum");
            }
            if (metric.get("name").asText().equals("QueueDepth")) {
                assertEquals("Average", metric.get("statistic").asText(), "a gauge, one value a period too, is not summed");
            }
            assertEquals(groups.get(groups.size() - 1) == 0 ? "application" : groups.get(groups.size() - 1) == 1
                    ? "builtin" : "monitor", metric.get("group").asText(), metric.toString());
        }
        assertEquals(groups.stream().sorted().toList(), groups, "application, then built-in, then Monitor's own");
        assertTrue(groups.containsAll(List.of(0, 1, 2)), groups.toString());
    }

    @Test
    void answersStatisticsQueriesLikeTheAwsCli() throws Exception {
        HttpResponse<String> response = get("api/statistics?namespace=Shop&metricName=Orders"
                + "&dimensions=Name%3DRegion%2CValue%3Deu&statistics=Sum,SampleCount&period=120"
                + "&startTime=2026-11-22T10:00:00Z&endTime=2026-11-22T10:02:00Z");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode answer = JSON.readTree(response.body());
        assertEquals("Orders", answer.get("Label").asText());
        assertEquals(30.0, answer.get("Datapoints").get(0).get("Sum").asDouble());
        assertEquals("2026-11-22T10:00:00+00:00", answer.get("Datapoints").get(0).get("Timestamp").asText());

        HttpResponse<String> bad = get("api/statistics?namespace=Shop&metricName=Orders&statistics=Median&period=60"
                + "&startTime=yesterday&endTime=2026-11-22T10:02:00Z");
        assertEquals(400, bad.statusCode());
        assertEquals("parameter 'startTime' value 'yesterday' is not an ISO-8601 instant such as 2026-11-22T10:00:00Z",
                JSON.readTree(bad.body()).get("error").asText());
        assertEquals(404, get("nothing-here").statusCode());

        JsonNode alarms = JSON.readTree(get("api/alarms").body()).get("Alarms");
        assertEquals("SlowBuys", alarms.get(0).get("AlarmName").asText());
        assertEquals("ALARM", alarms.get(0).get("StateValue").asText());
        assertTrue(alarms.get(0).get("StateReason").asText().startsWith("Threshold Crossed: 1 datapoint ["),
                alarms.get(0).get("StateReason").asText());
    }

    @Test
    void aBrowserShowsTheMetrics() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        if (!Files.isExecutable(chromium)) {
            // .ci/run installs Chromium, so in CI this test always runs; elsewhere it may be skipped.
            assertTrue(System.getenv("CI") == null, "CI must have Chromium: .ci/run installs it");
            org.junit.jupiter.api.Assumptions.abort("Chromium is not installed here (apt-get install chromium)");
        }
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(dir, "chromium"),
                "--virtual-time-budget=5000", "--dump-dom", base.toString()));
        Process browser = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(browser.getInputStream().readAllBytes());
        assertTrue(browser.waitFor(60, TimeUnit.SECONDS), "Chromium finished");
        assertTrue(dom.contains("data-metric=\"Shop/Latency{Operation=buy}\""), dom);
        assertTrue(dom.contains("data-metric=\"Shop/Orders{Region=eu}\""), dom);
        assertTrue(dom.contains("<polyline"), "a sparkline was drawn");
        assertTrue(dom.contains("data-alarm=\"SlowBuys\" data-state=\"ALARM\""), dom);
        assertTrue(dom.contains("were greater than the threshold (150.0)") || dom.contains("was greater than the threshold (150.0)"), dom);
        assertTrue(dom.matches("(?s).*\\d+ metrics, updated.*"), "the status line reports the refresh");

        // Rows in the order of the JSON: the application's, then the built-in ones, then Monitor's own.
        Matcher rows = Pattern.compile("(?s)<tr data-metric=\"([^\"]*)\" data-statistic=\"(\\w+)\">(.*?)</tr>").matcher(dom);
        List<Integer> groups = new ArrayList<>();
        int count = 0;
        while (rows.find()) {
            count++;
            String metric = rows.group(1);
            String namespace = metric.substring(0, metric.indexOf('/'));
            String name = metric.substring(metric.indexOf('/') + 1).replaceAll("\\{.*", "");
            groups.add(group(namespace, name));
            assertTrue(rows.group(3).contains("<polyline"), "a sparkline for " + metric + " (even of one point)");
            if (metric.equals("Shop/Orders{Region=eu}")) {
                assertEquals("Sum", rows.group(2));
                assertTrue(rows.group(3).contains("<td class=\"num sum\">20</td><td class=\"num average\"></td>"), rows.group(3));
            }
            if (metric.equals("Shop/Latency{Operation=buy}")) {
                assertEquals("Average", rows.group(2));
            }
        }
        assertEquals(JSON.readTree(get("api/metrics").body()).get("metrics").size(), count, "one row per metric");
        assertEquals(groups.stream().sorted().toList(), groups, "application, then built-in, then Monitor's own");
        assertTrue(groups.containsAll(List.of(0, 1, 2)), groups.toString());

        // Names and values are text, never markup: outside attribute values no tag they carried appears.
        String markup = dom.replaceAll("=\"[^\"]*\"", "=\"\"");
        assertTrue(markup.contains("Region=&lt;img src=x onerror="), "the dimension is shown, escaped");
        assertTrue(markup.contains("&lt;b&gt;Orders&lt;/b&gt; low"), "the alarm name is shown, escaped");
        assertTrue(!markup.contains("<img") && !markup.contains("<b>") && !dom.contains("pwned=\"1\""), dom);
    }
}
