package dev.monitor.core.internal;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The exact bucket index of a magnitude in the base-2 exponential histograms that OpenTelemetry
 * (exponential histograms, scale) and Prometheus (native histograms, schema) share: at scale 8,
 * bucket {@code i} holds {@code (2^(i/256), 2^((i+1)/256)]}, and a coarser scale {@code s} merges
 * buckets by {@code i >> (8 - s)}. Exact without logarithms: the bounds inside a power of two are a
 * table of the largest doubles not above {@code 2^(j/256)}, found with integer arithmetic when the
 * class loads. OpenTelemetry's index is this one; Prometheus' is this one plus one.
 */
public final class ExponentialIndex {
    /** The finest scale the table resolves. */
    public static final int MAX_SCALE = 8;
    private static final int PER_BINADE = 1 << MAX_SCALE;
    /** BOUNDS[j] = the largest double not above 2^(j/256), for j = 0..256 (exactly 1 and 2 at the ends). */
    private static final double[] BOUNDS = bounds();

    private ExponentialIndex() {
    }

    /**
     * The index at {@link #MAX_SCALE} of the bucket holding {@code magnitude}.
     *
     * @throws IllegalArgumentException for a magnitude that is not positive and finite
     */
    public static long finest(double magnitude) {
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
        return ((long) exponent << MAX_SCALE) + j - 1;
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
        for (int i = 0; i < MAX_SCALE; i++) {
            power = power.multiply(power);
        }
        return power.compareTo(BigInteger.ONE.shiftLeft(j + 52 * PER_BINADE)) > 0;
    }
}
