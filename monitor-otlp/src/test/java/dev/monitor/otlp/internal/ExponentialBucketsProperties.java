package dev.monitor.otlp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The bucket index of every positive double at every scale from -10 to 8, against an exact model
 * of the data model's definition (https://opentelemetry.io/docs/specs/otel/metrics/data-model/#exponential-buckets):
 * at scale s, bucket i holds the values v with base^i < v <= base^(i+1), base = 2^(2^-s). For s >= 0
 * that is 2^i < v^(2^s) <= 2^(i+1), decided in integers from v = M * 2^E; for s < 0 the bucket of
 * scale 0 divided (floor) by 2^-s.
 */
class ExponentialBucketsProperties {

    /** The exact index, from the definition. */
    static long exactIndex(double v, int scale) {
        long bits = Double.doubleToRawLongBits(v);
        int biased = (int) (bits >>> 52);
        long m = bits & 0x000F_FFFF_FFFF_FFFFL;
        int e;
        if (biased == 0) {
            e = -1074;
        } else {
            m |= 1L << 52;
            e = biased - 1075;
        }
        int s = Math.max(scale, 0);
        BigInteger power = BigInteger.valueOf(m).pow(1 << s);
        long exponent = (long) e << s;
        boolean exactPower = power.bitCount() == 1;
        long log2Floor = power.bitLength() - 1 + exponent;
        long index = exactPower ? log2Floor - 1 : log2Floor;
        return scale >= 0 ? index : Math.floorDiv(index, 1L << -scale);
    }

    @Provide
    Arbitrary<Double> positiveDoubles() {
        Arbitrary<Double> anyBits = Arbitraries.longs().between(1, 0x7FEF_FFFF_FFFF_FFFFL).map(Double::longBitsToDouble);
        // values a few ulps around a bucket bound at scale 8, where a logarithm would be off by one
        Arbitrary<Double> nearBounds = Combinators.combine(Arbitraries.integers().between(0, 255), Arbitraries.integers().between(-1000, 1000),
                Arbitraries.integers().between(-3, 3)).as((j, exponent, ulps) -> {
                    double v = Math.scalb(Math.pow(2, j / 256.0), exponent);
                    for (int i = 0; i < Math.abs(ulps); i++) {
                        v = ulps > 0 ? Math.nextUp(v) : Math.nextDown(v);
                    }
                    return v;
                });
        Arbitrary<Double> milliseconds = Arbitraries.doubles().between(0.001, 1e7).ofScale(6);
        return Arbitraries.oneOf(anyBits, nearBounds, milliseconds);
    }

    @Property(tries = 2000)
    void theIndexIsTheExactOneAtEveryScale(@ForAll("positiveDoubles") double value, @ForAll @IntRange(min = -10, max = 8) int scale) {
        assertEquals(exactIndex(value, scale), ExponentialBuckets.index(value, scale), () -> value + " at scale " + scale);
    }

    @Property(tries = 300)
    void aHistogramCountsEveryValueInItsBucketAtTheFinestScaleThatFits(
            @ForAll @Size(min = 1, max = 40) java.util.List<@net.jqwik.api.constraints.DoubleRange(min = -1e6, max = 1e6) Double> samples,
            @ForAll @IntRange(min = 2, max = 200) int maxBuckets) {
        double[] values = new double[samples.size()];
        long[] counts = new long[samples.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = samples.get(i);
            counts[i] = i % 3 + 1;
        }
        ExponentialBuckets.Histogram histogram = ExponentialBuckets.of(values, counts, maxBuckets);
        int scale = histogram.scale();
        Map<Long, Long> positive = new HashMap<>();
        Map<Long, Long> negative = new HashMap<>();
        long zeros = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] == 0) {
                zeros += counts[i];
            } else {
                (values[i] > 0 ? positive : negative).merge(exactIndex(Math.abs(values[i]), scale), counts[i], Long::sum);
            }
        }
        assertEquals(zeros, histogram.zeroCount());
        check(positive, histogram.positive(), maxBuckets);
        check(negative, histogram.negative(), maxBuckets);
        if (scale < ExponentialBuckets.MAX_SCALE) {
            assertTrue(span(values, scale + 1, true) > maxBuckets || span(values, scale + 1, false) > maxBuckets,
                    "scale " + (scale + 1) + " would have fit too");
        }
    }

    private static void check(Map<Long, Long> expected, ExponentialBuckets.Buckets buckets, int maxBuckets) {
        assertTrue(buckets.counts().length <= maxBuckets);
        Map<Long, Long> actual = new HashMap<>();
        for (int i = 0; i < buckets.counts().length; i++) {
            if (buckets.counts()[i] != 0) {
                actual.put((long) buckets.offset() + i, buckets.counts()[i]);
            }
        }
        assertEquals(expected, actual);
    }

    private static long span(double[] values, int scale, boolean positive) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (double v : values) {
            if (v != 0 && (v > 0) == positive) {
                long index = exactIndex(Math.abs(v), scale);
                min = Math.min(min, index);
                max = Math.max(max, index);
            }
        }
        return min > max ? 0 : max - min + 1;
    }
}
