package dev.monitor.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Distribution;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Timer;
import dev.monitor.core.metrics.internal.MetricRegistry;
import dev.monitor.testing.ManualClock;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * Statistics of a period equal those of the sorted input: SampleCount, Minimum and Maximum
 * exactly, Sum to rounding, every percentile within {@link MetricRegistry#RELATIVE_ERROR} of the
 * nearest-rank percentile.
 */
class StatisticsProperties {
    private static final double[] PERCENTILES = {0, 1, 10, 25, 50, 75, 90, 99, 99.9, 100};

    private static MetricRegistry registry() {
        return new MetricRegistry("Test", ManualClock.at("2026-01-01T00:00:00Z"), Resolution.STANDARD, 10);
    }

    private static Datapoint only(MetricRegistry registry) {
        List<Datapoint> points = registry.collect(Resolution.STANDARD, java.time.Instant.EPOCH).stream()
                .filter(d -> d.metric().namespace().equals("Test")).toList();
        assertEquals(1, points.size());
        return points.get(0);
    }

    static double nearestRank(double[] sorted, double percentile) {
        int rank = (int) Math.max(1, Math.ceil(percentile / 100.0 * sorted.length));
        return sorted[rank - 1];
    }

    @Provide
    Arbitrary<double[]> anyValues() {
        Arbitrary<Double> magnitudes = Arbitraries.oneOf(
                Arbitraries.doubles().between(-1e6, 1e6).ofScale(3),
                Arbitraries.doubles().between(0.001, 10).ofScale(6),
                Arbitraries.of(0.0, 1.0, -1.0, 1e9));
        return magnitudes.array(double[].class).ofMinSize(1).ofMaxSize(2000);
    }

    @Property(tries = 200)
    void distributionStatisticsMatchTheSortedInput(@ForAll("anyValues") double[] values) {
        MetricRegistry registry = registry();
        Distribution distribution = registry.distribution("Values");
        for (double value : values) {
            distribution.record(value);
        }
        Datapoint point = only(registry);
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        assertEquals(sorted.length, point.sampleCount());
        assertEquals(sorted.length, point.values().sampleCount());
        assertEquals(sorted[0], point.minimum());
        assertEquals(sorted[sorted.length - 1], point.maximum());
        assertEquals(Arrays.stream(values).sum(), point.sum(), 1e-6 * Arrays.stream(values).map(Math::abs).sum() + 1e-9);
        for (double p : PERCENTILES) {
            double expected = nearestRank(sorted, p);
            double actual = point.values().percentile(p);
            assertTrue(Math.abs(actual - expected) <= MetricRegistry.RELATIVE_ERROR * Math.abs(expected) + 1e-12,
                    () -> "p" + p + ": expected " + expected + " but was " + actual);
        }
    }

    @Property(tries = 200)
    void timerStatisticsMatchTheSortedInput(
            @ForAll @Size(min = 1, max = 2000) List<@LongRange(min = 0, max = 3_600_000_000_000L) Long> nanos) {
        MetricRegistry registry = registry();
        Timer timer = registry.timer("Latency");
        for (long n : nanos) {
            timer.recordNanos(n);
        }
        Datapoint point = only(registry);
        double[] sortedMillis = nanos.stream().mapToDouble(n -> n / 1e6).sorted().toArray();
        assertEquals(sortedMillis.length, point.sampleCount());
        assertEquals(sortedMillis[0], point.minimum(), 1e-9);
        assertEquals(sortedMillis[sortedMillis.length - 1], point.maximum(), 1e-9);
        assertEquals(nanos.stream().mapToLong(Long::longValue).sum() / 1e6, point.sum(), 1e-6);
        for (double p : PERCENTILES) {
            double expected = nearestRank(sortedMillis, p);
            double actual = point.values().percentile(p);
            assertTrue(Math.abs(actual - expected) <= MetricRegistry.RELATIVE_ERROR * expected + 1e-6,
                    () -> "p" + p + ": expected " + expected + " but was " + actual);
        }
    }

    @Property(tries = 100)
    void mergingDistributionsKeepsEveryCount(@ForAll @Size(min = 1, max = 20) List<@DoubleRange(min = -50, max = 50) Double> a,
                                             @ForAll @Size(min = 1, max = 20) List<@DoubleRange(min = -50, max = 50) Double> b) {
        Values first = Values.merge(a.stream().map(Values::single).toList());
        Values second = Values.merge(b.stream().map(Values::single).toList());
        Values merged = Values.merge(List.of(first, second));
        assertEquals(a.size() + b.size(), merged.sampleCount());
        for (int i = 1; i < merged.values().length; i++) {
            assertTrue(merged.values()[i - 1] < merged.values()[i]);
        }
    }
}
