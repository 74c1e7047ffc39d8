package dev.monitor.core.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Dimension;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Timer;
import dev.monitor.api.metrics.Unit;
import dev.monitor.api.subscription.Subscription;
import dev.monitor.core.export.StderrCapture;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricStatistics;
import dev.monitor.core.metrics.StatisticsQuery;
import dev.monitor.testing.ManualClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MetricRegistryTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private final ManualClock clock = new ManualClock(T0);
    private final MetricRegistry registry = new MetricRegistry("Shop", clock, Resolution.STANDARD, 3);

    /** Ends a period; the datapoints by namespace, name and dimensions: {@code Shop/Orders[]}. */
    private Map<String, Datapoint> collect() {
        return registry.collect(Resolution.STANDARD, T0).stream()
                .collect(Collectors.toMap(d -> d.metric().namespace() + "/" + d.metric().name() + d.metric().dimensions(), d -> d));
    }

    @Test
    void lookupReturnsTheSameInstrumentForTheSameDimensionsInAnyOrder() {
        Counter first = registry.counter("Orders", "Region", "eu", "Shop", "a");
        assertSame(first, registry.counter("Orders", "Region", "eu", "Shop", "a"));
        assertSame(first, registry.counter("Orders", "Shop", "a", "Region", "eu"));
        assertSame(first, registry.counterBuilder("Orders").dimension("Shop", "a").dimension("Region", "eu").register());
        assertNotSame(first, registry.counter("Orders", "Region", "us", "Shop", "a"));
        assertEquals(2, registry.seriesCount("Orders"));
    }

    @Test
    void countersReportTheirIncreasePerPeriod() {
        Counter orders = registry.counterBuilder("Orders").dimension("Region", "eu").register();
        orders.increment();
        orders.increment(2.5);
        Datapoint first = collect().get("Shop/Orders[Dimension[name=Region, value=eu]]");
        assertEquals(3.5, first.sum());
        assertEquals(T0, first.timestamp());
        assertEquals(Unit.COUNT, first.metric().unit());
        orders.increment();
        assertEquals(1.0, collect().get("Shop/Orders[Dimension[name=Region, value=eu]]").sum());
    }

    @Test
    void invalidValuesAreCountedNotRecorded() {
        Counter orders = registry.counter("Orders");
        orders.increment(-1);
        orders.increment(Double.NaN);
        registry.distribution("Sizes").record(Double.POSITIVE_INFINITY);
        registry.distribution("Sizes").record(Math.scalb(1.0, 361));
        registry.gauge("Depth").set(Double.NaN);
        registry.timer("Latency").recordNanos(-5);
        Map<String, Datapoint> shop = collect();
        assertEquals(0.0, shop.get("Shop/Orders[]").sum());
        assertTrue(!shop.containsKey("Shop/Sizes[]") && !shop.containsKey("Shop/Depth[]") && !shop.containsKey("Shop/Latency[]"));
        assertEquals(6.0, shop.get("Monitor/InvalidValues[]").sum());
    }

    @Test
    void registrationRejectsBadNamesWithTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry.counterBuilder("Orders").dimension(":Region", "eu").register());
        assertEquals("dimension name ':Region' starts with ':', which CloudWatch does not allow", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> registry.timerBuilder("").register());
        assertEquals("metric name is empty; CloudWatch requires 1 to 255 characters", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> registry.timerBuilder("T").unit(Unit.BYTES).register());
        assertEquals("unit 'Bytes' is not a time unit; a timer reports Seconds, Milliseconds or Microseconds", e.getMessage());
    }

    @Test
    void aNameBelongsToOneKindAndOneUnit() {
        registry.counterBuilder("Orders").register();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.timerBuilder("Orders").register());
        assertEquals("metric 'Orders' is already registered as a counter; it cannot also be a timer", e.getMessage());
        registry.distributionBuilder("Size").unit(Unit.BYTES).register();
        e = assertThrows(IllegalArgumentException.class, () -> registry.distributionBuilder("Size").unit(Unit.KILOBYTES).register());
        assertEquals("metric 'Size' is already registered with unit Bytes; it cannot also have unit Kilobytes", e.getMessage());
    }

    @Test
    void badLookupsNeverThrowAndAreCounted() {
        try (StderrCapture stderr = new StderrCapture()) {
            registry.counter("Orders").increment();
            registry.counter("Orders", "Region").increment();
            registry.counter("Orders", "Region", null).increment();
            registry.counter(null).increment();
            registry.timer("Orders").recordNanos(5);
            registry.counter("Bad\u0001Name").increment();
            assertEquals(5.0, collect().get("Monitor/InvalidLookups[]").sum());
            assertTrue(stderr.text().contains("metric 'Orders' in namespace 'Shop' was looked up wrongly and records nothing: "
                    + "1 dimension strings given; they must come in name, value pairs"), stderr.text());
            assertEquals(5, stderr.text().lines().count(), "one warning per problem: " + stderr.text());
        }
    }

    @Test
    void dimensionSetsPastTheLimitFoldIntoOneOverflowSeries() {
        try (StderrCapture stderr = new StderrCapture()) {
            for (int i = 0; i < 5; i++) {
                registry.counter("Orders", "Customer", "c" + i).increment();
            }
            registry.counter("Orders", "Customer", "c4").increment();
            assertTrue(stderr.text().contains("metric 'Orders' in namespace 'Shop' reached its limit of 3 dimension sets"),
                    stderr.text());
            assertEquals(1, stderr.text().lines().count(), "warned once: " + stderr.text());
        }
        assertEquals(3, registry.seriesCount("Orders"));
        Map<String, Datapoint> shop = collect();
        assertEquals(3.0, shop.get("Shop/Orders[Dimension[name=Overflow, value=true]]").sum());
        Datapoint exceeded = shop
                .get("Monitor/CardinalityExceeded[Dimension[name=MetricName, value=Orders], Dimension[name=Namespace, value=Shop]]");
        assertEquals(3.0, exceeded.sum());
    }

    @Test
    void observedGaugesAndCountersAreSampledAtCollection() {
        double[] total = {100};
        registry.counterBuilder("GcCount").observe(() -> total[0]);
        registry.gaugeBuilder("Depth").observe(() -> 7);
        total[0] = 104;
        Map<String, Datapoint> shop = collect();
        assertEquals(4.0, shop.get("Shop/GcCount[]").sum());
        assertEquals(7.0, shop.get("Shop/Depth[]").maximum());
    }

    @Test
    void aClosedObservationIsNoLongerCollectedWhileTheOthersAre() {
        Subscription depth = registry.gaugeBuilder("Depth").observe(() -> 7);
        Subscription gc = registry.counterBuilder("GcCount").observe(() -> 3);
        registry.gaugeBuilder("Queue").observe(() -> 2);
        depth.close();
        gc.close();
        depth.close(); // twice is harmless
        Map<String, Datapoint> shop = collect();
        assertFalse(shop.containsKey("Shop/Depth[]"));
        assertFalse(shop.containsKey("Shop/GcCount[]"));
        assertEquals(2.0, shop.get("Shop/Queue[]").maximum());

        registry.gaugeBuilder("Depth").observe(() -> 9); // the name may be observed again
        assertEquals(9.0, collect().get("Shop/Depth[]").maximum());
    }

    @Test
    void closingASecondObservationOfOneSeriesLeavesTheFirst() {
        registry.gaugeBuilder("Depth").observe(() -> 7);
        registry.gaugeBuilder("Depth").observe(() -> 8).close();
        assertEquals(7.0, collect().get("Shop/Depth[]").maximum());
    }

    @Test
    void timersReportInTheirUnit() {
        Timer latency = registry.timerBuilder("Latency").unit(Unit.MILLISECONDS).register();
        latency.record(250, TimeUnit.MILLISECONDS);
        latency.record(750, TimeUnit.MILLISECONDS);
        Datapoint d = collect().get("Shop/Latency[]");
        assertEquals(2, d.sampleCount());
        assertEquals(1000.0, d.sum(), 1e-9);
        assertEquals(250.0, d.minimum(), 1e-9);
        assertEquals(750.0, d.maximum(), 1e-9);
        assertEquals(500.0, d.average(), 1e-9);
    }

    @Test
    void concurrentIncrementsRacingCollectionLoseNothing() throws Exception {
        Counter counter = registry.counter("Hits");
        Timer timer = registry.timer("Work");
        int threads = 4;
        int perThread = 200_000;
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    counter.increment();
                    timer.recordNanos(1000 + i % 1000);
                }
            });
            workers[t].start();
        }
        double counted = 0;
        long timed = 0;
        start.countDown();
        Thread collector = Thread.currentThread();
        while (!done.get()) {
            boolean alive = false;
            for (Thread worker : workers) {
                alive |= worker.isAlive();
            }
            done.set(!alive);
            for (Datapoint d : registry.collect(Resolution.STANDARD, T0)) {
                if (d.metric().name().equals("Hits")) {
                    counted += d.sum();
                } else if (d.metric().name().equals("Work")) {
                    timed += d.sampleCount();
                    assertEquals(d.sampleCount(), d.values().sampleCount());
                }
            }
        }
        assertEquals(collector, Thread.currentThread());
        assertEquals(threads * (double) perThread, counted);
        assertEquals(threads * (long) perThread, timed);
    }

    @Test
    void queriesAnswerFromRecentDatapoints() {
        Timer latency = registry.timerBuilder("Latency").dimension("Op", "buy").register();
        for (int minute = 0; minute < 3; minute++) {
            for (int i = 1; i <= 100; i++) {
                latency.record(i * (minute + 1), TimeUnit.MILLISECONDS);
            }
            registry.collect(Resolution.STANDARD, T0.plusSeconds(60L * minute));
        }
        StatisticsQuery query = new StatisticsQuery("Shop", "Latency", List.of(new Dimension("Op", "buy")),
                T0, T0.plusSeconds(180), 60, List.of("SampleCount", "Maximum"), List.of("p50"));
        MetricStatistics answer = registry.getStatistics(query);
        assertEquals("Latency", answer.label());
        assertEquals(3, answer.datapoints().size());
        MetricStatistics.Point last = answer.datapoints().get(2);
        assertEquals(T0.plusSeconds(120), last.timestamp());
        assertEquals(100.0, last.statistics().get("SampleCount"));
        assertEquals(300.0, last.statistics().get("Maximum"), 1e-9);
        assertEquals(150.0, last.extendedStatistics().get("p50"), 150 * MetricRegistry.RELATIVE_ERROR);
        assertEquals(Unit.MILLISECONDS, last.unit());

        MetricStatistics wide = registry.getStatistics(new StatisticsQuery("Shop", "Latency",
                List.of(new Dimension("Op", "buy")), T0, T0.plusSeconds(180), 180, List.of("SampleCount", "Minimum"), List.of()));
        assertEquals(1, wide.datapoints().size());
        assertEquals(300.0, wide.datapoints().get(0).statistics().get("SampleCount"));
        assertEquals(1.0, wide.datapoints().get(0).statistics().get("Minimum"), 1e-9);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.getStatistics(
                new StatisticsQuery("Shop", "Latency", List.of(), T0, T0, 45, List.of("Median"), List.of("p101"))));
        assertEquals("statistic 'Median' is not one of SampleCount, Average, Sum, Minimum, Maximum; "
                + "extended statistic 'p101' is not a percentile such as p99 or p99.9 (p0 to p100, at most two decimals); "
                + "period 45 is not 1, 5, 10, 20, 30 or a multiple of 60 seconds; "
                + "start time 2026-11-22T10:00:00Z is not before end time 2026-11-22T10:00:00Z", e.getMessage());
    }

    /** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricStat.html: 1, 5, 10, 20, 30, 60 or multiples of 60. */
    @Test
    void periodsAreThoseCloudWatchTakesForHighResolutionMetrics() {
        for (int period : new int[] {1, 5, 10, 20, 30, 60, 120, 3600}) {
            assertEquals(List.of(), new StatisticsQuery("Shop", "Latency", List.of(), T0, T0.plusSeconds(3600), period,
                    List.of("Sum"), List.of()).problems(), "period " + period);
        }
        for (int period : new int[] {0, 2, 15, 25, 45, 90}) {
            assertEquals(List.of("period " + period + " is not 1, 5, 10, 20, 30 or a multiple of 60 seconds"),
                    new StatisticsQuery("Shop", "Latency", List.of(), T0, T0.plusSeconds(3600), period, List.of("Sum"), List.of())
                            .problems());
        }
    }
}
