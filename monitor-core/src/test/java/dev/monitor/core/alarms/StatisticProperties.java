package dev.monitor.core.alarms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.metrics.Values;
import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Extended statistics against a naive computation over the sorted samples, per CloudWatch's definitions. */
class StatisticProperties {

    /** The samples' distribution, as one alarm period keeps it. */
    private static Values aggregate(List<Integer> samples) {
        TreeMap<Double, Long> counts = new TreeMap<>();
        samples.forEach(sample -> counts.merge(sample.doubleValue(), 1L, Long::sum));
        return Values.of(counts);
    }

    private static double[] sorted(List<Integer> samples) {
        return samples.stream().mapToDouble(Integer::doubleValue).sorted().toArray();
    }

    @Property
    void trimmedMeanCountAndSumKeepTheRanksBetweenTheBounds(@ForAll @Size(min = 1, max = 200) List<@IntRange(min = -50, max = 50) Integer> samples,
                                                            @ForAll @IntRange(min = 0, max = 100) int a,
                                                            @ForAll @IntRange(min = 0, max = 100) int b) {
        int low = Math.min(a, b);
        int high = Math.max(a, b);
        double[] values = sorted(samples);
        int n = values.length;
        long from = (long) Math.floor(low / 100.0 * n);
        long to = (long) Math.floor(high / 100.0 * n);
        double sum = 0;
        for (long rank = from + 1; rank <= to; rank++) {
            sum += values[(int) rank - 1];
        }
        long count = to - from;
        Values aggregate = aggregate(samples);
        String bounds = "(" + low + "%:" + high + "%)";
        assertEquals(count, Statistic.extended("TC" + bounds).of(aggregate));
        assertEquals(sum, Statistic.extended("TS" + bounds).of(aggregate), 1e-9);
        double mean = Statistic.extended("TM" + bounds).of(aggregate);
        if (count == 0) {
            assertTrue(Double.isNaN(mean));
        } else {
            assertEquals(sum / count, mean, 1e-9);
        }
    }

    @Property
    void absoluteBoundsExcludeTheLowerAndIncludeTheUpper(@ForAll @Size(min = 1, max = 100) List<@IntRange(min = -20, max = 20) Integer> samples,
                                                         @ForAll @IntRange(min = -20, max = 20) int a,
                                                         @ForAll @IntRange(min = -20, max = 20) int b) {
        int low = Math.min(a, b);
        int high = Math.max(a, b);
        long inside = samples.stream().filter(v -> v > low && v <= high).count();
        Values aggregate = aggregate(samples);
        assertEquals(100.0 * inside / samples.size(), Statistic.extended("PR(" + low + ":" + high + ")").of(aggregate), 1e-9);
        assertEquals(inside, Statistic.extended("TC(" + low + ":" + high + ")").of(aggregate));
    }

    @Property
    void winsorizedMeanClampsToTheKeptRange(@ForAll @Size(min = 1, max = 200) List<@IntRange(min = 0, max = 1000) Integer> samples,
                                            @ForAll @IntRange(min = 1, max = 100) int p) {
        double[] values = sorted(samples);
        int n = values.length;
        int to = (int) Math.floor(p / 100.0 * n);
        if (to == 0) {
            return;
        }
        double ceiling = values[to - 1];
        double expected = 0;
        for (double value : values) {
            expected += Math.min(value, ceiling);
        }
        assertEquals(expected / n, Statistic.extended("wm" + p).of(aggregate(samples)), 1e-9);
    }

    @Property
    void percentileIsTheNearestRank(@ForAll @Size(min = 1, max = 200) List<@IntRange(min = 0, max = 1000) Integer> samples,
                                    @ForAll @IntRange(min = 1, max = 100) int p) {
        double[] values = sorted(samples);
        int rank = (int) Math.ceil(p / 100.0 * values.length);
        assertEquals(values[Math.max(rank, 1) - 1], Statistic.extended("p" + p).of(aggregate(samples)));
    }

    @Test
    void theGuidesExamples() {
        Values hundred = aggregate(java.util.stream.IntStream.rangeClosed(1, 100).boxed().toList());
        // tm90: the mean after removing the 10% highest values.
        assertEquals(45.5, Statistic.extended("tm90").of(hundred));
        // TM(2%:98%): without the lowest 2% and the highest 2%.
        assertEquals(50.5, Statistic.extended("TM(2%:98%)").of(hundred));
        // TM(150:1000) style absolute bounds; IQM = TM(25%:75%).
        assertEquals(Statistic.extended("TM(25%:75%)").of(hundred), Statistic.extended("IQM").of(hundred));
        // PR(:300): the share of values at most 300.
        assertEquals(30.0, Statistic.extended("PR(:30)").of(hundred));
        assertEquals(90.0, Statistic.extended("tc90").of(hundred));
        assertEquals(4095.0, Statistic.extended("ts90").of(hundred));
        // wm98: the highest 2% count as the 98th percentile's value.
        assertEquals((4851.0 + 98 + 98) / 100, Statistic.extended("wm98").of(hundred));
    }

    @Test
    void badStatisticsAreRejectedWithTheRuleTheyBreak() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Statistic.extended("p101")).getMessage()
                .contains("from 0 to 100"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Statistic.extended("PR(10%:20%)")).getMessage()
                .contains("absolute values"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Statistic.extended("TM(90%:10%)")).getMessage()
                .contains("above the upper bound"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Statistic.extended("median")).getMessage()
                .contains("'median'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Statistic.simple("Avg")).getMessage()
                .contains("SampleCount, Sum, Average, Minimum, Maximum"));
    }

    @Test
    void lowSampleCountsFollowTheGuide() {
        Statistic p99 = Statistic.extended("p99");
        assertTrue(p99.tooFewSamples(999));
        assertTrue(!p99.tooFewSamples(1000));
        Statistic p10 = Statistic.extended("p10");
        assertTrue(p10.tooFewSamples(99));
        assertTrue(!p10.tooFewSamples(100));
    }
}
