package dev.monitor.core.metrics;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The distribution of one period's samples as distinct values and how often each occurred, the
 * shape of {@code PutMetricData}'s {@code Values} and {@code Counts} arrays. Values are ascending.
 * For timers and distributions each value stands for one histogram bucket (see
 * whose values are within 1% of the samples they stand for); counters and gauges have a single value.
 *
 * <p>The arrays are not copied: treat them as read-only.
 */
public record Values(double[] values, long[] counts) {

    public Values {
        if (values.length != counts.length) {
            throw new IllegalArgumentException(
                    values.length + " values but " + counts.length + " counts; each value needs one count");
        }
    }

    /** One value that occurred once. */
    public static Values single(double value) {
        return new Values(new double[] {value}, new long[] {1});
    }

    /** The number of samples: the sum of the counts. */
    public long sampleCount() {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        return total;
    }

    /**
     * The {@code percentile} (0 to 100) by the nearest-rank method: the smallest value such that at
     * least that share of the samples is less than or equal to it. NaN when there are no samples.
     */
    public double percentile(double percentile) {
        long total = sampleCount();
        if (total == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < values.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    /** All of {@code parts} together, with equal values' counts added. */
    public static Values merge(Iterable<Values> parts) {
        TreeMap<Double, Long> merged = new TreeMap<>();
        for (Values part : parts) {
            for (int i = 0; i < part.values.length; i++) {
                merged.merge(part.values[i], part.counts[i], Long::sum);
            }
        }
        return of(merged);
    }

    /** The distribution whose values and counts are {@code counted}'s keys and values. */
    public static Values of(java.util.SortedMap<Double, Long> counted) {
        double[] values = new double[counted.size()];
        long[] counts = new long[counted.size()];
        int i = 0;
        for (Map.Entry<Double, Long> entry : counted.entrySet()) {
            values[i] = entry.getKey();
            counts[i++] = entry.getValue();
        }
        return new Values(values, counts);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Values that && Arrays.equals(values, that.values) && Arrays.equals(counts, that.counts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "Values" + Arrays.toString(values) + "x" + Arrays.toString(counts);
    }
}
