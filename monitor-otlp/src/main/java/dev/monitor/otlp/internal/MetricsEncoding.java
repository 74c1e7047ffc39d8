package dev.monitor.otlp.internal;

import dev.monitor.api.metrics.Dimension;
import dev.monitor.api.metrics.Unit;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.core.metrics.MetricKind;
import dev.monitor.core.metrics.Values;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Monitor's datapoints as an {@code ExportMetricsServiceRequest} (metrics.proto): one scope per
 * namespace, one {@code Metric} per name, one data point per dimension set (dimensions become
 * attributes). Counters are monotonic Sums, gauges Gauges, timers and distributions exponential
 * histograms; a metric this monitor did not register (kind unknown) is a histogram when its
 * datapoint holds more than one sample, else a Gauge. Each datapoint covers its period, from its
 * timestamp for the resolution's seconds.
 *
 * <p>With cumulative temporality, the encoder keeps one running total (and one merged
 * distribution) per metric, from the first period it saw: as many as the monitor's cardinality
 * limits allow metrics. Not thread-safe: the exporter's thread owns it.
 */
final class MetricsEncoding {
    private static final int SUM_DATA_POINTS = 1;
    private final Map<String, ?> resource;
    private final boolean cumulative;
    private final int maxBuckets;
    private final Function<MetricId, MetricKind> kinds;
    private final Map<MetricId, Running> running = new HashMap<>();

    /** A metric's totals since {@link #start}, for cumulative temporality. */
    private static final class Running {
        final Instant start;
        double total;
        long count;
        double sum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        Values values = new Values(new double[0], new long[0]);

        Running(Instant start) {
            this.start = start;
        }
    }

    MetricsEncoding(Map<String, ?> resource, boolean cumulative, int maxBuckets, Function<MetricId, MetricKind> kinds) {
        this.resource = resource;
        this.cumulative = cumulative;
        this.maxBuckets = maxBuckets;
        this.kinds = kinds;
    }

    /** Writes {@code batch} as one request; returns the data points written. */
    int encode(List<Datapoint> batch, Encoder out) {
        Map<String, Map<String, List<Datapoint>>> byScope = new LinkedHashMap<>();
        for (Datapoint point : batch) {
            byScope.computeIfAbsent(point.metric().namespace(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(point.metric().name(), k -> new ArrayList<>()).add(point);
        }
        int written = 0;
        out.beginList(1, "resourceMetrics");
        out.item();
        Attributes.resource(out, resource);
        out.beginList(2, "scopeMetrics");
        for (Map.Entry<String, Map<String, List<Datapoint>>> scope : byScope.entrySet()) {
            out.item();
            Attributes.scope(out, scope.getKey(), null);
            out.beginList(2, "metrics");
            for (List<Datapoint> points : scope.getValue().values()) {
                written += metric(points, out);
            }
            out.endList();
            out.end();
        }
        out.endList();
        out.end();
        out.endList();
        return written;
    }

    private int metric(List<Datapoint> points, Encoder out) {
        MetricId first = points.get(0).metric();
        MetricKind kind = kinds.apply(first);
        out.item();
        out.string(1, "name", first.name());
        out.string(3, "unit", Units.ucum(first.unit()));
        int written = 0;
        if (kind == MetricKind.COUNTER) {
            out.begin(7, "sum");
            out.beginList(SUM_DATA_POINTS, "dataPoints");
            for (Datapoint point : points) {
                written += number(point, counterValue(point), out, true);
            }
            out.endList();
            out.uint32(2, "aggregationTemporality", cumulative ? 2 : 1);
            out.bool(3, "isMonotonic", true);
            out.end();
        } else if (kind == MetricKind.GAUGE || (kind == MetricKind.UNKNOWN && !distributed(points) && !isTime(first.unit()))) {
            out.begin(5, "gauge");
            out.beginList(1, "dataPoints");
            for (Datapoint point : points) {
                written += number(point, point.sum(), out, false);
            }
            out.endList();
            out.end();
        } else {
            out.begin(10, "exponentialHistogram");
            out.beginList(1, "dataPoints");
            for (Datapoint point : points) {
                written += histogram(point, out);
            }
            out.endList();
            out.uint32(2, "aggregationTemporality", cumulative ? 2 : 1);
            out.end();
        }
        out.end();
        return written;
    }

    private static boolean distributed(List<Datapoint> points) {
        for (Datapoint point : points) {
            if (point.sampleCount() != 1 || point.values().values().length != 1) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTime(Unit unit) {
        return unit == Unit.SECONDS || unit == Unit.MILLISECONDS || unit == Unit.MICROSECONDS;
    }

    /** A counter's value: the period's increase (delta) or the total since the first period seen (cumulative). */
    private double counterValue(Datapoint point) {
        if (!cumulative) {
            return point.sum();
        }
        Running total = running.computeIfAbsent(point.metric(), id -> new Running(point.timestamp()));
        total.total += point.sum();
        return total.total;
    }

    private int number(Datapoint point, double value, Encoder out, boolean hasStart) {
        out.item();
        attributes(point.metric(), 7, out); // NumberDataPoint.attributes
        if (hasStart) {
            out.fixed64(2, "startTimeUnixNano", nanos(start(point)));
        }
        out.fixed64(3, "timeUnixNano", nanos(end(point)));
        out.float64(4, "asDouble", value);
        out.end();
        return 1;
    }

    private int histogram(Datapoint point, Encoder out) {
        long count = point.sampleCount();
        double sum = point.sum();
        double min = point.minimum();
        double max = point.maximum();
        Values values = point.values();
        Instant start = point.timestamp();
        if (cumulative) {
            Running total = running.computeIfAbsent(point.metric(), id -> new Running(point.timestamp()));
            total.count += count;
            total.sum += sum;
            total.min = Math.min(total.min, min);
            total.max = Math.max(total.max, max);
            total.values = Values.merge(List.of(total.values, values));
            count = total.count;
            sum = total.sum;
            min = total.min;
            max = total.max;
            values = total.values;
            start = total.start;
        }
        ExponentialBuckets.Histogram histogram = ExponentialBuckets.of(values.values(), values.counts(), maxBuckets);
        out.item();
        attributes(point.metric(), 1, out); // ExponentialHistogramDataPoint.attributes
        out.fixed64(2, "startTimeUnixNano", nanos(start));
        out.fixed64(3, "timeUnixNano", nanos(end(point)));
        out.fixed64(4, "count", count);
        out.float64(5, "sum", sum);
        out.sint32(6, "scale", histogram.scale());
        out.fixed64(7, "zeroCount", histogram.zeroCount());
        buckets(8, "positive", histogram.positive(), out);
        buckets(9, "negative", histogram.negative(), out);
        if (count > 0) {
            out.float64(12, "min", min);
            out.float64(13, "max", max);
        }
        out.end();
        return 1;
    }

    private static void buckets(int field, String name, ExponentialBuckets.Buckets buckets, Encoder out) {
        if (buckets.counts().length == 0) {
            return;
        }
        out.begin(field, name);
        out.sint32(1, "offset", buckets.offset());
        out.uint64s(2, "bucketCounts", buckets.counts(), 0, buckets.counts().length);
        out.end();
    }

    private static void attributes(MetricId metric, int field, Encoder out) {
        if (metric.dimensions().isEmpty()) {
            return;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Dimension dimension : metric.dimensions()) {
            attributes.put(dimension.name(), dimension.value());
        }
        Attributes.write(out, field, attributes);
    }

    private Instant start(Datapoint point) {
        Running total = cumulative ? running.get(point.metric()) : null;
        return total != null ? total.start : point.timestamp();
    }

    private static Instant end(Datapoint point) {
        return point.timestamp().plusSeconds(point.metric().resolution().seconds());
    }

    static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
