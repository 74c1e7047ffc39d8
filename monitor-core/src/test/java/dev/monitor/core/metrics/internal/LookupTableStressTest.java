package dev.monitor.core.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Unit;
import dev.monitor.core.export.StderrCapture;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Real threads looking up the same and different metrics at once, while the lookup table grows
 * under them: one instance per metric, no entry lost, no lookup answered with another metric's
 * series, and the table's limit (and a metric's cardinality limit) held.
 */
class LookupTableStressTest {
    private static final int THREADS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    /** Runs {@code work(thread)} on every thread at once, after a start latch; rethrows the first failure. */
    private static void contend(ThreadWork work) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int index = t;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    work.run(index);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "lookup-stress-" + t);
            threads.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
            assertTrue(!thread.isAlive(), thread.getName() + " did not finish");
        }
        if (failure.get() != null) {
            throw new AssertionError("a lookup thread failed", failure.get());
        }
    }

    @FunctionalInterface
    interface ThreadWork {
        void run(int thread) throws Exception;
    }

    private static Series series(String name) {
        return new CounterSeries(new MetricId("Stress", name, List.of(), Unit.COUNT, Resolution.STANDARD), new java.util.concurrent.atomic.LongAdder());
    }

    /**
     * Get-or-create as the namespace does it: a hit in the table, else the one canonical series
     * (here a map's), added to the table. Every thread walks all keys, each from its own offset, so
     * that the same key is looked up by several threads at once and the table grows under readers.
     */
    @Test
    void concurrentGetOrCreateFindsOneSeriesPerKeyAndKeepsEveryEntry() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int round = 0; round < 20; round++) {
                int keys = 2_000;
                LookupTable table = new LookupTable(100_000);
                Map<String, Series> canonical = new ConcurrentHashMap<>();
                contend(thread -> {
                    for (int n = 0; n < keys; n++) {
                        int k = (n + thread * keys / THREADS) % keys;
                        // fresh strings each time: equal content, other references than the table holds
                        String name = new String("Hits" + (k % 7));
                        String[] pairs = {"Shard", new String("s" + k), "Region", "eu"};
                        Series found = table.find(name, pairs);
                        if (found == null) {
                            found = canonical.computeIfAbsent(name + "/" + pairs[1], key -> series(name));
                            table.add(name, pairs.clone(), found);
                        }
                        assertSame(canonical.get(name + "/" + pairs[1]), found, "key " + k + " found another series");
                        Series byArguments = table.find(name, 2, "Shard", pairs[1], "Region", "eu", null, null);
                        assertSame(found, byArguments, "key " + k + " by arguments");
                    }
                });
                assertEquals(keys, canonical.size());
                for (int k = 0; k < keys; k++) {
                    String name = "Hits" + (k % 7);
                    assertSame(canonical.get(name + "/s" + k), table.find(name, new String[] {"Shard", "s" + k, "Region", "eu"}),
                            "round " + round + ": entry " + k + " kept");
                }
            }
        });
    }

    /** Past its limit the table adds nothing more, however many threads add at once; what it holds it finds. */
    @Test
    void concurrentAddsStopAtTheLimit() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int round = 0; round < 20; round++) {
                int limit = 500;
                int keys = 1_500;
                LookupTable table = new LookupTable(limit);
                Map<String, Series> made = new ConcurrentHashMap<>();
                contend(thread -> {
                    for (int n = 0; n < keys; n++) {
                        int k = (n * (thread + 1) + thread) % keys;
                        String[] pairs = {"Shard", "s" + k};
                        if (table.find("Hits", pairs) == null) {
                            table.add("Hits", pairs, made.computeIfAbsent("s" + k, key -> series("Hits")));
                        }
                    }
                });
                int held = 0;
                for (int k = 0; k < keys; k++) {
                    Series found = table.find("Hits", new String[] {"Shard", "s" + k});
                    if (found != null) {
                        assertSame(made.get("s" + k), found);
                        held++;
                    }
                }
                assertEquals(limit, held, "round " + round + ": entries held at a limit of " + limit);
            }
        });
    }

    /**
     * Through the registry: threads count into the same and different dimension sets at once, past
     * the metric's cardinality limit. Each set has one counter (the sets past the limit share the
     * overflow series), the metric keeps exactly its limit of sets, and every increment is collected once.
     */
    @Test
    void registryLookupsUnderContentionKeepOneCounterPerSetAndTheLimit() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            int limit = 300;
            int sets = 400;
            int perThread = 40_000;
            MetricRegistry registry = new MetricRegistry("Shop", ManualClock.at("2026-11-22T10:00:00Z"), Resolution.STANDARD, limit);
            Map<String, Counter> first = new ConcurrentHashMap<>();
            try (StderrCapture stderr = new StderrCapture()) {
                contend(thread -> {
                    for (int n = 0; n < perThread; n++) {
                        String shard = "s" + ((n * 31 + thread * 7) % sets);
                        Counter counter = registry.counter("Hits", "Shard", shard);
                        Counter seen = first.putIfAbsent(shard, counter);
                        assertSame(seen == null ? counter : seen, counter, "shard " + shard + " has one counter");
                        counter.increment();
                    }
                });
                assertTrue(stderr.text().contains("reached its limit of " + limit), stderr.text());
            }
            assertEquals(sets, first.size());
            assertEquals(limit, registry.seriesCount("Hits"), "dimension sets kept");
            Map<Counter, Boolean> distinct = new IdentityHashMap<>();
            first.values().forEach(c -> distinct.put(c, true));
            assertEquals(limit + 1, distinct.size(), "one counter per kept set and one overflow counter");
            double total = 0;
            for (Datapoint point : registry.collect(Resolution.STANDARD, Instant.parse("2026-11-22T10:00:00Z"))) {
                if (point.metric().name().equals("Hits")) {
                    total += point.sum();
                }
            }
            assertEquals((double) THREADS * perThread, total, "increments collected");
        });
    }
}
