package dev.monitor.it.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * A real Prometheus with {@code --enable-feature=native-histograms} scrapes a monitor configured
 * {@code histograms: native}: it asks for the protobuf format, takes the timer as a native histogram
 * (https://prometheus.io/docs/specs/native_histograms/), and its native-histogram functions
 * ({@code histogram_count}, {@code histogram_sum}, {@code histogram_quantile} on the histogram and on its {@code rate},
 * https://prometheus.io/docs/prometheus/latest/querying/functions/) answer with what was recorded.
 */
class NativeHistogramScrapeTest {
    @TempDir
    Path dir;

    @Test
    void prometheusReadsNativeHistogramsAndAnswersWithTheRecordedValues() throws Exception {
        Monitor.Builder builder = Monitor.builder().namespace("Shop").dataDir(dir.resolve("data")).resolution(Resolution.HIGH)
                .dashboard(DashboardSettings.builder().loopback(0).build())
                .prometheus(PrometheusSettings.builder().enabled(true).histograms(PrometheusSettings.Histograms.NATIVE).build());
        for (BuiltinMetrics.Group group : BuiltinMetrics.Group.values()) {
            builder.builtin(group, false);
        }
        try (Monitor monitor = builder.build()) {
            Timer latency = monitor.metrics().timer("OrderLatency");
            // 30 latencies of 10 ms and 10 of 300 ms: count 40, sum 3.3 s, median in the bucket that holds 10 ms
            for (int i = 0; i < 30; i++) {
                latency.record(Duration.ofMillis(10));
            }
            for (int i = 0; i < 10; i++) {
                latency.record(Duration.ofMillis(300));
            }
            try (PrometheusServer prometheus = PrometheusServer.start(dir, monitor.dashboardUri().orElseThrow(), "native-histograms")) {
                prometheus.await("histogram_count(shop_order_latency_seconds)", value -> value == 40);
                assertEquals(3.3, prometheus.query("histogram_sum(shop_order_latency_seconds)", null), 1e-3);
                // schema 3: 10 ms is in bucket -53, (2^(-54/8), 2^(-53/8)] = (0.00929, 0.01012]
                double median = prometheus.query("histogram_quantile(0.5, shop_order_latency_seconds)", null);
                assertTrue(median > Math.pow(2, -54 / 8.0) && median <= Math.pow(2, -53 / 8.0), "median " + median);
                // and 300 ms in bucket -13, (2^(-14/8), 2^(-13/8)] = (0.2973, 0.3242]
                double p95 = prometheus.query("histogram_quantile(0.95, shop_order_latency_seconds)", null);
                assertTrue(p95 > Math.pow(2, -14 / 8.0) && p95 <= Math.pow(2, -13 / 8.0), "95th percentile " + p95);
                // the native histogram replaced the classic series: Prometheus took the native version of the message
                assertTrue(Double.isNaN(prometheus.query("shop_order_latency_seconds_count", null)), "no classic series");

                // 20 more of 100 ms: the rate over the last seconds holds only them, so its median is in 100 ms' bucket,
                // -26: (2^(-27/8), 2^(-26/8)] = (0.0958, 0.1051]
                for (int i = 0; i < 20; i++) {
                    latency.record(Duration.ofMillis(100));
                }
                prometheus.await("histogram_count(shop_order_latency_seconds)", value -> value == 60);
                double recent = prometheus.query("histogram_quantile(0.5, rate(shop_order_latency_seconds[5s]))", null);
                assertTrue(recent > Math.pow(2, -27 / 8.0) && recent <= Math.pow(2, -26 / 8.0), "median of the rate " + recent);
            }
        }
    }
}
