package dev.monitor.core.prometheus.internal;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Prometheus' native histogram buckets at a standard schema {@code s} (-4 to 8,
 * https://prometheus.io/docs/specs/native_histograms/#schema): bucket {@code i} holds the magnitudes
 * in {@code (2^((i-1) * 2^-s), 2^(i * 2^-s)]}, so 1 is the upper bound of bucket 0. Indexes are exact,
 * without logarithms: at schema 8 from a table of the bounds inside a power of two (each the largest
 * double not above {@code 2^(j/256)}, found with integer arithmetic when the class loads), and at a
 * coarser schema by merging, since bucket {@code i} at schema {@code s - 1} is buckets {@code 2i - 1}
 * and {@code 2i} at schema {@code s}.
 */
final class NativeBuckets {
    static final int MAX_SCHEMA = 8;
    static final int MIN_SCHEMA = -4;
    private static final int PER_BINADE = 1 << MAX_SCHEMA;
    /** BOUNDS[j] = the largest double not above 2^(j/256), for j = 0..256 (exactly 1 and 2 at the ends). */
    private static final double[] BOUNDS = bounds();

    private NativeBuckets() {
    }

    /** The index at {@code schema} of the bucket holding a positive finite magnitude. */
    static int index(double magnitude, int schema) {
        if (schema > MAX_SCHEMA || schema < MIN_SCHEMA) {
            throw new IllegalArgumentException("schema " + schema + " is outside " + MIN_SCHEMA + " to " + MAX_SCHEMA);
        }
        // at schema 8, bucket k (0-based from the bound below) is Prometheus' k + 1; merging pairs (2i - 1, 2i) is (k >> 1) + 1
        return (int) ((finest(magnitude) - 1) >> (MAX_SCHEMA - schema)) + 1;
    }

    /** The upper bound of bucket {@code index} at {@code schema}: {@code 2^(index * 2^-schema)}, +Inf past the largest double. */
    static double upperBound(int index, int schema) {
        return Math.pow(2, Math.scalb((double) index, -schema));
    }

    /** The index at schema 8 of a positive finite magnitude. */
    private static long finest(double magnitude) {
        if (!(magnitude > 0) || Double.isInfinite(magnitude)) {
            throw new IllegalArgumentException(magnitude + " is not a positive finite magnitude");
        }
        int exponent = Math.getExponent(magnitude);
        double mantissa;
        if (exponent < Double.MIN_EXPONENT) { // subnormal: scaled into the normal range first
            double scaled = magnitude * 0x1p64;
            exponent = Math.getExponent(scaled) - 64;
            mantissa = Math.scalb(scaled, -(exponent + 64));
        } else {
            mantissa = Math.scalb(magnitude, -exponent);
        }
        // mantissa in [1, 2) lies in (BOUNDS[j-1], BOUNDS[j]] for the first j with mantissa <= BOUNDS[j]
        int j = Arrays.binarySearch(BOUNDS, mantissa);
        if (j < 0) {
            j = -j - 1;
        }
        return ((long) exponent << MAX_SCHEMA) + j;
    }

    private static double[] bounds() {
        double[] bounds = new double[PER_BINADE + 1];
        bounds[0] = 1.0;
        bounds[PER_BINADE] = 2.0;
        for (int j = 1; j < PER_BINADE; j++) {
            double d = Math.pow(2, j / (double) PER_BINADE);
            while (above(d, j)) {
                d = Math.nextDown(d);
            }
            while (!above(Math.nextUp(d), j)) {
                d = Math.nextUp(d);
            }
            bounds[j] = d;
        }
        return bounds;
    }

    /** Whether {@code d} in [1, 2) is above 2^(j/256): d^256 > 2^j, in integers M^256 > 2^(j + 52 * 256) for d's 53-bit significand M. */
    private static boolean above(double d, int j) {
        BigInteger m = BigInteger.valueOf((Double.doubleToRawLongBits(d) & 0x000F_FFFF_FFFF_FFFFL) | 0x0010_0000_0000_0000L);
        BigInteger power = m;
        for (int i = 0; i < MAX_SCHEMA; i++) {
            power = power.multiply(power);
        }
        return power.compareTo(BigInteger.ONE.shiftLeft(j + 52 * PER_BINADE)) > 0;
    }
}
