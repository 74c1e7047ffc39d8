package dev.monitor.core.prometheus.internal;

import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.core.metrics.MetricKind;
import dev.monitor.core.metrics.Values;
import dev.monitor.core.prometheus.PrometheusSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Each metric's values since the monitor started, from the datapoints of every ended period:
 * Prometheus wants counters that only grow (its {@code rate} takes their differences), where the
 * monitor's datapoints are each a period's increase. A counter keeps its running total, a gauge its
 * last value, a timer or distribution its count, sum and per-bucket counts (in the base unit of
 * {@link Names#unitSuffix}), and for a summary the quantiles of its last period that had values;
 * with native histograms also the count in each exponential bucket that has one, at most
 * {@link #MAX_NATIVE_BUCKETS} per sign: a histogram whose values spread wider halves its resolution
 * (merges neighbouring buckets, one schema down) until they fit, as Prometheus' Go client does.
 * One entry per metric the monitor's cardinality limits allow. Thread-safe: the collector thread
 * adds, scrapes take snapshots.
 */
final class Totals {
    /** The most native buckets of one sign a histogram keeps: OpenTelemetry's default, which Prometheus' specification names as typical. */
    static final int MAX_NATIVE_BUCKETS = 160;

    private final Function<MetricId, MetricKind> kinds;
    private final boolean summaries;
    /** The native histograms' schema, or null for none. */
    private final Integer schema;
    private final double[] timerBounds;
    private final double[] distributionBounds;
    private final double[] quantiles;
    private final Map<MetricId, Running> running = new HashMap<>();

    /**
     * A metric's state when a scrape read it.
     *
     * @param buckets   a histogram's cumulative counts, one per bound and the last for +Inf; null otherwise
     * @param bounds    the bounds of {@code buckets}, base unit
     * @param quantiles a summary's quantile values, aligned with the settings' quantiles; null otherwise
     * @param negative  whether a value below zero was recorded (OpenMetrics then leaves out a histogram's sum)
     * @param exponential a native histogram's buckets; null unless the settings ask for native histograms
     */
    record Point(MetricId id, MetricKind kind, double value, long count, double sum, long[] buckets, double[] bounds,
                 double[] quantiles, boolean negative, Exponential exponential) {
    }

    /**
     * A native histogram's buckets since start: the count of zeros, and for each sign the indexes of
     * the buckets that have values, ascending, with their counts (not cumulative).
     */
    record Exponential(int schema, long zeroCount, int[] positiveIndexes, long[] positiveCounts, int[] negativeIndexes,
                       long[] negativeCounts) {
    }

    private static final class Running {
        final MetricKind kind;
        double value;
        long count;
        double sum;
        long[] buckets;
        double[] quantiles;
        boolean negative;
        long zeros;
        int schema;
        TreeMap<Integer, long[]> positive;
        TreeMap<Integer, long[]> negatives;

        Running(MetricKind kind) {
            this.kind = kind;
        }
    }

    Totals(PrometheusSettings settings, Function<MetricId, MetricKind> kinds) {
        this.kinds = kinds;
        this.summaries = settings.histograms() == PrometheusSettings.Histograms.SUMMARY;
        this.schema = settings.histograms() == PrometheusSettings.Histograms.NATIVE ? settings.nativeSchema() : null;
        this.timerBounds = array(settings.buckets());
        this.distributionBounds = array(settings.distributionBuckets());
        this.quantiles = array(settings.quantiles());
    }

    static double[] array(List<Double> values) {
        double[] array = new double[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
    }

    double[] bounds(MetricKind kind) {
        return kind == MetricKind.TIMER ? timerBounds : distributionBounds;
    }

    double[] quantiles() {
        return quantiles;
    }

    /** Adds one period's datapoints. */
    synchronized void add(List<Datapoint> points) {
        for (Datapoint point : points) {
            MetricId id = point.metric();
            Running state = running.get(id);
            if (state == null) {
                MetricKind kind = kinds.apply(id);
                if (kind == MetricKind.UNKNOWN && point.sampleCount() > 1) {
                    kind = MetricKind.DISTRIBUTION;
                }
                state = new Running(kind);
                running.put(id, state);
            }
            double scale = Names.scale(id.unit());
            switch (state.kind) {
                case COUNTER -> state.value += point.sum() * scale;
                case GAUGE, UNKNOWN -> state.value = point.sum() * scale;
                case TIMER, DISTRIBUTION -> histogram(state, point, scale);
            }
        }
    }

    private void histogram(Running state, Datapoint point, double scale) {
        state.count += point.sampleCount();
        state.sum += point.sum() * scale;
        state.negative |= point.minimum() < 0;
        Values values = point.values();
        if (summaries) {
            double[] latest = new double[quantiles.length];
            for (int i = 0; i < latest.length; i++) {
                latest[i] = values.percentile(quantiles[i] * 100) * scale;
            }
            state.quantiles = latest;
            return;
        }
        double[] bounds = bounds(state.kind);
        if (state.buckets == null) {
            state.buckets = new long[bounds.length + 1];
        }
        double[] representatives = values.values();
        long[] counts = values.counts();
        for (int i = 0; i < representatives.length; i++) {
            state.buckets[bucket(bounds, representatives[i] * scale)] += counts[i];
        }
        if (schema != null) {
            exponential(state, representatives, counts, scale);
        }
    }

    private void exponential(Running state, double[] representatives, long[] counts, double scale) {
        if (state.positive == null) {
            state.positive = new TreeMap<>();
            state.negatives = new TreeMap<>();
            state.schema = schema;
        }
        for (int i = 0; i < representatives.length; i++) {
            double value = representatives[i] * scale;
            // Monitor's histograms refuse NaN; were one to arrive it would count with the zeros, so that the buckets still add up to the count
            if (value == 0 || Double.isNaN(value)) {
                state.zeros += counts[i];
                continue;
            }
            // +-Inf (never recorded, but a scale could overflow) counts in the bucket of the largest double, the closest one
            double magnitude = Math.min(Math.abs(value), Double.MAX_VALUE);
            TreeMap<Integer, long[]> side = value > 0 ? state.positive : state.negatives;
            side.computeIfAbsent(NativeBuckets.index(magnitude, state.schema), index -> new long[1])[0] += counts[i];
        }
        while ((state.positive.size() > MAX_NATIVE_BUCKETS || state.negatives.size() > MAX_NATIVE_BUCKETS)
                && state.schema > NativeBuckets.MIN_SCHEMA) {
            state.positive = halved(state.positive);
            state.negatives = halved(state.negatives);
            state.schema--;
        }
    }

    /** The buckets one schema down: buckets 2i - 1 and 2i are bucket i. */
    private static TreeMap<Integer, long[]> halved(TreeMap<Integer, long[]> buckets) {
        TreeMap<Integer, long[]> merged = new TreeMap<>();
        for (Map.Entry<Integer, long[]> bucket : buckets.entrySet()) {
            merged.computeIfAbsent(((bucket.getKey() - 1) >> 1) + 1, index -> new long[1])[0] += bucket.getValue()[0];
        }
        return merged;
    }

    private static Exponential exponential(int schema, Running state) {
        if (state.positive == null) {
            return new Exponential(schema, 0, new int[0], new long[0], new int[0], new long[0]);
        }
        int[] positiveIndexes = new int[state.positive.size()];
        long[] positiveCounts = new long[positiveIndexes.length];
        int n = 0;
        for (Map.Entry<Integer, long[]> bucket : state.positive.entrySet()) {
            positiveIndexes[n] = bucket.getKey();
            positiveCounts[n++] = bucket.getValue()[0];
        }
        int[] negativeIndexes = new int[state.negatives.size()];
        long[] negativeCounts = new long[negativeIndexes.length];
        n = 0;
        for (Map.Entry<Integer, long[]> bucket : state.negatives.entrySet()) {
            negativeIndexes[n] = bucket.getKey();
            negativeCounts[n++] = bucket.getValue()[0];
        }
        return new Exponential(state.schema, state.zeros, positiveIndexes, positiveCounts, negativeIndexes, negativeCounts);
    }

    /** The first bucket whose upper bound is at least {@code value}, as Prometheus' {@code le} says. */
    static int bucket(double[] bounds, double value) {
        // the bounds ascend without repeats: a hit is its own bucket, a miss lands at the first bound above it
        int found = Arrays.binarySearch(bounds, value);
        return found >= 0 ? found : -found - 1;
    }

    /** Every metric's state now. */
    synchronized List<Point> snapshot() {
        List<Point> points = new ArrayList<>(running.size());
        for (Map.Entry<MetricId, Running> entry : running.entrySet()) {
            Running state = entry.getValue();
            long[] cumulative = null;
            if (state.buckets != null) {
                cumulative = new long[state.buckets.length];
                long seen = 0;
                for (int i = 0; i < cumulative.length; i++) {
                    seen += state.buckets[i];
                    cumulative[i] = seen;
                }
            }
            double[] latest = state.quantiles == null && summaries && state.count > 0 ? null : state.quantiles;
            points.add(new Point(entry.getKey(), state.kind, state.value, state.count, state.sum, cumulative,
                    cumulative == null ? null : bounds(state.kind), latest, state.negative,
                    cumulative == null || schema == null ? null : exponential(schema, state)));
        }
        return points;
    }
}
