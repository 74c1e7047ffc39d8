package dev.monitor.it.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monitor.api.context.Context;
import dev.monitor.api.context.Scope;
import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Timer;
import dev.monitor.core.Monitor;
import dev.monitor.core.dashboard.DashboardSettings;
import dev.monitor.core.metrics.BuiltinMetrics;
import dev.monitor.core.prometheus.PrometheusSettings;
import java.nio.file.Path;
import java.time.Duration;
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

    @TempDir
    Path dir;

    @Test
    void prometheusScrapesTheMonitorAndAnswersPromQlWithItsValues() throws Exception {
        Monitor.Builder builder = Monitor.builder().namespace("Shop").dataDir(dir.resolve("data")).resolution(Resolution.HIGH)
                .dashboard(DashboardSettings.builder().loopback(0).build())
                .prometheus(PrometheusSettings.builder().enabled(true).buckets(0.02, 0.05).build());
        for (BuiltinMetrics.Group group : BuiltinMetrics.Group.values()) {
            builder.builtin(group, false);
        }
        try (Monitor monitor = builder.build();
             PrometheusServer prometheus = PrometheusServer.start(dir, monitor.dashboardUri().orElseThrow(), "exemplar-storage")) {
            Counter orders = monitor.metrics().counter("Orders");
            Timer latency = monitor.metrics().timer("OrderLatency");
            // Prometheus hands discovered targets to its scrapers every 5 s: record once they scrape
            prometheus.awaitScraped();
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
            prometheus.await("shop_orders_total{job=\"shop\"}", value -> value == total);
            assertEquals(timed, prometheus.query("shop_order_latency_seconds_count", null), 0);
            // half the latencies in the first bucket (le 0.02), the rest in the second (le 0.05): the
            // 75th percentile is halfway into the second bucket, by histogram_quantile's linear interpolation
            assertEquals(0.035, prometheus.query("histogram_quantile(0.75, shop_order_latency_seconds_bucket)", null), 0.0005);
            // the last scrapes of the recording: each sample lags what was recorded by up to a period and a scrape
            double end = recordingEnd / 1000.0 + 1;
            double recorded = total / ((recordingEnd - recordingStart) / 1000.0);
            double rate = prometheus.query("rate(shop_orders_total[3s])", end);
            assertTrue(rate > recorded * 0.5 && rate < recorded * 1.5, "rate " + rate + " while " + recorded + " orders a second were recorded");
            assertEquals(0.01, prometheus.query("histogram_quantile(0.25, rate(shop_order_latency_seconds_bucket[3s]))", end), 0.001);

            JsonNode exemplars = prometheus.get("api/v1/query_exemplars?query=" + PrometheusServer.encode("shop_order_latency_seconds_bucket")
                    + "&start=" + (recordingStart / 1000 - 10) + "&end=" + (System.currentTimeMillis() / 1000 + 10));
            String traced = exemplars.toString();
            assertTrue(traced.contains("\"trace_id\":\"5759e988bd862e3fe1be46a994272793\""), traced);
        }
    }
}
