package dev.monitor.core.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Unit;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.core.metrics.Values;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.From;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * A distribution's recording path (bucket index from the value's bits, {@link LogLinearCounts})
 * against an exact computation over the sorted values: SampleCount, Sum, Minimum and Maximum
 * exactly, every percentile within 1/256 of the nearest-rank value (the resolution of the
 * 2-significant-digit HdrHistogram it replaced; {@link MetricRegistry#RELATIVE_ERROR} promises 1%),
 * over the whole range CloudWatch accepts; and what it rejects, exactly what
 * {@link Series#acceptable} rejects.
 */
class DistributionProperties {
    private static final double[] PERCENTILES = {0, 0.1, 1, 10, 25, 50, 75, 90, 99, 99.9, 100};
    /** Half a bucket's width over its lower bound: 2^-(SUB_BITS + 1). */
    private static final double RESOLUTION = Math.scalb(1.0, -(LogLinearCounts.SUB_BITS + 1));
    private static final Instant PERIOD = Instant.parse("2026-12-02T10:00:00Z");

    private static DistributionSeries series(LongAdder invalid) {
        return new DistributionSeries(new MetricId("Test", "Values", List.of(), Unit.NONE, Resolution.STANDARD), invalid);
    }

    /** Magnitudes spread evenly over the exponents CloudWatch accepts, either sign, and zeros. */
    @Provide
    Arbitrary<Double> acceptedValue() {
        Arbitrary<Double> spread = Arbitraries.integers().between(-360, 359).flatMap(exponent ->
                Arbitraries.doubles().between(1.0, 2.0).map(m -> Math.scalb(m, exponent)));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, spread.flatMap(v -> Arbitraries.of(v, -v))),
                net.jqwik.api.Tuple.of(3, Arbitraries.doubles().between(-1e4, 1e4)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(edgeValues())));
    }

    /** Values at the ends of the accepted range and on either side of exponent boundaries. */
    static Double[] edgeValues() {
        return new Double[] {
                0.0, -0.0, Series.MIN_MAGNITUDE, -Series.MIN_MAGNITUDE, Series.MAX_MAGNITUDE, -Series.MAX_MAGNITUDE,
                Math.nextUp(Series.MIN_MAGNITUDE), Math.nextDown(Series.MAX_MAGNITUDE),
                1.0, Math.nextDown(1.0), Math.nextUp(1.0), -1.0, Math.nextDown(-1.0),
                1024.0, Math.nextDown(1024.0), 0.5, Math.nextDown(0.5), Math.scalb(1.0, 200), Math.nextDown(Math.scalb(1.0, 200)),
                1.0 + 1.0 / 128, Math.nextDown(1.0 + 1.0 / 128), 2.0 - 1.0 / 128, Math.nextDown(2.0)};
    }

    /** Values CloudWatch rejects: NaN, infinities, subnormals, and magnitudes beyond 2^±360. */
    static double[] rejectedValues() {
        return new double[] {
                Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MAX_VALUE, -Double.MAX_VALUE,
                Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL / 2, Double.MIN_NORMAL,
                Math.nextUp(Series.MAX_MAGNITUDE), -Math.nextUp(Series.MAX_MAGNITUDE),
                Math.nextDown(Series.MIN_MAGNITUDE), -Math.nextDown(Series.MIN_MAGNITUDE), Math.scalb(1.0, 361),
                Double.longBitsToDouble(0x7ff0_0000_0000_0001L)};
    }

    /**
     * What one period of one stripe holds: the values in order, less those refused because their
     * chunk (a sign and a pair of binades, from {@link Math#getExponent}) would be the period's
     * {@link LogLinearCounts#MAX_CHUNKS}+1st.
     */
    record Expected(double[] accepted, int refused) {
        static Expected of(List<Double> values) {
            java.util.Set<Long> chunks = new java.util.HashSet<>();
            List<Double> accepted = new java.util.ArrayList<>();
            int refused = 0;
            for (double value : values) {
                if (value != 0) {
                    long chunk = (value < 0 ? 1000 : 0) + Math.floorDiv(Math.getExponent(value) + 360, 2);
                    if (!chunks.contains(chunk) && chunks.size() == LogLinearCounts.MAX_CHUNKS) {
                        refused++;
                        continue;
                    }
                    chunks.add(chunk);
                }
                accepted.add(value);
            }
            return new Expected(accepted.stream().mapToDouble(Double::doubleValue).toArray(), refused);
        }
    }

    static double nearestRank(double[] sorted, double percentile) {
        int rank = (int) Math.max(1, Math.ceil(percentile / 100.0 * sorted.length));
        return sorted[rank - 1];
    }

    static void assertMatchesExactly(double[] recorded, Datapoint point) {
        double[] sorted = recorded.clone();
        Arrays.sort(sorted);
        assertEquals(sorted.length, point.sampleCount());
        assertEquals(sorted.length, point.values().sampleCount());
        assertEquals(sorted[0], point.minimum());
        assertEquals(sorted[sorted.length - 1], point.maximum());
        double sum = 0;
        for (double value : recorded) {
            sum += value; // one thread fills one stripe, in this order: the sum is the same double
        }
        assertEquals(sum, point.sum());
        Values values = point.values();
        for (int i = 1; i < values.values().length; i++) {
            assertTrue(values.values()[i - 1] < values.values()[i], () -> "ascending: " + values);
        }
        for (double value : values.values()) {
            assertTrue(value >= sorted[0] && value <= sorted[sorted.length - 1], () -> value + " outside the extremes");
        }
        for (double p : PERCENTILES) {
            double expected = nearestRank(sorted, p);
            double actual = values.percentile(p);
            assertTrue(Math.abs(actual - expected) <= RESOLUTION * Math.abs(expected),
                    () -> "p" + p + ": expected " + expected + " but was " + actual);
            assertTrue(Math.abs(actual - expected) <= MetricRegistry.RELATIVE_ERROR * Math.abs(expected));
        }
    }

    /** Records {@code values} as one period and checks the datapoint against {@link Expected}. */
    static void assertPeriod(DistributionSeries series, LongAdder invalid, List<Double> values) {
        long invalidBefore = invalid.sum();
        for (double value : values) {
            series.record(value);
        }
        Datapoint point = series.collect(PERIOD);
        Expected expected = Expected.of(values);
        assertEquals(expected.refused(), invalid.sum() - invalidBefore, "values refused by the bound on chunks");
        if (expected.accepted().length == 0) {
            assertNull(point);
        } else {
            assertMatchesExactly(expected.accepted(), point);
        }
    }

    @Property(tries = 300)
    void statisticsMatchAnExactComputation(@ForAll @Size(max = 600) List<@From("acceptedValue") Double> values) {
        LongAdder invalid = new LongAdder();
        DistributionSeries series = series(invalid);
        assertPeriod(series, invalid, values);
        assertNull(series.collect(PERIOD), "the next period starts empty");
    }

    @Property(tries = 100)
    void periodAfterPeriodEachHoldsOnlyItsOwnValues(@ForAll @Size(max = 5) List<@Size(max = 300) List<@From("acceptedValue") Double>> periods) {
        LongAdder invalid = new LongAdder();
        DistributionSeries series = series(invalid);
        for (List<Double> period : periods) {
            assertPeriod(series, invalid, period); // buffers alternate: each holds chunks from two periods ago
        }
    }

    /** Magnitudes within a factor of 2^62 of each other (32 pairs of binades at most), one sign. */
    @Provide
    Arbitrary<List<Double>> narrowValues() {
        return Arbitraries.integers().between(-360, 360 - 62).flatMap(lowest ->
                Arbitraries.integers().between(lowest, lowest + 61)
                        .flatMap(exponent -> Arbitraries.doubles().between(1.0, 2.0).map(m -> Math.scalb(m, exponent)))
                        .filter(v -> v <= Series.MAX_MAGNITUDE)
                        .list().ofMaxSize(500));
    }

    @Property(tries = 200)
    void valuesWithinAFactorOf2To62AreNeverRefused(@ForAll("narrowValues") List<Double> values) {
        LongAdder invalid = new LongAdder();
        DistributionSeries series = series(invalid);
        for (double value : values) {
            series.record(value);
        }
        assertEquals(0, invalid.sum());
        Datapoint point = series.collect(PERIOD);
        if (!values.isEmpty()) {
            assertMatchesExactly(values.stream().mapToDouble(Double::doubleValue).toArray(), point);
        }
    }

    @Property(tries = 200)
    void rejectsExactlyWhatCloudWatchRejectsAndCountsIt(@ForAll @Size(max = 600) List<@From("acceptedValue") Double> accepted,
                                                       @ForAll @IntRange(min = 0, max = 14) int rejectedIndex,
                                                       @ForAll @IntRange(min = 1, max = 5) int rejectedTimes) {
        LongAdder invalid = new LongAdder();
        DistributionSeries series = series(invalid);
        double rejected = rejectedValues()[rejectedIndex];
        for (int i = 0; i < rejectedTimes; i++) {
            series.record(rejected);
        }
        assertEquals(rejectedTimes, invalid.sum(), () -> rejected + " is counted as invalid");
        assertPeriod(series, invalid, accepted);
    }

    @Property(tries = 2000)
    void theBitsCheckAgreesWithTheValueCheck(@ForAll long bits) {
        double value = Double.longBitsToDouble(bits);
        assertEquals(Series.acceptable(value), LogLinearCounts.acceptable(bits), () -> "for " + value);
    }

    @Property(tries = 2000)
    void everyAcceptedMagnitudeLiesInItsBucketNearItsMidpoint(@ForAll("acceptedValue") Double value) {
        double magnitude = Math.abs(value);
        if (magnitude == 0) {
            return;
        }
        int index = LogLinearCounts.index(Double.doubleToRawLongBits(magnitude));
        assertTrue(index >= 0 && index <= LogLinearCounts.MAX_INDEX);
        assertTrue(LogLinearCounts.lowerBound(index) <= magnitude && magnitude < LogLinearCounts.lowerBound(index + 1),
                () -> magnitude + " in bucket " + index);
        assertTrue(Math.abs(LogLinearCounts.midpoint(index) - magnitude) <= RESOLUTION * magnitude);
    }

    @Property(tries = 1000)
    void bucketsAreInTheOrderOfTheirValues(@ForAll("acceptedValue") Double a, @ForAll("acceptedValue") Double b) {
        double low = Math.min(Math.abs(a), Math.abs(b));
        double high = Math.max(Math.abs(a), Math.abs(b));
        if (low == 0) {
            return;
        }
        assertTrue(LogLinearCounts.index(Double.doubleToRawLongBits(low)) <= LogLinearCounts.index(Double.doubleToRawLongBits(high)));
    }

    @Example
    void theRangesEndsAndExponentBoundariesHaveTheirOwnBuckets() {
        assertEquals(0, LogLinearCounts.index(Double.doubleToRawLongBits(Series.MIN_MAGNITUDE)));
        assertEquals(Series.MIN_MAGNITUDE, LogLinearCounts.lowerBound(0));
        assertEquals(LogLinearCounts.MAX_INDEX, LogLinearCounts.index(Double.doubleToRawLongBits(Series.MAX_MAGNITUDE)));
        assertEquals(720 * 128, LogLinearCounts.MAX_INDEX, "721 binades of 128 buckets, the last holding 2^360 alone");
        for (int exponent = -359; exponent <= 360; exponent++) {
            double power = Math.scalb(1.0, exponent);
            int at = LogLinearCounts.index(Double.doubleToRawLongBits(power));
            assertEquals(at - 1, LogLinearCounts.index(Double.doubleToRawLongBits(Math.nextDown(power))), "below 2^" + exponent);
            assertEquals(power, LogLinearCounts.lowerBound(at));
            assertEquals(at, LogLinearCounts.index(Double.doubleToRawLongBits(Math.nextDown(2 * power))) - 127);
        }
        // crossing 1.0 and 2^360 in one period: each side keeps its own value
        LongAdder invalid = new LongAdder();
        DistributionSeries series = series(invalid);
        double[] recorded = {Math.nextDown(1.0), 1.0, Math.nextDown(1.0), Series.MAX_MAGNITUDE, Series.MIN_MAGNITUDE, -Series.MAX_MAGNITUDE, 0.0};
        for (double value : recorded) {
            series.record(value);
        }
        Datapoint point = series.collect(PERIOD);
        assertEquals(0, invalid.sum());
        assertMatchesExactly(recorded, point);
        assertEquals(6, point.values().values().length, "-2^360, 0, 2^-360, just below 1, 1 and 2^360");
        assertEquals(Series.MAX_MAGNITUDE, point.maximum());
        assertEquals(Series.MAX_MAGNITUDE, point.values().percentile(100), "clamped to the exact maximum");
        assertEquals(-Series.MAX_MAGNITUDE, point.values().percentile(0));
    }

    @Example
    void aBufferKeepsOnlyTheChunksItsLastPeriodUsed() {
        LogLinearCounts counts = new LogLinearCounts();
        for (double value : new double[] {1.5, 3.0, 1e6, -2.0, 0.0}) {
            counts.record(value, Double.doubleToRawLongBits(value));
        }
        assertEquals(3, counts.chunksHeld(), "1.5 and 3.0 share a chunk of 2 binades; 1e6 and -2.0 have their own");
        assertEquals(new Values(new double[] {-2.0, 0.0, 1.50390625, 3.0078125, 1e6}, new long[] {1, 1, 1, 1, 1}),
                counts.drain(), "each bucket's midpoint, -2.0 and 1e6 clamped to the exact extremes");
        assertTrue(counts.isEmpty());
        assertEquals(3, counts.chunksHeld(), "kept for the next period");
        counts.record(1.5, Double.doubleToRawLongBits(1.5));
        assertEquals(1.5, counts.min);
        assertEquals(new Values(new double[] {1.5}, new long[] {1}), counts.drain());
        assertEquals(1, counts.chunksHeld(), "the chunks the period left empty are dropped");
        assertNull(counts.drain(), "nothing recorded");
        assertEquals(0, counts.chunksHeld(), "and a buffer that recorded nothing holds nothing");
    }

    private static boolean record(LogLinearCounts counts, double value) {
        return counts.record(value, Double.doubleToRawLongBits(value));
    }

    @Example
    void aPeriodHoldsAtMost32ChunksAndTheNextMayUse32Others() {
        LogLinearCounts counts = new LogLinearCounts();
        for (int pair = 0; pair < LogLinearCounts.MAX_CHUNKS; pair++) {
            assertTrue(record(counts, Math.scalb(1.0, 2 * pair)));
        }
        assertEquals(LogLinearCounts.MAX_CHUNKS, counts.chunksHeld());
        assertTrue(record(counts, Math.scalb(1.5, 2 * 31 + 1)), "the same chunk as 2^62");
        assertEquals(false, record(counts, Math.scalb(1.0, 64)), "a 33rd chunk");
        assertEquals(false, record(counts, -1.0), "a 33rd chunk");
        assertTrue(record(counts, 0.0), "zero needs no chunk");
        assertEquals(Math.scalb(1.5, 63), counts.max, "the refused values left the extremes as they were");
        Values period = counts.drain();
        assertEquals(34, period.sampleCount());
        assertEquals(LogLinearCounts.MAX_CHUNKS, counts.chunksHeld(), "kept for the next period");
        for (int pair = 0; pair < LogLinearCounts.MAX_CHUNKS; pair++) {
            assertTrue(record(counts, -Math.scalb(1.0, -2 * pair)), "chunks the last period used but this one has not make room");
        }
        assertEquals(false, record(counts, 1.0));
        assertEquals(LogLinearCounts.MAX_CHUNKS, counts.drain().sampleCount());
        assertEquals(LogLinearCounts.MAX_CHUNKS, counts.chunksHeld());
    }
}
