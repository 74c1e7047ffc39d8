package dev.monitor.it.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.context.Context;
import dev.monitor.api.context.Scope;
import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Timer;
import dev.monitor.core.Monitor;
import dev.monitor.core.dashboard.DashboardSettings;
import dev.monitor.core.metrics.BuiltinMetrics;
import dev.monitor.core.prometheus.PrometheusSettings;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server (Debian's {@code prometheus} package; on CI, {@code CI=true}, its absence
 * fails the test) scrapes a monitor's {@code /metrics} every second over loopback, in OpenMetrics as
 * it asks, and its HTTP API (https://prometheus.io/docs/prometheus/latest/querying/api/) answers
 * PromQL with what the monitor recorded: the exact totals, {@code rate}, {@code histogram_quantile}
 * over the classic buckets, and the exemplars' trace ids.
 */
class PrometheusScrapeTest {
    private static final String TRACE = "1-5759e988-bd862e3fe1be46a994272793";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private static Path prometheus() {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(folder, "prometheus");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String message = "prometheus is not on the PATH; install Debian's prometheus package (apt-get install prometheus)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + ": CI must run this test");
        }
        Assumptions.abort(message + " to run this test");
        return null;
    }

    @Test
    void prometheusScrapesTheMonitorAndAnswersPromQlWithItsValues() throws Exception {
        Path binary = prometheus();
        Monitor.Builder builder = Monitor.builder().namespace("Shop").dataDir(dir.resolve("data")).resolution(Resolution.HIGH)
                .dashboard(DashboardSettings.builder().loopback(0).build())
                .prometheus(PrometheusSettings.builder().enabled(true).buckets(0.02, 0.05).build());
        for (BuiltinMetrics.Group group : BuiltinMetrics.Group.values()) {
            builder.builtin(group, false);
        }
        try (Monitor monitor = builder.build()) {
            Counter orders = monitor.metrics().counter("Orders");
            Timer latency = monitor.metrics().timer("OrderLatency");
            URI target = monitor.dashboardUri().orElseThrow();
            int port = freePort();
            Path config = Files.writeString(dir.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                      scrape_timeout: 1s
                    scrape_configs:
                      - job_name: shop
                        static_configs:
                          - targets: ['%s:%d']
                    """.formatted(target.getHost(), target.getPort()));
            Process server = new ProcessBuilder(binary.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                    "--web.listen-address=127.0.0.1:" + port, "--enable-feature=exemplar-storage")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            try {
                URI api = URI.create("http://127.0.0.1:" + port + "/");
                awaitReady(api, server);
                // Prometheus hands discovered targets to its scrapers every 5 s: record once they scrape
                awaitScraped(api, server);
                // 20 orders every 100 ms or so for 4 s, each with a latency of 10 or 40 ms in turn; one traced
                long recordingStart = System.currentTimeMillis();
                int count = 0;
                while (System.currentTimeMillis() - recordingStart < 4000) {
                    for (int i = 0; i < 20; i++) {
                        orders.increment();
                        latency.record(Duration.ofMillis(count % 2 == 0 ? 10 : 40));
                        count++;
                    }
                    Thread.sleep(100);
                }
                try (Scope scope = Context.root().withTrace(TRACE, "53995c3f42cd8ad8").makeCurrent()) {
                    orders.increment();
                    latency.record(Duration.ofMillis(40));
                    latency.record(Duration.ofMillis(10));
                    count += 2;
                }
                long recordingEnd = System.currentTimeMillis();
                int total = count - 1; // one order per latency, and one order for the two traced latencies
                int timed = count;

                // every value reached Prometheus once the last second was collected and scraped
                await(api, "shop_orders_total{job=\"shop\"}", value -> value == total, server);
                assertEquals(timed, query(api, "shop_order_latency_seconds_count", null), 0);
                // half the latencies in the first bucket (le 0.02), the rest in the second (le 0.05): the
                // 75th percentile is halfway into the second bucket, by histogram_quantile's linear interpolation
                assertEquals(0.035, query(api, "histogram_quantile(0.75, shop_order_latency_seconds_bucket)", null), 0.0005);
                // the last scrapes of the recording: each sample lags what was recorded by up to a period and a scrape
                double end = recordingEnd / 1000.0 + 1;
                double recorded = total / ((recordingEnd - recordingStart) / 1000.0);
                double rate = query(api, "rate(shop_orders_total[3s])", end);
                assertTrue(rate > recorded * 0.5 && rate < recorded * 1.5, "rate " + rate + " while " + recorded + " orders a second were recorded");
                assertEquals(0.01, query(api, "histogram_quantile(0.25, rate(shop_order_latency_seconds_bucket[3s]))", end), 0.001);

                JsonNode exemplars = get(api, "api/v1/query_exemplars?query=" + encode("shop_order_latency_seconds_bucket")
                        + "&start=" + (recordingStart / 1000 - 10) + "&end=" + (System.currentTimeMillis() / 1000 + 10));
                String traced = exemplars.toString();
                assertTrue(traced.contains("\"trace_id\":\"5759e988bd862e3fe1be46a994272793\""), traced);
            } finally {
                server.destroy();
                if (!server.waitFor(10, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady(URI api, Process server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                fail("prometheus exited: " + log());
            }
            try {
                if (http.send(HttpRequest.newBuilder(api.resolve("-/ready")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        fail("prometheus was not ready in 15 s: " + log());
    }

    private void awaitScraped(URI api, Process server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            JsonNode targets = get(api, "api/v1/targets").path("data").path("activeTargets");
            if (targets.size() == 1 && targets.get(0).path("health").asText().equals("up")) {
                return;
            }
            Thread.sleep(100);
        }
        fail("prometheus did not scrape the monitor in 15 s: " + get(api, "api/v1/targets") + "\n" + log());
    }

    private void await(URI api, String promql, DoublePredicate wanted, Process server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        double last = Double.NaN;
        while (System.nanoTime() < deadline) {
            last = query(api, promql, null);
            if (wanted.test(last)) {
                return;
            }
            Thread.sleep(200);
        }
        fail(promql + " was " + last + " after 10 s; targets: " + get(api, "api/v1/targets") + "\n" + log());
    }

    /** The single value of an instant query at {@code time} (seconds; null for now); NaN when it has none. */
    private double query(URI api, String promql, Double time) throws Exception {
        JsonNode answer = get(api, "api/v1/query?query=" + encode(promql) + (time == null ? "" : "&time=" + time));
        JsonNode result = answer.path("data").path("result");
        if (result.size() != 1) {
            return Double.NaN;
        }
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    private JsonNode get(URI api, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(api.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private String log() throws java.io.IOException {
        Path log = dir.resolve("prometheus.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
