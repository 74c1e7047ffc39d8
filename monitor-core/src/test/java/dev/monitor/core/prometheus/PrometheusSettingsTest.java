package dev.monitor.core.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.monitor.core.config.ConfigNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusSettingsTest {

    private static List<String> problems(Map<String, ?> section) {
        List<String> problems = new ArrayList<>();
        PrometheusSettings.read(ConfigNode.of("prometheus", section, problems));
        return problems;
    }

    @Test
    void aSectionReadsEverySetting() {
        List<String> problems = new ArrayList<>();
        PrometheusSettings read = PrometheusSettings.read(ConfigNode.of("prometheus", Map.of("enabled", true, "path", "/prom",
                "histograms", "summary", "buckets", List.of(0.1, 1), "distribution-buckets", List.of(10, 100),
                "quantiles", List.of(0.5, 0.95), "exemplars", false), problems));
        assertEquals(List.of(), problems);
        assertEquals(PrometheusSettings.builder().enabled(true).path("/prom").histograms(PrometheusSettings.Histograms.SUMMARY)
                .buckets(0.1, 1).distributionBuckets(10, 100).quantiles(0.5, 0.95).exemplars(false).build(), read);
        assertEquals(PrometheusSettings.OFF, PrometheusSettings.read(ConfigNode.of("prometheus", Map.of(), problems)));
        assertEquals("/metrics", PrometheusSettings.OFF.path());
    }

    @Test
    void nativeHistogramsAreServedAtTheirSchema() {
        List<String> problems = new ArrayList<>();
        PrometheusSettings read = PrometheusSettings.read(ConfigNode.of("prometheus", Map.of("enabled", true, "histograms", "native",
                "native-schema", 5), problems));
        assertEquals(List.of(), problems);
        assertEquals(PrometheusSettings.Histograms.NATIVE, read.histograms());
        assertEquals(5, read.nativeSchema());
        assertEquals(PrometheusSettings.builder().enabled(true).histograms(PrometheusSettings.Histograms.NATIVE).nativeSchema(5).build(), read);
        assertEquals(PrometheusSettings.DEFAULT_NATIVE_SCHEMA, PrometheusSettings.read(ConfigNode.of("prometheus",
                Map.of("histograms", "native"), problems)).nativeSchema());
    }

    @Test
    void badValuesAreNamedWithTheRuleTheyBreak() {
        assertEquals(List.of("prometheus.buckets: bounds must be strictly ascending, but 0.1 follows 0.5"),
                problems(Map.of("buckets", List.of(0.5, 0.1))));
        assertEquals(List.of("prometheus.buckets[1]: must be a finite number, not 'fast'"), problems(Map.of("buckets", List.of(0.5, "fast"))));
        assertEquals(List.of("prometheus.distribution-buckets: a histogram needs at least one bucket bound"),
                problems(Map.of("distribution-buckets", List.of())));
        assertEquals(List.of("prometheus.quantiles: quantile 1.5 must be from 0 to 1"), problems(Map.of("quantiles", List.of(0.5, 1.5))));
        assertEquals(List.of("prometheus.path: 'metrics' must start with '/' and name a page, such as /metrics"),
                problems(Map.of("path", "metrics")));
        assertEquals(List.of("prometheus.histograms: 'buckets' is not one of classic, summary, native"), problems(Map.of("histograms", "buckets")));
        assertEquals(List.of("prometheus.native-schema: 9 is out of range; allowed -4 to 8"), problems(Map.of("native-schema", 9)));
        assertEquals(1, problems(Map.of("bucket", List.of(1))).size(), "an unknown key is rejected");
    }

    @Test
    void theBuilderChecksAtOnce() {
        IllegalArgumentException problem = assertThrows(IllegalArgumentException.class, () -> PrometheusSettings.builder().buckets(1, 1));
        assertEquals("prometheus buckets: bounds must be strictly ascending, but 1.0 follows 1.0", problem.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PrometheusSettings.builder().buckets(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> PrometheusSettings.builder().path("/a b"));
        IllegalArgumentException schema = assertThrows(IllegalArgumentException.class, () -> PrometheusSettings.builder().nativeSchema(-5));
        assertEquals("prometheus native schema -5 is out of range; Prometheus defines -4 to 8", schema.getMessage());
    }
}
