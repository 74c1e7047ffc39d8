package dev.monitor.otlp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Dimension;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Unit;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.Signal;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.core.metrics.MetricKind;
import dev.monitor.core.metrics.Values;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Metrics as an OTLP collector decodes them, with the official definitions: the data model is
 * https://opentelemetry.io/docs/specs/otel/metrics/data-model/ (Sum with temporality and
 * monotonicity, Gauge, ExponentialHistogram) and the request is metrics_service.proto's.
 */
class MetricsExportTest {
    private static final MetricId ORDERS = new MetricId("Shop", "Orders", List.of(new Dimension("Service", "checkout")),
            Unit.COUNT, Resolution.STANDARD);
    private static final MetricId QUEUE = new MetricId("Shop", "QueueDepth", List.of(), Unit.NONE, Resolution.STANDARD);
    private static final MetricId LATENCY = new MetricId("Shop/Api", "Latency", List.of(new Dimension("Operation", "GetOrder"),
            new Dimension("Service", "checkout")), Unit.MILLISECONDS, Resolution.STANDARD);
    private static final Instant P1 = Fixture.T0;
    private static final Instant P2 = P1.plusSeconds(60);

    private final Fixture fixture = new Fixture();

    MetricsExportTest() throws java.io.IOException {
        fixture.kinds.put(ORDERS, MetricKind.COUNTER);
        fixture.kinds.put(QUEUE, MetricKind.GAUGE);
        fixture.kinds.put(LATENCY, MetricKind.TIMER);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private static Datapoint latency(Instant period) {
        // 1.5 ms twice, 10 ms once, 250 ms three times: values as Monitor's histogram hands them over
        return new Datapoint(LATENCY, period, 6, 1.5 * 2 + 10 + 250 * 3, 1.5, 250,
                new Values(new double[] {1.5, 10, 250}, new long[] {2, 1, 3}));
    }

    private List<Datapoint> period(Instant start, double orders, double queue) {
        return List.of(Datapoint.single(ORDERS, start, orders), Datapoint.single(QUEUE, start, queue), latency(start));
    }

    private static Metric metric(ExportMetricsServiceRequest request, String scope, String name) {
        for (ScopeMetrics scopeMetrics : request.getResourceMetrics(0).getScopeMetricsList()) {
            if (scopeMetrics.getScope().getName().equals(scope)) {
                for (Metric metric : scopeMetrics.getMetricsList()) {
                    if (metric.getName().equals(name)) {
                        return metric;
                    }
                }
            }
        }
        throw new AssertionError("no metric " + scope + "/" + name + " in " + request);
    }

    private static Map<String, String> attributes(List<KeyValue> attributes) {
        return attributes.stream().collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue()));
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    @Test
    void countersAreMonotonicCumulativeSumsByDefaultFromTheFirstPeriodTheExporterSaw() throws Exception {
        Exporter<Datapoint> exporter = fixture.exporter(Signal.METRICS, "service-name", "shop");
        exporter.export(period(P1, 3, 7));
        exporter.export(period(P2, 4, 5));
        List<OtlpReceiver.Received> requests = fixture.receiver.received("/v1/metrics");
        assertEquals(2, requests.size());
        assertEquals("application/x-protobuf", requests.get(0).header("content-type"));
        ExportMetricsServiceRequest second = requests.get(1).metrics();
        assertEquals("shop", attributes(second.getResourceMetrics(0).getResource().getAttributesList()).get("service.name"));
        Metric orders = metric(second, "Shop", "Orders");
        assertEquals("{count}", orders.getUnit());
        assertTrue(orders.hasSum());
        assertTrue(orders.getSum().getIsMonotonic());
        assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE, orders.getSum().getAggregationTemporality());
        NumberDataPoint point = orders.getSum().getDataPoints(0);
        assertEquals(7.0, point.getAsDouble(), "3 then 4: 7 since the first period");
        assertEquals(nanos(P1), point.getStartTimeUnixNano());
        assertEquals(nanos(P2.plusSeconds(60)), point.getTimeUnixNano());
        assertEquals(Map.of("Service", "checkout"), attributes(point.getAttributesList()));

        Metric queue = metric(second, "Shop", "QueueDepth");
        assertTrue(queue.hasGauge());
        assertEquals("1", queue.getUnit());
        assertEquals(5.0, queue.getGauge().getDataPoints(0).getAsDouble());
    }

    @Test
    void deltaTemporalityReportsEachPeriodsIncreaseOverThatPeriod() throws Exception {
        Exporter<Datapoint> exporter = fixture.exporter(Signal.METRICS, "temporality", "delta");
        exporter.export(period(P1, 3, 7));
        exporter.export(period(P2, 4, 5));
        ExportMetricsServiceRequest second = fixture.receiver.received("/v1/metrics").get(1).metrics();
        Metric orders = metric(second, "Shop", "Orders");
        assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA, orders.getSum().getAggregationTemporality());
        assertEquals(4.0, orders.getSum().getDataPoints(0).getAsDouble());
        assertEquals(nanos(P2), orders.getSum().getDataPoints(0).getStartTimeUnixNano());
        ExponentialHistogramDataPoint latency = metric(second, "Shop/Api", "Latency").getExponentialHistogram().getDataPoints(0);
        assertEquals(6, latency.getCount(), "delta: this period's samples only");
    }

    @Test
    void timersAreExponentialHistogramsWhoseBucketsHoldEachValue() throws Exception {
        Exporter<Datapoint> exporter = fixture.exporter(Signal.METRICS);
        exporter.export(period(P1, 3, 7));
        exporter.export(period(P2, 4, 5));
        Metric latency = metric(fixture.receiver.received("/v1/metrics").get(1).metrics(), "Shop/Api", "Latency");
        assertEquals("ms", latency.getUnit());
        assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE, latency.getExponentialHistogram().getAggregationTemporality());
        ExponentialHistogramDataPoint point = latency.getExponentialHistogram().getDataPoints(0);
        assertEquals(Map.of("Operation", "GetOrder", "Service", "checkout"), attributes(point.getAttributesList()));
        assertEquals(12, point.getCount());
        assertEquals(2 * (1.5 * 2 + 10 + 250 * 3), point.getSum());
        assertEquals(1.5, point.getMin());
        assertEquals(250, point.getMax());
        assertEquals(0, point.getZeroCount());
        // 1.5 to 250 ms spans log2(250/1.5) = 7.4 binades: 118 buckets at scale 4 (16 a binade), 236 at scale 5
        assertEquals(4, point.getScale(), "the finest scale at which the values fit the default 160 buckets");
        double base = Math.pow(2, Math.pow(2, -point.getScale()));
        long total = 0;
        for (double value : new double[] {1.5, 10, 250}) {
            int at = -1;
            for (int i = 0; i < point.getPositive().getBucketCountsCount(); i++) {
                int index = point.getPositive().getOffset() + i;
                if (point.getPositive().getBucketCounts(i) > 0 && Math.pow(base, index) < value && value <= Math.pow(base, index + 1)) {
                    at = i;
                }
            }
            assertTrue(at >= 0, value + " lies in no bucket with a count");
        }
        for (long count : point.getPositive().getBucketCountsList()) {
            total += count;
        }
        assertEquals(12, total);
    }

    @Test
    void aNarrowBucketLimitLowersTheScaleUntilTheValuesFit() throws Exception {
        Exporter<Datapoint> exporter = fixture.exporter(Signal.METRICS, "max-buckets", 8);
        exporter.export(List.of(latency(P1)));
        ExponentialHistogramDataPoint point = metric(fixture.receiver.received("/v1/metrics").get(0).metrics(), "Shop/Api", "Latency")
                .getExponentialHistogram().getDataPoints(0);
        assertTrue(point.getPositive().getBucketCountsCount() <= 8);
        // 1.5 to 250 spans log2(250/1.5) = 7.4 binades: 8 buckets hold it at scale 0 (one binade each), not at scale 1
        assertEquals(0, point.getScale());
    }

    @Test
    void jsonCarriesTheSameMetricsAsProtobuf() throws Exception {
        Exporter<Datapoint> proto = fixture.exporter(Signal.METRICS, "temporality", "delta");
        Exporter<Datapoint> json = fixture.exporter(Signal.METRICS, "temporality", "delta", "protocol", "http/json");
        proto.export(period(P1, 3, 7));
        json.export(period(P1, 3, 7));
        List<OtlpReceiver.Received> requests = fixture.receiver.received("/v1/metrics");
        assertEquals("application/json", requests.get(1).header("content-type"));
        assertEquals(requests.get(0).metrics(), requests.get(1).metrics());
    }

    @Test
    void aMetricThisMonitorDidNotRegisterIsAHistogramWhenItHoldsSeveralSamplesElseAGauge() throws Exception {
        MetricId read = new MetricId("Old", "Size", List.of(), Unit.BYTES, Resolution.STANDARD);
        Exporter<Datapoint> exporter = fixture.exporter(Signal.METRICS);
        exporter.export(List.of(Datapoint.single(read, P1, 42)));
        exporter.export(List.of(new Datapoint(read, P2, 2, 10, 4, 6, new Values(new double[] {4, 6}, new long[] {1, 1}))));
        List<OtlpReceiver.Received> requests = fixture.receiver.received("/v1/metrics");
        assertTrue(metric(requests.get(0).metrics(), "Old", "Size").hasGauge());
        assertEquals("By", metric(requests.get(0).metrics(), "Old", "Size").getUnit());
        assertTrue(metric(requests.get(1).metrics(), "Old", "Size").hasExponentialHistogram());
    }

    /** What a metric means: its name, unit, kind and points (attributes, values, histogram buckets by index), not its times. */
    private static Map<String, Object> meaning(Metric metric) {
        Map<String, Object> meaning = new java.util.TreeMap<>();
        meaning.put("unit", metric.getUnit());
        meaning.put("kind", metric.getDataCase().toString());
        List<Map<String, Object>> points = new java.util.ArrayList<>();
        if (metric.hasSum()) {
            meaning.put("temporality", metric.getSum().getAggregationTemporality());
            meaning.put("monotonic", metric.getSum().getIsMonotonic());
            metric.getSum().getDataPointsList().forEach(p -> points.add(Map.of("attributes", attributes(p.getAttributesList()),
                    "value", p.getAsDouble())));
        } else if (metric.hasGauge()) {
            metric.getGauge().getDataPointsList().forEach(p -> points.add(Map.of("attributes", attributes(p.getAttributesList()),
                    "value", p.getAsDouble())));
        } else {
            meaning.put("temporality", metric.getExponentialHistogram().getAggregationTemporality());
            for (ExponentialHistogramDataPoint p : metric.getExponentialHistogram().getDataPointsList()) {
                Map<Integer, Long> buckets = new java.util.TreeMap<>();
                for (int i = 0; i < p.getPositive().getBucketCountsCount(); i++) {
                    if (p.getPositive().getBucketCounts(i) != 0) {
                        buckets.put(p.getPositive().getOffset() + i, p.getPositive().getBucketCounts(i));
                    }
                }
                points.add(Map.of("attributes", attributes(p.getAttributesList()), "count", p.getCount(), "sum", p.getSum(),
                        "min", p.getMin(), "max", p.getMax(), "scale", p.getScale(), "zeroCount", p.getZeroCount(), "buckets", buckets));
            }
        }
        meaning.put("points", points);
        return meaning;
    }

    private static Map<String, Map<String, Object>> meanings(List<OtlpReceiver.Received> requests) {
        Map<String, Map<String, Object>> all = new java.util.TreeMap<>();
        for (OtlpReceiver.Received request : requests) {
            for (ScopeMetrics scope : request.metrics().getResourceMetrics(0).getScopeMetricsList()) {
                for (Metric metric : scope.getMetricsList()) {
                    all.put(scope.getScope().getName() + "/" + metric.getName(), meaning(metric));
                }
            }
        }
        return all;
    }

    @Test
    void theSdksOwnOtlpExporterSendsTheSameMetricsForTheSameRecordings() throws Exception {
        Exporter<Datapoint> exporter = fixture.exporter(Signal.METRICS, "service-name", "shop");
        exporter.export(period(P1, 3, 7));
        exporter.export(period(P2, 4, 5));

        io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter otlp = io.opentelemetry.exporter.otlp.http.metrics
                .OtlpHttpMetricExporter.builder().setEndpoint(fixture.receiver.url() + "/v1/sdk-metrics").build();
        io.opentelemetry.sdk.metrics.export.PeriodicMetricReader reader = io.opentelemetry.sdk.metrics.export.PeriodicMetricReader
                .builder(otlp).setInterval(java.time.Duration.ofHours(1)).build();
        try (io.opentelemetry.sdk.metrics.SdkMeterProvider provider = io.opentelemetry.sdk.metrics.SdkMeterProvider.builder()
                .registerMetricReader(reader)
                .registerView(io.opentelemetry.sdk.metrics.InstrumentSelector.builder()
                                .setType(io.opentelemetry.sdk.metrics.InstrumentType.HISTOGRAM).build(),
                        io.opentelemetry.sdk.metrics.View.builder().setAggregation(
                                io.opentelemetry.sdk.metrics.Aggregation.base2ExponentialBucketHistogram(160, 8)).build())
                .build()) {
            io.opentelemetry.api.common.Attributes service = io.opentelemetry.api.common.Attributes.of(
                    io.opentelemetry.api.common.AttributeKey.stringKey("Service"), "checkout");
            io.opentelemetry.api.metrics.Meter shop = provider.get("Shop");
            io.opentelemetry.api.metrics.DoubleCounter orders = shop.counterBuilder("Orders").setUnit("{count}").ofDoubles().build();
            io.opentelemetry.api.metrics.DoubleGauge queue = shop.gaugeBuilder("QueueDepth").setUnit("1").build();
            io.opentelemetry.api.metrics.DoubleHistogram latency = provider.get("Shop/Api").histogramBuilder("Latency").setUnit("ms").build();
            io.opentelemetry.api.common.Attributes operation = io.opentelemetry.api.common.Attributes.of(
                    io.opentelemetry.api.common.AttributeKey.stringKey("Operation"), "GetOrder",
                    io.opentelemetry.api.common.AttributeKey.stringKey("Service"), "checkout");
            orders.add(3, service);
            orders.add(4, service);
            queue.set(7);
            queue.set(5);
            for (int period = 0; period < 2; period++) {
                for (double value : new double[] {1.5, 1.5, 10, 250, 250, 250}) {
                    latency.record(value, operation);
                }
            }
            provider.forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        Map<String, Map<String, Object>> ours = meanings(fixture.receiver.received("/v1/metrics").subList(1, 2));
        Map<String, Map<String, Object>> sdks = meanings(fixture.receiver.received("/v1/sdk-metrics"));
        assertEquals(sdks, ours);
    }
}
