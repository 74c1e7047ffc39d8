package dev.monitor.core.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Unit;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Real threads recording into striped series while a collector drains period after period: summed
 * over every period collected, the counts, sums, minimum and maximum are exactly what was recorded,
 * so nothing is lost or counted twice at a period boundary, and no buffer is ever written by two
 * threads at once.
 */
class StripesStressTest {
    /** More writers than the machine's cores, so that stripes are contended and the array grows. */
    private static final int WRITERS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    private static final Instant PERIOD = Instant.parse("2026-11-22T10:00:00Z");

    /**
     * A buffer that counts per writer and fails when two threads are in it at once: a writer and
     * another writer (a stripe lent twice) or a writer and the collector (a swap under a writer).
     */
    static final class Checked {
        final AtomicBoolean inUse = new AtomicBoolean();
        final long[] counts = new long[WRITERS];
        final long[] sums = new long[WRITERS];

        void enter() {
            if (!inUse.compareAndSet(false, true)) {
                throw new AssertionError("two threads in one stripe's buffer at once");
            }
        }

        void exit() {
            inUse.set(false);
        }
    }

    /** Runs {@code record} on every writer at once (after a start latch) while {@code collect} runs in a loop; then once more. */
    private static int contend(int perWriter, IntWriter record, Runnable collect) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger(WRITERS);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perWriter; i++) {
                        record.write(writer, i);
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    running.decrementAndGet();
                }
            }, "stripes-writer-" + w);
            writers.add(thread);
            thread.start();
        }
        int periods = 0;
        start.countDown();
        while (running.get() > 0 && failure.get() == null) {
            collect.run();
            periods++;
            Thread.yield(); // lets the writers fill the next period on 2 cores
        }
        for (Thread thread : writers) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        if (failure.get() != null) {
            throw new AssertionError("a writer failed", failure.get());
        }
        collect.run(); // what was recorded after the last collection in the loop
        return periods + 1;
    }

    @FunctionalInterface
    interface IntWriter {
        void write(int writer, int i);
    }

    @Test
    void drainingWhileWritersRecordLosesAndDoublesNothing() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            int perWriter = 300_000;
            Stripes<Checked> stripes = new Stripes<>(Checked::new);
            long[] counts = new long[WRITERS];
            long[] sums = new long[WRITERS];
            int periods = contend(perWriter, (writer, i) -> {
                Stripes.Stripe<Checked> stripe = stripes.acquire();
                try {
                    Checked buffer = stripe.active;
                    buffer.enter();
                    buffer.counts[writer]++;
                    buffer.sums[writer] += i;
                    buffer.exit();
                } finally {
                    stripes.release(stripe);
                }
            }, () -> stripes.drain(buffer -> {
                buffer.enter();
                for (int w = 0; w < WRITERS; w++) {
                    counts[w] += buffer.counts[w];
                    sums[w] += buffer.sums[w];
                    buffer.counts[w] = 0;
                    buffer.sums[w] = 0;
                }
                buffer.exit();
            }));
            for (int w = 0; w < WRITERS; w++) {
                assertEquals(perWriter, counts[w], "writer " + w + "'s recordings over " + periods + " periods");
                assertEquals((long) perWriter * (perWriter - 1) / 2, sums[w], "writer " + w + "'s values over " + periods + " periods");
            }
        });
    }

    /** What the collected datapoints add up to, in the unit's own numbers. */
    private static final class Totals {
        long count;
        long valuesCount;
        double sum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int datapoints;

        void add(Datapoint point, double scale) {
            if (point == null) {
                return;
            }
            datapoints++;
            count += point.sampleCount();
            valuesCount += point.values().sampleCount();
            assertEquals(point.sampleCount(), point.values().sampleCount(), "a datapoint's histogram holds its count");
            sum += Math.round(point.sum() / scale); // exact: each period's sum is a whole number of nanoseconds
            min = Math.min(min, Math.round(point.minimum() / scale));
            max = Math.max(max, Math.round(point.maximum() / scale));
        }
    }

    @Test
    void aTimersPeriodsAddUpToExactlyWhatWasRecorded() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            int perWriter = 100_000;
            TimerSeries timer = new TimerSeries(new MetricId("Stress", "Latency", List.of(), Unit.MICROSECONDS,
                    Resolution.STANDARD), new LongAdder());
            double scale = TimerSeries.unitsPerNano(Unit.MICROSECONDS);
            LongAdder recordedSum = new LongAdder();
            Totals totals = new Totals();
            contend(perWriter, (writer, i) -> {
                // one writer records the least and another the greatest value, midway through
                long nanos = writer == 0 && i == perWriter / 2 ? 0
                        : writer == WRITERS - 1 && i == perWriter / 3 ? 3_600_000_000_000L
                        : 1 + (writer * 7919L + i) % 1_000_000;
                timer.recordNanos(nanos);
                recordedSum.add(nanos);
            }, () -> totals.add(timer.collect(PERIOD), scale));
            assertEquals((long) WRITERS * perWriter, totals.count, "values over " + totals.datapoints + " periods");
            assertEquals(totals.count, totals.valuesCount);
            assertEquals(recordedSum.sum(), (long) totals.sum, "sum of nanoseconds");
            assertEquals(0, totals.min);
            assertEquals(3_600_000_000_000L, (long) totals.max);
            assertEquals(null, timer.collect(PERIOD), "nothing left over");
        });
    }

    @Test
    void aDistributionsPeriodsAddUpToExactlyWhatWasRecorded() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            int perWriter = 100_000;
            LongAdder invalid = new LongAdder();
            DistributionSeries distribution = new DistributionSeries(new MetricId("Stress", "Size", List.of(), Unit.BYTES,
                    Resolution.STANDARD), invalid);
            LongAdder recordedSum = new LongAdder();
            Totals totals = new Totals();
            contend(perWriter, (writer, i) -> {
                // whole numbers, positive, negative and zero, so every sum is exact in a double
                long value = writer == 1 && i == perWriter / 2 ? -5_000_000
                        : writer == WRITERS - 2 && i == perWriter / 4 ? 7_000_000
                        : (writer * 7919L + i) % 2001 - 1000;
                distribution.record(value);
                recordedSum.add(value);
            }, () -> totals.add(distribution.collect(PERIOD), 1));
            assertEquals(0, invalid.sum());
            assertEquals((long) WRITERS * perWriter, totals.count, "values over " + totals.datapoints + " periods");
            assertEquals(totals.count, totals.valuesCount);
            assertEquals(recordedSum.sum(), (long) totals.sum);
            assertEquals(-5_000_000, totals.min);
            assertEquals(7_000_000, totals.max);
            assertEquals(null, distribution.collect(PERIOD), "nothing left over");
        });
    }

    /** The bucket a reported value stands for: its sign and {@link LogLinearCounts#index}, or 0 for zero. */
    private static long bucketOf(double value) {
        long bits = Double.doubleToRawLongBits(value);
        long magnitude = bits & Long.MAX_VALUE;
        return magnitude == 0 ? 0 : Long.signum(bits | 1) * (1L + LogLinearCounts.index(magnitude));
    }

    @Test
    void aDistributionsBucketsAddUpToExactlyWhatWasRecordedInEach() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            int perWriter = 100_000;
            // values in many binades, both signs, zero, the range's ends and both sides of exponent boundaries
            double[] palette = {0.0, 1.0, Math.nextDown(1.0), -1.0, 3.14159, -2.5e-7, 1e100, Series.MAX_MAGNITUDE,
                    Series.MIN_MAGNITUDE, -Series.MAX_MAGNITUDE, 1024.0, Math.nextDown(1024.0), 99.5, 100.25, 7e-100, -123456.789};
            LongAdder invalid = new LongAdder();
            DistributionSeries distribution = new DistributionSeries(new MetricId("Stress", "Spread", List.of(), Unit.NONE,
                    Resolution.STANDARD), invalid);
            java.util.Map<Long, Long> expected = new java.util.HashMap<>();
            for (int w = 0; w < WRITERS; w++) {
                for (int i = 0; i < perWriter; i++) {
                    expected.merge(bucketOf(palette[(w * 31 + i) % palette.length]), 1L, Long::sum);
                }
            }
            java.util.Map<Long, Long> collected = new java.util.HashMap<>();
            long[] count = {0};
            contend(perWriter, (writer, i) -> distribution.record(palette[(writer * 31 + i) % palette.length]), () -> {
                Datapoint point = distribution.collect(PERIOD);
                if (point != null) {
                    assertEquals(point.sampleCount(), point.values().sampleCount(), "a datapoint's buckets hold its count");
                    count[0] += point.sampleCount();
                    for (int v = 0; v < point.values().values().length; v++) {
                        // a value clamped to the period's exact extreme still lies in its own bucket
                        collected.merge(bucketOf(point.values().values()[v]), point.values().counts()[v], Long::sum);
                    }
                }
            });
            assertEquals(0, invalid.sum());
            assertEquals((long) WRITERS * perWriter, count[0]);
            assertEquals(new java.util.TreeMap<>(expected), new java.util.TreeMap<>(collected), "recordings per bucket");
            assertEquals(null, distribution.collect(PERIOD), "nothing left over");
        });
    }

    @Test
    void stripesGrowUnderContentionAndKeepWhatTheSmallerArrayHeld() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            // many short rounds: each starts from one stripe, so growth happens while writers hold stripes
            for (int round = 0; round < 50; round++) {
                Stripes<Checked> stripes = new Stripes<>(Checked::new);
                long[] counts = new long[WRITERS];
                int perWriter = 2_000;
                contend(perWriter, (writer, i) -> {
                    Stripes.Stripe<Checked> stripe = stripes.acquire();
                    try {
                        stripe.active.enter();
                        stripe.active.counts[writer]++;
                        stripe.active.exit();
                    } finally {
                        stripes.release(stripe);
                    }
                }, () -> stripes.drain(buffer -> {
                    for (int w = 0; w < WRITERS; w++) {
                        counts[w] += buffer.counts[w];
                        buffer.counts[w] = 0;
                    }
                }));
                for (int w = 0; w < WRITERS; w++) {
                    assertEquals(perWriter, counts[w], "round " + round + ", writer " + w);
                }
            }
        });
    }
}
