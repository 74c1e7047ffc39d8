package dev.monitor.core.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Unit;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.core.metrics.Values;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * A timer's recording path (bucket index from the duration's leading zeros, {@link DurationCounts})
 * against an exact computation over the sorted durations: SampleCount, Minimum and Maximum exactly,
 * Sum as the exact total converted once, every percentile within 1/256 of the nearest-rank
 * duration (the resolution of the 2-significant-digit HdrHistogram it replaced;
 * {@link MetricRegistry#RELATIVE_ERROR} promises 1%), from 0 to {@link Long#MAX_VALUE}; negative
 * durations counted as invalid, as before.
 */
class TimerProperties {
    private static final double[] PERCENTILES = {0, 0.1, 1, 10, 25, 50, 75, 90, 99, 99.9, 100};
    /** Half a bucket's width over its lower bound: 2^-(SUB_BITS + 1). */
    private static final double RESOLUTION = Math.scalb(1.0, -(DurationCounts.SUB_BITS + 1));
    private static final Instant PERIOD = Instant.parse("2026-12-02T10:00:00Z");

    private static TimerSeries timer(Unit unit, LongAdder invalid) {
        return new TimerSeries(new MetricId("Test", "Latency", List.of(), unit, Resolution.STANDARD), invalid);
    }

    /** Durations spread evenly over every binade a long holds, small ones, and edges. */
    @Provide
    Arbitrary<Long> duration() {
        Arbitrary<Long> spread = Arbitraries.integers().between(0, 62).flatMap(bits ->
                Arbitraries.longs().between(1L << bits, bits == 62 ? Long.MAX_VALUE : (1L << (bits + 1)) - 1));
        return Arbitraries.frequencyOf(
                Tuple.of(6, spread),
                Tuple.of(3, Arbitraries.longs().between(0, 100_000_000L)),
                Tuple.of(1, Arbitraries.of(edgeDurations())));
    }

    static Long[] edgeDurations() {
        return new Long[] {0L, 1L, 2L, 127L, 128L, 129L, 255L, 256L, 257L, 511L, 512L, 1L << 32, (1L << 32) - 1,
                1L << 62, (1L << 62) - 1, Long.MAX_VALUE, Long.MAX_VALUE - 1, Long.MAX_VALUE / 2, 3_600_000_000_000L};
    }

    static Unit unit(int i) {
        return List.of(Unit.SECONDS, Unit.MILLISECONDS, Unit.MICROSECONDS).get(i);
    }

    static long nearestRank(long[] sorted, double percentile) {
        int rank = (int) Math.max(1, Math.ceil(percentile / 100.0 * sorted.length));
        return sorted[rank - 1];
    }

    /** Records {@code nanos} as one period of {@code timer} and checks its datapoint exactly. */
    static void assertPeriod(TimerSeries timer, Unit unit, List<Long> nanos) {
        for (long n : nanos) {
            timer.recordNanos(n);
        }
        Datapoint point = timer.collect(PERIOD);
        if (nanos.isEmpty()) {
            assertNull(point);
            return;
        }
        double scale = TimerSeries.unitsPerNano(unit);
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        assertEquals(sorted.length, point.sampleCount());
        assertEquals(sorted.length, point.values().sampleCount());
        assertEquals(sorted[0] * scale, point.minimum());
        assertEquals(sorted[sorted.length - 1] * scale, point.maximum());
        BigInteger exact = nanos.stream().map(BigInteger::valueOf).reduce(BigInteger.ZERO, BigInteger::add);
        assertEquals(exact.doubleValue() * scale, point.sum(), Math.ulp(exact.doubleValue() * scale) * 2,
                "the exact sum, even past Long.MAX_VALUE");
        Values values = point.values();
        for (int i = 1; i < values.values().length; i++) {
            assertTrue(values.values()[i - 1] < values.values()[i], () -> "ascending: " + values);
        }
        for (double value : values.values()) {
            assertTrue(value >= point.minimum() && value <= point.maximum(), () -> value + " outside the extremes");
        }
        for (double p : PERCENTILES) {
            double expected = nearestRank(sorted, p) * scale;
            double actual = values.percentile(p);
            double error = Math.abs(actual - expected);
            // the bucket's resolution, plus the rounding of one multiplication by the unit
            assertTrue(error <= RESOLUTION * expected + 2 * Math.ulp(expected),
                    () -> "p" + p + ": expected " + expected + " but was " + actual);
            assertTrue(error <= MetricRegistry.RELATIVE_ERROR * expected + 2 * Math.ulp(expected));
        }
    }

    @Property(tries = 300)
    void statisticsMatchAnExactComputation(@ForAll @Size(max = 600) List<@From("duration") Long> nanos,
                                           @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 2) int unit) {
        LongAdder invalid = new LongAdder();
        TimerSeries timer = timer(unit(unit), invalid);
        assertPeriod(timer, unit(unit), nanos);
        assertEquals(0, invalid.sum(), "no duration of 0 or more is refused");
        assertNull(timer.collect(PERIOD), "the next period starts empty");
    }

    @Example
    void bucketsThatMeetInOneDoubleOnceScaledAreOneValue() {
        // 2^62 - 1 and 2^62 ns fall in two buckets but are one double in milliseconds; a property
        // run drew them. CloudWatch's Values lists each value once (PutMetricData, MetricDatum.Values:
        // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html).
        TimerSeries timer = timer(Unit.MILLISECONDS, new LongAdder());
        assertPeriod(timer, Unit.MILLISECONDS, List.of((1L << 62) - 1, 1L << 62));
    }

    @Property(tries = 100)
    void periodAfterPeriodEachHoldsOnlyItsOwnDurations(
            @ForAll @Size(max = 5) List<@Size(max = 300) List<@From("duration") Long>> periods) {
        LongAdder invalid = new LongAdder();
        TimerSeries timer = timer(Unit.MILLISECONDS, invalid);
        for (List<Long> period : periods) {
            assertPeriod(timer, Unit.MILLISECONDS, period); // buffers alternate: each holds chunks from two periods ago
        }
    }

    @Property(tries = 200)
    void negativeDurationsAreCountedAsInvalidAndLeaveTheRestAlone(
            @ForAll @Size(max = 300) List<@From("duration") Long> nanos,
            @ForAll @LongRange(min = Long.MIN_VALUE, max = -1) long negative,
            @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 5) int times) {
        LongAdder invalid = new LongAdder();
        TimerSeries timer = timer(Unit.SECONDS, invalid);
        for (int i = 0; i < times; i++) {
            timer.recordNanos(negative);
        }
        timer.recordNanos(Long.MIN_VALUE);
        assertEquals(times + 1, invalid.sum());
        assertPeriod(timer, Unit.SECONDS, nanos);
        assertEquals(times + 1, invalid.sum());
    }

    @Property(tries = 3000)
    void everyDurationLiesInItsBucketNearItsMidpoint(@ForAll("duration") Long nanos) {
        int index = DurationCounts.index(nanos);
        assertTrue(index >= 0 && index <= DurationCounts.MAX_INDEX);
        long lower = DurationCounts.lowerBound(index);
        assertTrue(lower <= nanos && nanos - lower < DurationCounts.width(index), () -> nanos + " in bucket " + index);
        assertTrue(Math.abs(DurationCounts.midpoint(index) - nanos) <= RESOLUTION * nanos, () -> nanos + " vs midpoint");
        if (nanos < 256) {
            assertEquals(nanos, DurationCounts.midpoint(index), "every duration below 256 ns is its own bucket");
        }
    }

    @Property(tries = 1000)
    void bucketsAreInTheOrderOfTheirDurations(@ForAll("duration") Long a, @ForAll("duration") Long b) {
        assertTrue(DurationCounts.index(Math.min(a, b)) <= DurationCounts.index(Math.max(a, b)));
    }

    @Example
    void bucketsTileEveryLongWithoutGapsOrOverlaps() {
        assertEquals(0, DurationCounts.index(0));
        assertEquals(DurationCounts.MAX_INDEX, DurationCounts.index(Long.MAX_VALUE));
        for (int index = 0; index < DurationCounts.MAX_INDEX; index++) {
            long next = DurationCounts.lowerBound(index) + DurationCounts.width(index);
            assertEquals(next, DurationCounts.lowerBound(index + 1), "bucket " + index + " ends where the next begins");
            assertEquals(index, DurationCounts.index(next - 1));
            assertEquals(index + 1, DurationCounts.index(next));
            assertTrue(DurationCounts.width(index) <= Math.max(1, DurationCounts.lowerBound(index) / 128));
        }
        assertEquals(Long.MAX_VALUE, DurationCounts.lowerBound(DurationCounts.MAX_INDEX) + DurationCounts.width(DurationCounts.MAX_INDEX) - 1);
    }

    @Example
    void edgesOfTheRangeInOnePeriod() {
        LongAdder invalid = new LongAdder();
        TimerSeries timer = timer(Unit.SECONDS, invalid);
        List<Long> nanos = List.of(0L, 1L, Long.MAX_VALUE, Long.MAX_VALUE, 1L, Long.MAX_VALUE - 1);
        assertPeriod(timer, Unit.SECONDS, nanos);
        assertEquals(0, invalid.sum());
        timer.recordNanos(0);
        timer.recordNanos(Long.MAX_VALUE);
        Datapoint point = timer.collect(PERIOD);
        assertEquals(List.of(0.0, DurationCounts.midpoint(DurationCounts.MAX_INDEX) * 1e-9),
                List.of(point.values().values()[0], point.values().values()[1]), "0 exactly, and the top bucket's midpoint");
        assertEquals(Long.MAX_VALUE * 1e-9, point.maximum());
        assertEquals(Long.MAX_VALUE * 1e-9, point.sum());
    }

    @Example
    void aBufferKeepsOnlyTheChunksItsLastPeriodUsed() {
        DurationCounts counts = new DurationCounts();
        for (long nanos : new long[] {5, 200, 1_000, 1_010, 1_000_000}) {
            counts.record(nanos);
        }
        assertEquals(4, counts.chunksHeld(), "below 128; 128 to 255; 512 to 1023 twice; 2^19 to 2^20");
        assertEquals(new Values(new double[] {5, 200, 1_002, 1_010, 1_000_000}, new long[] {1, 1, 1, 1, 1}),
                counts.drain(1.0), "each bucket's midpoint (1,000 shares 1,000 to 1,003), the top clamped to the maximum");
        assertEquals(4, counts.chunksHeld(), "kept for the next period");
        counts.record(1_001);
        assertEquals(new Values(new double[] {1_001 * 1e-3}, new long[] {1}), counts.drain(1e-3), "clamped, then scaled");
        assertEquals(1, counts.chunksHeld(), "the chunks the period left empty are dropped");
        assertNull(counts.drain(1.0), "nothing recorded");
        assertEquals(0, counts.chunksHeld(), "and a buffer that recorded nothing holds nothing");
        for (int bits = 0; bits < 63; bits++) {
            counts.record(1L << bits);
        }
        counts.record(Long.MAX_VALUE);
        assertEquals(DurationCounts.CHUNKS, counts.chunksHeld(), "every duration a long holds fits in 57 chunks");
        assertEquals(64, counts.drain(1.0).sampleCount());
    }
}
