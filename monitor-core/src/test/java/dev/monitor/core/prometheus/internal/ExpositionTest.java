package dev.monitor.core.prometheus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.prometheus.PrometheusSettings;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The two formats as Prometheus' documentation writes them:
 * https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format and
 * https://github.com/OpenObservability/OpenMetrics/blob/main/specification/OpenMetrics.md
 */
class ExpositionTest {
    private static final PrometheusSettings SETTINGS = PrometheusSettings.builder().enabled(true)
            .buckets(0.025, 0.1, 1).distributionBuckets(1000, 10000).build();

    private static List<String> lines(String text, String prefix) {
        return Arrays.stream(text.split("\n")).filter(line -> line.startsWith(prefix)).collect(Collectors.toList());
    }

    @Test
    void textFormatHasCumulativeCountersHistogramsInBaseUnitsAndEscapedLabels() {
        String text = Fixture.recorded(SETTINGS).endpoint.render(Exposition.Format.TEXT);
        assertEquals(List.of(
                "# HELP shop_orders_total Monitor metric Shop/Orders (Count)",
                "# TYPE shop_orders_total counter",
                "shop_orders_total{region=\"eu-west-1\"} 5"), lines(text, "# HELP shop_orders_total").isEmpty() ? List.of()
                : Arrays.asList(text.substring(text.indexOf("# HELP shop_orders_total")).split("\n")).subList(0, 3));
        assertEquals(List.of(
                "shop_order_latency_seconds_bucket{operation=\"Checkout\",le=\"0.025\"} 1",
                "shop_order_latency_seconds_bucket{operation=\"Checkout\",le=\"0.1\"} 2",
                "shop_order_latency_seconds_bucket{operation=\"Checkout\",le=\"1.0\"} 2",
                "shop_order_latency_seconds_bucket{operation=\"Checkout\",le=\"+Inf\"} 3"), lines(text, "shop_order_latency_seconds_bucket"));
        assertEquals(List.of("shop_order_latency_seconds_count{operation=\"Checkout\"} 3"), lines(text, "shop_order_latency_seconds_count"));
        assertEquals(List.of("shop_order_latency_seconds_sum{operation=\"Checkout\"} 3.1"), lines(text, "shop_order_latency_seconds_sum"));
        assertTrue(text.contains("# TYPE shop_order_latency_seconds histogram\n"), text);
        assertEquals(List.of("shop_queue_depth{queue=\"a\\\\b\\\"c\"} 4"), lines(text, "shop_queue_depth"));
        assertEquals(List.of("shop_payload_size_bytes_bucket{le=\"1000.0\"} 0", "shop_payload_size_bytes_bucket{le=\"10000.0\"} 1",
                "shop_payload_size_bytes_bucket{le=\"+Inf\"} 1"), lines(text, "shop_payload_size_bytes_bucket"));
        assertTrue(!text.contains("# UNIT") && !text.contains("# EOF") && !text.contains("trace_id"), "0.0.4 has neither units nor exemplars");
    }

    @Test
    void openMetricsHasUnitsExemplarsWithW3cTraceIdsAndEof() {
        String text = Fixture.recorded(SETTINGS).endpoint.render(Exposition.Format.OPENMETRICS);
        assertTrue(text.contains("# TYPE shop_orders counter\n"), text);
        assertTrue(text.contains("# UNIT shop_order_latency_seconds seconds\n"), text);
        assertTrue(text.endsWith("# EOF\n"), text);
        // the traced 80 ms recording, in its bucket, at the second period's time
        assertEquals(List.of("shop_order_latency_seconds_bucket{operation=\"Checkout\",le=\"0.1\"} 2 "
                        + "# {trace_id=\"5759e988bd862e3fe1be46a994272793\"} 0.08 1767225601.000"),
                lines(text, "shop_order_latency_seconds_bucket{operation=\"Checkout\",le=\"0.1\"}"));
        assertEquals(List.of("shop_orders_total{region=\"eu-west-1\"} 5 # {trace_id=\"5759e988bd862e3fe1be46a994272793\"} 2 1767225601.000"),
                lines(text, "shop_orders_total"));
        assertEquals(1, lines(text, "shop_order_latency_seconds_bucket").stream().filter(line -> line.contains("#")).count(),
                "untraced recordings leave no exemplar");
    }

    @Test
    void exemplarsCanBeTurnedOff() {
        String text = Fixture.recorded(PrometheusSettings.builder().enabled(true).exemplars(false).build())
                .endpoint.render(Exposition.Format.OPENMETRICS);
        assertTrue(!text.contains("trace_id"), text);
    }

    @Test
    void summariesHaveTheLastPeriodsQuantilesAndCumulativeCountAndSum() {
        String text = Fixture.recorded(PrometheusSettings.builder().enabled(true).histograms(PrometheusSettings.Histograms.SUMMARY)
                .quantiles(0.5, 0.99).build()).endpoint.render(Exposition.Format.TEXT);
        assertTrue(text.contains("# TYPE shop_order_latency_seconds summary\n"), text);
        List<String> quantiles = lines(text, "shop_order_latency_seconds{");
        assertEquals(2, quantiles.size(), text);
        // the second period held 80 ms and 3 s: its median is 80 ms, its 99th percentile 3 s (each within 1%)
        assertEquals(0.08, value(quantiles.get(0)), 0.08 * 0.01);
        assertEquals(3.0, value(quantiles.get(1)), 3.0 * 0.01);
        assertEquals(List.of("shop_order_latency_seconds_count{operation=\"Checkout\"} 3"), lines(text, "shop_order_latency_seconds_count"));
    }

    @Test
    void sanitisedDimensionsThatCollideGetSuffixesAndLeIsRenamed() {
        String[] labels = Exposition.labels(List.of(new dev.monitor.api.metrics.Dimension("Order-Id", "1"),
                new dev.monitor.api.metrics.Dimension("OrderId", "2"), new dev.monitor.api.metrics.Dimension("le", "3")));
        assertEquals(List.of("order_id", "1", "order_id_2", "2", "le_2", "3"), List.of(labels));
    }

    @Test
    void xrayTraceIdsBecomeW3cIdsAndOthersStay() {
        assertEquals("5759e988bd862e3fe1be46a994272793", Exposition.traceId(Fixture.TRACE));
        assertEquals("not-an-xray-id", Exposition.traceId("not-an-xray-id"));
    }

    @Test
    void numbersAreWrittenAsPrometheusReadsThem() {
        StringBuilder out = new StringBuilder();
        for (double value : new double[] {5, -0.5, 1e-9, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 1e20}) {
            Exposition.number(out, value);
            out.append(' ');
        }
        assertEquals("5 -0.5 1.0E-9 +Inf -Inf NaN 1.0E20 ", out.toString());
        for (String written : out.toString().trim().split(" ")) {
            Double.parseDouble(written.replace("Inf", "Infinity")); // Go's ParseFloat reads what Java's does
        }
    }

    static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}
