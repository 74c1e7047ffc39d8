package dev.monitor.console.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Dimension;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Unit;
import dev.monitor.core.dashboard.MetricRow;
import dev.monitor.core.dashboard.Placement;
import dev.monitor.core.dashboard.RenderOptions;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.core.metrics.RecentMetric;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** A metric widget's lines: the statistics per period, metric math over them, and the widgets' places on the grid. */
class MetricDataProperties {
    private static final Instant START = Instant.parse("2026-12-02T10:00:00Z");
    private static final Instant END = START.plusSeconds(3600);
    private static final List<Dimension> HOST = List.of(new Dimension("Host", "a"));
    private static final MetricId ID = new MetricId("Shop", "Orders", HOST, Unit.COUNT, Resolution.STANDARD);
    private static final MetricRow.Metric ROW = new MetricRow.Metric("Shop", "Orders", HOST);

    /** A value at a second within the hour (some a little outside it, which no period may count). */
    record Sample(int second, double value) {
    }

    @Provide
    Arbitrary<List<Sample>> samples() {
        return Combinators.combine(Arbitraries.integers().between(-300, 3900), Arbitraries.integers().between(-1000, 1000).map(v -> v / 4.0))
                .as(Sample::new).list().ofMaxSize(200);
    }

    private static MetricData data(List<Sample> samples) {
        List<Datapoint> points = samples.stream().map(s -> Datapoint.single(ID, START.plusSeconds(s.second()), s.value())).toList();
        return new MetricData(List.of(new RecentMetric(ID, RecentMetric.Origin.APPLICATION, false, points)));
    }

    @Property
    void eachPeriodHoldsTheStatisticsOfTheValuesThatFallInIt(@ForAll("samples") List<Sample> samples,
                                                            @ForAll("periods") int period) {
        MetricData.Grid grid = MetricData.Grid.of(START, END, period);
        double[] sums = data(samples).series(ROW, "Sum", grid);
        double[] counts = data(samples).series(ROW, "SampleCount", grid);
        double[] maximums = data(samples).series(ROW, "Maximum", grid);
        Map<Integer, List<Double>> expected = new HashMap<>();
        for (Sample sample : samples) {
            if (sample.second() >= 0 && sample.second() < 3600) {
                expected.computeIfAbsent(sample.second() / period, k -> new ArrayList<>()).add(sample.value());
            }
        }
        assertEquals(3600 / period, grid.n());
        for (int i = 0; i < grid.n(); i++) {
            List<Double> in = expected.get(i);
            if (in == null) {
                assertTrue(Double.isNaN(sums[i]) && Double.isNaN(counts[i]), "an empty period has no value");
                continue;
            }
            assertEquals(in.stream().mapToDouble(Double::doubleValue).sum(), sums[i], 1e-9);
            assertEquals(in.size(), counts[i]);
            assertEquals(in.stream().mapToDouble(Double::doubleValue).max().orElseThrow(), maximums[i]);
            assertEquals(START.plusSeconds((long) i * period), grid.time(i));
        }
    }

    @Provide
    Arbitrary<Integer> periods() {
        return Arbitraries.of(60, 300, 600, 900, 3600);
    }

    @Property
    void theWholeRangeIsOnePeriod(@ForAll("samples") List<Sample> samples) {
        double[] sum = data(samples).series(ROW, "Sum", MetricData.Grid.wholeRange(START, END));
        double expected = samples.stream().filter(s -> s.second() >= 0 && s.second() < 3600).mapToDouble(Sample::value).sum();
        boolean any = samples.stream().anyMatch(s -> s.second() >= 0 && s.second() < 3600);
        assertEquals(1, sum.length);
        assertEquals(any ? expected : Double.NaN, sum[0], 1e-9);
    }

    @Property
    void anExpressionIsEvaluatedPeriodByPeriod(@ForAll("samples") List<Sample> samples, @ForAll("periods") int period) {
        MetricData data = data(samples);
        MetricData.Grid grid = MetricData.Grid.of(START, END, period);
        List<MetricData.Row> rows = List.of(new MetricData.Row("m1", ROW, "Sum"),
                new MetricData.Row("m2", new MetricRow.Metric("Shop", "Orders", HOST, RenderOptions.NONE.withId("m2")), "SampleCount"));
        double[] sums = data.series(ROW, "Sum", grid);
        double[] counts = data.series(ROW, "SampleCount", grid);
        double[] average = data.evaluate("e1", "m1 / m2", rows, grid).get(0);
        double[] total = data.evaluate("e2", "SUM(METRICS())", rows, grid).get(0);
        for (int i = 0; i < grid.n(); i++) {
            if (Double.isNaN(sums[i])) {
                assertTrue(Double.isNaN(average[i]), "no value where neither metric has one");
            } else {
                assertEquals(sums[i] / counts[i], average[i], 1e-9);
                assertEquals(sums[i] + counts[i], total[i], 1e-9);
            }
        }
    }

    @Example
    void expressionsNameTheirProblems() {
        MetricData data = data(List.of(new Sample(10, 1)));
        MetricData.Grid grid = MetricData.Grid.of(START, END, 60);
        List<MetricData.Row> rows = List.of(new MetricData.Row("m1", ROW, "Sum"),
                new MetricData.Row("e1", new MetricRow.Expression("e1 + 1", RenderOptions.NONE.withId("e1")), null));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> data.evaluate("e1", "e1 + 1", rows, grid)).getMessage()
                .contains("refers to itself"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> data.evaluate("e2", "m9 * 2", rows, grid)).getMessage()
                .contains("'m9'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> data.series(ROW, "Median", grid)).getMessage().contains("'Median'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MetricData.Grid.of(START, START.plusSeconds(86_400 * 7), 60))
                .getMessage().contains("10080 points"));
        assertEquals(1.0, data.series(ROW, "p99", grid)[0], "a percentile of one value is that value");
    }

    @Property
    void autoKeepsTheWidgetsPeriodWhenItFitsAndElseAPeriodThatDoes(@ForAll @IntRange(min = 1, max = 400_000_000) int rangeSeconds,
                                                                   @ForAll("periods") int period) {
        int auto = MetricData.effectivePeriod(period, rangeSeconds, true);
        assertTrue(auto >= period);
        assertTrue(rangeSeconds / auto <= MetricData.MAX_POINTS, rangeSeconds + " s at " + auto);
        if (rangeSeconds / period <= MetricData.MAX_POINTS) {
            assertEquals(period, auto);
        }
        assertEquals(period, MetricData.effectivePeriod(period, rangeSeconds, false), "inherit: the widget's period");
    }

    @Provide
    Arbitrary<List<Placement>> placements() {
        return Arbitraries.integers().between(1, 24).flatMap(width -> Combinators.combine(
                        Arbitraries.integers().between(0, 24 - width), Arbitraries.integers().between(0, 30), Arbitraries.integers().between(1, 8))
                .as((x, y, height) -> new Placement(x, y, width, height))).list().ofMaxSize(25);
    }

    @Property
    void overlappingWidgetsArePushedDownAndOthersStayPut(@ForAll("placements") @Size(max = 25) List<Placement> given) {
        List<Placement> placed = DashboardsPage.apart(given);
        assertEquals(given.size(), placed.size());
        for (int i = 0; i < placed.size(); i++) {
            Placement before = given.get(i);
            Placement after = placed.get(i);
            assertEquals(List.of(before.x(), before.width(), before.height()), List.of(after.x(), after.width(), after.height()));
            assertTrue(after.y() >= before.y(), "only ever down");
            for (int j = 0; j < i; j++) {
                assertFalse(after.overlaps(placed.get(j)), after + " overlaps " + placed.get(j));
            }
        }
        boolean overlapFree = true;
        for (int i = 0; i < given.size(); i++) {
            for (int j = 0; j < i; j++) {
                overlapFree &= !given.get(i).overlaps(given.get(j));
            }
        }
        if (overlapFree) {
            assertEquals(given, placed, "a body without overlaps is drawn where it says");
        }
    }
}
