package dev.monitor.core.prometheus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Unit;
import dev.monitor.core.prometheus.PrometheusSettings;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Prometheus' protobuf format, decoded field by field by the test's own reader with the field
 * numbers of prometheus/client_model's {@code io/prometheus/client/metrics.proto}: MetricFamily
 * name 1, help 2, type 3, metric 4; Metric label 1, gauge 2, counter 3, histogram 7; Histogram
 * sample_count 1, sample_sum 2, bucket 3, schema 5, zero_threshold 6, zero_count 7, negative_span 9,
 * negative_delta 10, positive_span 12, positive_delta 13; BucketSpan offset 1, length 2. Native
 * buckets as https://prometheus.io/docs/specs/native_histograms/ defines them: bucket {@code i} at
 * schema {@code s} holds {@code (2^((i-1)/2^s), 2^(i/2^s)]}.
 */
class ProtobufExpositionTest {
    static final PrometheusSettings NATIVE = PrometheusSettings.builder().enabled(true).histograms(PrometheusSettings.Histograms.NATIVE)
            .buckets(0.025, 0.1, 1).distributionBuckets(1000, 10000).build();

    static Map<String, ProtoMessage> families(byte[] bytes) {
        return ProtoMessage.delimited(bytes).stream().collect(Collectors.toMap(family -> family.string(1), family -> family, (a, b) -> {
            throw new AssertionError("two families named " + a.string(1));
        }, TreeMap::new));
    }

    /** One sign's native buckets, index to count, from its spans and deltas. */
    static Map<Integer, Long> buckets(ProtoMessage histogram, int spanField, int deltaField) {
        List<Long> deltas = histogram.packedSint64(deltaField);
        Map<Integer, Long> buckets = new TreeMap<>();
        int index = 0;
        int n = 0;
        long count = 0;
        for (ProtoMessage span : histogram.messages(spanField)) {
            // the first span's offset is its first index, each next one's the gap since the previous span
            index += (int) (span.has(1) ? span.sint(1) : 0);
            long length = span.has(2) ? span.varint(2) : 0;
            for (long i = 0; i < length; i++) {
                count += deltas.get(n++);
                buckets.put(index++, count);
            }
        }
        assertEquals(deltas.size(), n, "the spans' lengths add up to the number of deltas");
        return buckets;
    }

    /** The index Prometheus' definition gives, by logarithms: the first i with v <= 2^(i / 2^s). */
    static int expectedIndex(double value, int schema) {
        return (int) Math.ceil(Math.log(value) / Math.log(2) * Math.pow(2, schema));
    }

    @Test
    void familiesHaveTheirNamesTypesLabelsAndValues() {
        Map<String, ProtoMessage> families = families(Fixture.recorded(NATIVE).endpoint.bytes(Exposition.Format.PROTOBUF));
        assertEquals(List.of("shop_order_latency_seconds", "shop_orders_total", "shop_payload_size_bytes", "shop_queue_depth"),
                List.copyOf(families.keySet()));

        ProtoMessage orders = families.get("shop_orders_total");
        assertEquals("Monitor metric Shop/Orders (Count)", orders.string(2));
        assertEquals(0, orders.varint(3), "COUNTER");
        ProtoMessage metric = orders.message(4);
        ProtoMessage label = metric.message(1);
        assertEquals("region", label.string(1));
        assertEquals("eu-west-1", label.string(2));
        ProtoMessage counter = metric.message(3);
        assertEquals(5, counter.float64(1), 0);
        ProtoMessage exemplar = counter.message(2);
        assertEquals("trace_id", exemplar.message(1).string(1));
        assertEquals("5759e988bd862e3fe1be46a994272793", exemplar.message(1).string(2));
        assertEquals(2, exemplar.float64(2), 0);
        assertEquals(1767225601L, exemplar.message(3).varint(1), "seconds of the second period");

        ProtoMessage queue = families.get("shop_queue_depth");
        assertEquals(1, queue.varint(3), "GAUGE");
        assertEquals("a\\b\"c", queue.message(4).message(1).string(2), "a protobuf label value is not escaped");
        assertEquals(4, queue.message(4).message(2).float64(1), 0);
    }

    @Test
    void aHistogramHasItsClassicAndNativeBuckets() {
        ProtoMessage family = families(Fixture.recorded(NATIVE).endpoint.bytes(Exposition.Format.PROTOBUF)).get("shop_order_latency_seconds");
        assertEquals(4, family.varint(3), "HISTOGRAM");
        ProtoMessage metric = family.message(4);
        assertEquals("operation", metric.message(1).string(1));
        ProtoMessage histogram = metric.message(7);
        // 20, 80 and 3000 ms
        assertEquals(3, histogram.varint(1));
        assertEquals(3.1, histogram.float64(2), 1e-9);
        List<ProtoMessage> classic = histogram.messages(3);
        assertEquals(List.of(0.025, 0.1, 1.0), classic.stream().map(bucket -> bucket.float64(2)).collect(Collectors.toList()));
        assertEquals(List.of(1L, 2L, 2L), classic.stream().map(bucket -> bucket.varint(1)).collect(Collectors.toList()));
        assertEquals("5759e988bd862e3fe1be46a994272793", classic.get(1).message(3).message(1).string(2), "the traced 80 ms");

        assertEquals(3, histogram.sint(5), "schema");
        assertEquals(0, histogram.float64(6), 0);
        assertEquals(0, histogram.varint(7));
        Map<Integer, Long> expected = new TreeMap<>(Map.of(expectedIndex(0.02, 3), 1L, expectedIndex(0.08, 3), 1L, expectedIndex(3.0, 3), 1L));
        assertEquals(Map.of(-45, 1L, -29, 1L, 13, 1L), expected, "log2(0.02) * 8 = -45.15, log2(0.08) * 8 = -29.15, log2(3) * 8 = 12.68");
        assertEquals(expected, buckets(histogram, 12, 13));
        assertEquals(3, histogram.messages(12).size(), "three runs of one bucket: three spans");
        assertEquals(List.of(-45L, 15L, 41L), histogram.messages(12).stream().map(span -> span.sint(1)).collect(Collectors.toList()),
                "the first offset is the first index, the next ones the gaps");
        assertEquals(List.of(1L, 0L, 0L), histogram.packedSint64(13), "deltas");
        assertFalse(histogram.has(9) || histogram.has(10), "no negative buckets");
    }

    @Test
    void zerosAndNegativeValuesHaveTheirBucketsAndAnEmptySideItsNoOpSpan() {
        Fixture fixture = new Fixture(PrometheusSettings.builder().enabled(true).histograms(PrometheusSettings.Histograms.NATIVE)
                .nativeSchema(0).build());
        var change = fixture.registry.distributionBuilder("Change").unit(Unit.NONE).register();
        change.record(0);
        change.record(0);
        change.record(-3);
        change.record(-3.5);
        change.record(-100);
        fixture.collect();
        ProtoMessage histogram = families(fixture.endpoint.bytes(Exposition.Format.PROTOBUF)).get("shop_change").message(4).message(7);
        assertEquals(5, histogram.varint(1));
        assertEquals(0, histogram.sint(5));
        assertEquals(2, histogram.varint(7), "two zeros");
        // schema 0: 3 and 3.5 in (2, 4], bucket 2; 100 in (64, 128], bucket 7
        assertEquals(Map.of(2, 2L, 7, 1L), buckets(histogram, 9, 10));
        List<ProtoMessage> positive = histogram.messages(12);
        assertEquals(1, positive.size(), "a no-op span marks the histogram native");
        assertTrue(!positive.get(0).has(1) || positive.get(0).sint(1) == 0);
        assertTrue(!positive.get(0).has(2) || positive.get(0).varint(2) == 0);
        assertEquals(List.of(), histogram.packedSint64(13));
    }

    @Test
    void valuesSpreadWiderThanTheBucketLimitAreServedAtACoarserSchemaWithEveryCount() {
        Fixture fixture = new Fixture(PrometheusSettings.builder().enabled(true).histograms(PrometheusSettings.Histograms.NATIVE)
                .nativeSchema(8).build());
        var sizes = fixture.registry.distributionBuilder("Sizes").unit(Unit.NONE).register();
        // 1 to 2^20: 20 powers of two, 5120 buckets at schema 8, 160 at schema 3
        for (int exponent = 0; exponent < 20; exponent++) {
            for (int step = 0; step < 16; step++) {
                sizes.record(Math.scalb(1 + (step + 0.5) / 16.0, exponent));
            }
        }
        fixture.collect();
        ProtoMessage histogram = families(fixture.endpoint.bytes(Exposition.Format.PROTOBUF)).get("shop_sizes").message(4).message(7);
        assertEquals(320, histogram.varint(1));
        assertEquals(3, histogram.sint(5), "the finest schema whose buckets fit in 160");
        Map<Integer, Long> buckets = buckets(histogram, 12, 13);
        assertTrue(buckets.size() <= 160, buckets.size() + " buckets");
        assertEquals(320, buckets.values().stream().mapToLong(Long::longValue).sum());
        // the smallest value, 1.03125, has log2 * 8 = 0.36: bucket 1 (for anything within Monitor's 1%);
        // the largest, 1.96875 * 2^19, has log2 * 8 = 159.8: bucket 160; and every bucket between has values
        assertEquals(1, ((java.util.TreeMap<Integer, Long>) buckets).firstKey());
        assertEquals(160, ((java.util.TreeMap<Integer, Long>) buckets).lastKey());
        assertEquals(160, buckets.size());
        assertEquals(1, histogram.messages(12).size(), "one span");
    }

    @Test
    void classicSettingsWriteNoNativeFieldsAndTextFormatsKeepClassicBuckets() {
        PrometheusSettings classic = PrometheusSettings.builder().enabled(true).buckets(0.025, 0.1, 1).distributionBuckets(1000, 10000).build();
        ProtoMessage histogram = families(Fixture.recorded(classic).endpoint.bytes(Exposition.Format.PROTOBUF))
                .get("shop_order_latency_seconds").message(4).message(7);
        assertEquals(java.util.Set.of(1, 2, 3), histogram.numbers());
        String text = Fixture.recorded(NATIVE).endpoint.render(Exposition.Format.TEXT);
        assertTrue(text.contains("shop_order_latency_seconds_bucket{operation=\"Checkout\",le=\"0.1\"} 2\n"), text);
        assertTrue(text.contains("# TYPE shop_order_latency_seconds histogram\n"), text);
    }

    @Test
    void prometheusAcceptHeaderGetsProtobufOnlyWhenNativeIsConfigured() {
        // what Prometheus 2.42 sends with --enable-feature=native-histograms, and without
        String nativeAccept = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,"
                + "application/openmetrics-text;version=1.0.0;q=0.8,application/openmetrics-text;version=0.0.1;q=0.75,"
                + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
        String plainAccept = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
        assertEquals(Exposition.Format.PROTOBUF, PrometheusEndpoint.format(nativeAccept, true));
        assertEquals(Exposition.Format.OPENMETRICS, PrometheusEndpoint.format(nativeAccept, false));
        assertEquals(Exposition.Format.OPENMETRICS, PrometheusEndpoint.format(plainAccept, true));
        assertEquals(Exposition.Format.TEXT, PrometheusEndpoint.format(null, true));
        assertEquals(Exposition.Format.TEXT, PrometheusEndpoint.format(
                "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=text,text/plain", true),
                "only the delimited encoding is written");
        assertEquals(Exposition.Format.OPENMETRICS, PrometheusEndpoint.format(
                "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.5,"
                        + "application/openmetrics-text;version=1.0.0", true), "a lower q loses");
    }
}
