package dev.monitor.core.alarms.internal;

import dev.monitor.core.alarms.Statistic;
import dev.monitor.core.metrics.Values;
import java.util.TreeMap;

/**
 * What one metric recorded in one alarm period, merged from the datapoints that fell in it: a
 * 60-second alarm period on a high-resolution metric merges sixty 1-second datapoints. The
 * distribution is kept only when an extended statistic needs it; its size is bounded by the
 * number of histogram buckets, not by the number of samples.
 */
final class Aggregate {
    private final boolean keepValues;
    private long sampleCount;
    private double sum;
    private double minimum = Double.POSITIVE_INFINITY;
    private double maximum = Double.NEGATIVE_INFINITY;
    private TreeMap<Double, Long> distribution;

    Aggregate(boolean keepValues) {
        this.keepValues = keepValues;
    }

    void add(long count, double sum, double minimum, double maximum, Values values) {
        if (count <= 0) {
            return;
        }
        this.sampleCount += count;
        this.sum += sum;
        this.minimum = Math.min(this.minimum, minimum);
        this.maximum = Math.max(this.maximum, maximum);
        if (keepValues) {
            if (distribution == null) {
                distribution = new TreeMap<>();
            }
            double[] v = values.values();
            long[] c = values.counts();
            for (int i = 0; i < v.length; i++) {
                distribution.merge(v[i], c[i], Long::sum);
            }
        }
    }

    void add(double value) {
        add(1, value, value, value, Values.single(value));
    }

    /** The statistic of this period; NaN when it has no samples. */
    double statistic(Statistic stat) {
        return stat.of(sampleCount, sum, minimum, maximum, stat.isExtended() ? values() : null);
    }

    long sampleCount() {
        return sampleCount;
    }

    double sum() {
        return sum;
    }

    double minimum() {
        return minimum;
    }

    double maximum() {
        return maximum;
    }

    Values values() {
        return distribution == null ? new Values(new double[0], new long[0]) : Values.of(distribution);
    }
}
