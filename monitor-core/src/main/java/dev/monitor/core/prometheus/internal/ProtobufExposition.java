package dev.monitor.core.prometheus.internal;

import dev.monitor.core.metrics.Exemplar;
import dev.monitor.core.metrics.MetricId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Writes {@link Totals.Point}s in Prometheus' protobuf format
 * (https://prometheus.io/docs/instrumenting/exposition_formats/#protobuf-format): a stream of
 * {@code io.prometheus.client.MetricFamily} messages, each preceded by its length as a varint, the
 * field numbers those of {@code metrics.proto} in prometheus/client_model. The families, names and
 * labels are {@link Exposition}'s. A histogram carries its classic buckets and, when the totals keep
 * them, its native buckets in the same message, as the native histograms specification allows
 * (https://prometheus.io/docs/specs/native_histograms/#classic-prometheus-formats): a scraper takes
 * either or both.
 */
final class ProtobufExposition {
    // MetricFamily
    private static final int FAMILY_NAME = 1;
    private static final int FAMILY_HELP = 2;
    private static final int FAMILY_TYPE = 3;
    private static final int FAMILY_METRIC = 4;
    // MetricType
    private static final int COUNTER = 0;
    private static final int GAUGE = 1;
    private static final int SUMMARY = 2;
    private static final int UNTYPED = 3;
    private static final int HISTOGRAM = 4;
    // Metric
    private static final int METRIC_LABEL = 1;
    private static final int METRIC_GAUGE = 2;
    private static final int METRIC_COUNTER = 3;
    private static final int METRIC_SUMMARY = 4;
    private static final int METRIC_UNTYPED = 5;
    private static final int METRIC_HISTOGRAM = 7;
    // Histogram
    private static final int SAMPLE_COUNT = 1;
    private static final int SAMPLE_SUM = 2;
    private static final int BUCKET = 3;
    private static final int SCHEMA = 5;
    private static final int ZERO_THRESHOLD = 6;
    private static final int ZERO_COUNT = 7;
    private static final int NEGATIVE_SPAN = 9;
    private static final int NEGATIVE_DELTA = 10;
    private static final int POSITIVE_SPAN = 12;
    private static final int POSITIVE_DELTA = 13;
    // Bucket
    private static final int CUMULATIVE_COUNT = 1;
    private static final int UPPER_BOUND = 2;
    private static final int BUCKET_EXEMPLAR = 3;
    // Counter, Gauge, Untyped: value = 1; Counter.exemplar = 2
    private static final int VALUE = 1;
    private static final int COUNTER_EXEMPLAR = 2;
    // Summary: sample_count = 1, sample_sum = 2, quantile = 3; Quantile: quantile = 1, value = 2
    private static final int SUMMARY_QUANTILE = 3;

    private final double[] quantiles;
    private final Function<MetricId, Exemplar[]> exemplars;
    private int conflicts;

    /** @param exemplars a metric's exemplars per bucket, or null for none */
    ProtobufExposition(double[] quantiles, Function<MetricId, Exemplar[]> exemplars) {
        this.quantiles = quantiles;
        this.exemplars = exemplars;
    }

    /** How many points the last {@link #write} left out for a name conflict. */
    int conflicts() {
        return conflicts;
    }

    byte[] write(List<Totals.Point> points) {
        Exposition grouping = new Exposition(Exposition.Format.PROTOBUF, quantiles, null);
        ProtoWriter out = new ProtoWriter();
        for (Exposition.Family family : grouping.families(points)) {
            ProtoWriter message = new ProtoWriter();
            // the protobuf format names a counter's family by its sample, with the _total
            message.string(FAMILY_NAME, family.type().equals("counter") ? family.name() + "_total" : family.name());
            message.string(FAMILY_HELP, family.help());
            message.uint64(FAMILY_TYPE, switch (family.type()) {
                case "counter" -> COUNTER;
                case "gauge" -> GAUGE;
                case "summary" -> SUMMARY;
                case "histogram" -> HISTOGRAM;
                default -> UNTYPED;
            });
            Set<List<String>> written = new HashSet<>();
            for (Totals.Point point : family.points()) {
                String[] labels = Exposition.labels(point.id().dimensions());
                if (!written.add(List.of(labels))) {
                    grouping.conflict(); // two metrics with the same labels: one series only
                    continue;
                }
                message.message(FAMILY_METRIC, metric(family.type(), labels, point));
            }
            out.delimited(message);
        }
        conflicts = grouping.conflicts();
        return out.toByteArray();
    }

    private ProtoWriter metric(String type, String[] labels, Totals.Point point) {
        ProtoWriter metric = new ProtoWriter();
        for (int i = 0; i < labels.length; i += 2) {
            metric.message(METRIC_LABEL, new ProtoWriter().string(1, labels[i]).string(2, labels[i + 1]));
        }
        Exemplar[] kept = exemplars == null ? null : exemplars.apply(point.id());
        switch (type) {
            case "counter" -> {
                ProtoWriter counter = new ProtoWriter().float64(VALUE, point.value());
                ProtoWriter exemplar = exemplar(kept, point.id(), 0);
                if (exemplar != null) {
                    counter.message(COUNTER_EXEMPLAR, exemplar);
                }
                metric.message(METRIC_COUNTER, counter);
            }
            case "gauge" -> metric.message(METRIC_GAUGE, new ProtoWriter().float64(VALUE, point.value()));
            case "summary" -> metric.message(METRIC_SUMMARY, summary(point));
            case "histogram" -> metric.message(METRIC_HISTOGRAM, histogram(point, kept));
            default -> metric.message(METRIC_UNTYPED, new ProtoWriter().float64(VALUE, point.value()));
        }
        return metric;
    }

    private ProtoWriter summary(Totals.Point point) {
        ProtoWriter summary = new ProtoWriter().uint64(SAMPLE_COUNT, point.count()).float64(SAMPLE_SUM, point.sum());
        double[] values = point.quantiles();
        if (values != null) {
            for (int i = 0; i < quantiles.length; i++) {
                summary.message(SUMMARY_QUANTILE, new ProtoWriter().float64(1, quantiles[i]).float64(2, values[i]));
            }
        }
        return summary;
    }

    private ProtoWriter histogram(Totals.Point point, Exemplar[] kept) {
        ProtoWriter histogram = new ProtoWriter().uint64(SAMPLE_COUNT, point.count()).float64(SAMPLE_SUM, point.sum());
        double[] bounds = point.bounds();
        long[] buckets = point.buckets();
        // the +Inf bucket is optional: its count is the sample count
        for (int i = 0; i < bounds.length; i++) {
            ProtoWriter bucket = new ProtoWriter().uint64(CUMULATIVE_COUNT, buckets[i]).float64(UPPER_BOUND, bounds[i]);
            ProtoWriter exemplar = exemplar(kept, point.id(), i);
            if (exemplar != null) {
                bucket.message(BUCKET_EXEMPLAR, exemplar);
            }
            histogram.message(BUCKET, bucket);
        }
        Totals.Exponential exponential = point.exponential();
        if (exponential != null) {
            histogram.sint64(SCHEMA, exponential.schema());
            histogram.float64(ZERO_THRESHOLD, 0); // only exact zeros are in the zero bucket
            histogram.uint64(ZERO_COUNT, exponential.zeroCount());
            side(histogram, NEGATIVE_SPAN, NEGATIVE_DELTA, exponential.negativeIndexes(), exponential.negativeCounts(), false);
            // a native histogram without positive buckets still has a span, (0, 0), or it would read as a classic one
            side(histogram, POSITIVE_SPAN, POSITIVE_DELTA, exponential.positiveIndexes(), exponential.positiveCounts(), true);
        }
        return histogram;
    }

    /**
     * One sign's buckets as spans of consecutive indexes (the first span's offset is its first index,
     * each next one's the gap since the previous span) and each bucket's count as its difference from the previous bucket's.
     */
    private static void side(ProtoWriter histogram, int spanField, int deltaField, int[] indexes, long[] counts, boolean noOpWhenEmpty) {
        if (indexes.length == 0) {
            if (noOpWhenEmpty) {
                histogram.message(spanField, new ProtoWriter().sint64(1, 0).uint64(2, 0));
            }
            return;
        }
        int start = 0;
        int previousEnd = 0;
        for (int i = 1; i <= indexes.length; i++) {
            if (i == indexes.length || indexes[i] != indexes[i - 1] + 1) {
                int offset = start == 0 ? indexes[0] : indexes[start] - previousEnd - 1;
                histogram.message(spanField, new ProtoWriter().sint64(1, offset).uint64(2, i - start));
                previousEnd = indexes[i - 1];
                start = i;
            }
        }
        long[] deltas = new long[counts.length];
        long previous = 0;
        for (int i = 0; i < counts.length; i++) {
            deltas[i] = counts[i] - previous;
            previous = counts[i];
        }
        histogram.packedSint64(deltaField, deltas);
    }

    /** Slot {@code slot} of {@code kept} as an Exemplar message (trace_id label, value in the base unit, timestamp), or null. */
    private static ProtoWriter exemplar(Exemplar[] kept, MetricId id, int slot) {
        if (kept == null || slot >= kept.length || kept[slot] == null) {
            return null;
        }
        Exemplar exemplar = kept[slot];
        String traceId = Exposition.traceId(exemplar.traceId());
        if ("trace_id".length() + traceId.length() > Exposition.MAX_EXEMPLAR_LABELS) {
            return null;
        }
        long millis = exemplar.epochMillis();
        ProtoWriter timestamp = new ProtoWriter().uint64(1, Math.floorDiv(millis, 1000)).uint64(2, Math.floorMod(millis, 1000) * 1_000_000L);
        return new ProtoWriter().message(1, new ProtoWriter().string(1, "trace_id").string(2, traceId))
                .float64(2, exemplar.value() * Names.scale(id.unit())).message(3, timestamp);
    }
}
