package dev.monitor.otlp.internal;

import dev.monitor.core.internal.ExponentialIndex;
import java.util.Arrays;

/**
 * OTLP's exponential histogram buckets (https://opentelemetry.io/docs/specs/otel/metrics/data-model/#exponentialhistogram):
 * at scale {@code s} the base is {@code 2^(2^-s)} and bucket {@code i} holds the magnitudes in
 * {@code (base^i, base^(i+1)]}. Indexes are computed exactly, without logarithms: at
 * {@link #MAX_SCALE} by core's {@link ExponentialIndex} (shared with Prometheus' native histograms), and at a lower
 * scale by shifting, since bucket {@code i} at scale {@code s - 1} is the union of buckets
 * {@code 2i} and {@code 2i + 1} at scale {@code s}. The property test checks both against exact
 * integer arithmetic on the value itself.
 *
 * <p>{@link #MAX_SCALE} is 8 (buckets 0.27% wide): finer than the 0.4% Monitor's own histograms keep,
 * whose bucket midpoints are what is counted here.
 */
final class ExponentialBuckets {
    /** The finest scale used. */
    static final int MAX_SCALE = ExponentialIndex.MAX_SCALE;
    /** The coarsest scale OTLP defines. */
    static final int MIN_SCALE = -10;

    private ExponentialBuckets() {
    }

    /** The histogram of {@code values} (each {@code counts[i]} times) in at most {@code maxBuckets} buckets per sign. */
    static Histogram of(double[] values, long[] counts, int maxBuckets) {
        long zero = 0;
        long minPositive = Long.MAX_VALUE;
        long maxPositive = Long.MIN_VALUE;
        long minNegative = Long.MAX_VALUE;
        long maxNegative = Long.MIN_VALUE;
        long[] indexes = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (v == 0 || counts[i] == 0) {
                zero += v == 0 ? counts[i] : 0;
                continue;
            }
            long index = index(Math.abs(v));
            indexes[i] = index;
            if (v > 0) {
                minPositive = Math.min(minPositive, index);
                maxPositive = Math.max(maxPositive, index);
            } else {
                minNegative = Math.min(minNegative, index);
                maxNegative = Math.max(maxNegative, index);
            }
        }
        int scale = MAX_SCALE;
        while (scale > MIN_SCALE && (span(minPositive, maxPositive, MAX_SCALE - scale) > maxBuckets
                || span(minNegative, maxNegative, MAX_SCALE - scale) > maxBuckets)) {
            scale--;
        }
        int shift = MAX_SCALE - scale;
        Buckets positive = buckets(minPositive, maxPositive, shift);
        Buckets negative = buckets(minNegative, maxNegative, shift);
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (v == 0 || counts[i] == 0) {
                continue;
            }
            Buckets side = v > 0 ? positive : negative;
            side.counts[(int) ((indexes[i] >> shift) - side.offset)] += counts[i];
        }
        return new Histogram(scale, zero, positive, negative);
    }

    private static long span(long min, long max, int shift) {
        return min > max ? 0 : (max >> shift) - (min >> shift) + 1;
    }

    private static Buckets buckets(long min, long max, int shift) {
        if (min > max) {
            return new Buckets(0, new long[0]);
        }
        long low = min >> shift;
        return new Buckets((int) low, new long[(int) ((max >> shift) - low + 1)]);
    }

    /** A histogram: its scale, the count of zeros, and the buckets of each sign. */
    record Histogram(int scale, long zeroCount, Buckets positive, Buckets negative) {
    }

    /** Consecutive buckets from index {@code offset}. */
    record Buckets(int offset, long[] counts) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Buckets that && offset == that.offset && Arrays.equals(counts, that.counts);
        }

        @Override
        public int hashCode() {
            return 31 * offset + Arrays.hashCode(counts);
        }

        @Override
        public String toString() {
            return "Buckets[offset=" + offset + ", counts=" + Arrays.toString(counts) + "]";
        }
    }

    /** The index at {@code scale} of a positive finite magnitude. */
    static long index(double magnitude, int scale) {
        if (scale > MAX_SCALE || scale < MIN_SCALE) {
            throw new IllegalArgumentException("scale " + scale + " is outside " + MIN_SCALE + " to " + MAX_SCALE);
        }
        return index(magnitude) >> (MAX_SCALE - scale);
    }

    /** The index at {@link #MAX_SCALE} of a positive finite magnitude. */
    static long index(double magnitude) {
        return ExponentialIndex.finest(magnitude);
    }
}
