package dev.monitor.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Real threads sampling at once on an injected clock: a reservoir never lends more than its size in a second. */
class SamplerStressTest {
    private static final long T0 = Instant.parse("2026-11-22T10:00:00Z").getEpochSecond();
    private static final int THREADS = Math.max(4, Runtime.getRuntime().availableProcessors());

    /** A clock at a second the test sets, which remembers per thread the second it last gave, so each decision is counted in its second. */
    private static final class SteppedClock extends Clock {
        final AtomicLong second = new AtomicLong(T0);
        final ThreadLocal<long[]> lastRead = ThreadLocal.withInitial(() -> new long[1]);

        @Override
        public Instant instant() {
            long now = second.get();
            lastRead.get()[0] = now;
            return Instant.ofEpochSecond(now, 500_000_000);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private static Sampler reservoirOnly(int fixedTarget, SteppedClock clock) {
        return Sampler.fromJson("{\"version\": 2, \"rules\": [], \"default\": {\"fixed_target\": " + fixedTarget
                + ", \"rate\": 0}}", clock);
    }

    private static void join(List<Thread> threads, AtomicReference<Throwable> failure) throws InterruptedException {
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertTrue(!thread.isAlive(), thread.getName() + " did not finish");
        }
        if (failure.get() != null) {
            throw new AssertionError("a sampling thread failed", failure.get());
        }
    }

    @Test
    void withRateZeroEachSecondSamplesExactlyTheReservoir() throws Exception {
        int fixedTarget = 50;
        int seconds = 5;
        int perThread = 2_000;
        SteppedClock clock = new SteppedClock();
        Sampler sampler = reservoirOnly(fixedTarget, clock);
        long[][] taken = new long[seconds][THREADS];
        // each second: every thread samples at once, then the clock moves on while none samples
        CyclicBarrier barrier = new CyclicBarrier(THREADS, () -> clock.second.incrementAndGet());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int index = t;
            Thread thread = new Thread(() -> {
                try {
                    barrier.await(30, TimeUnit.SECONDS);
                    for (int s = 0; s < seconds; s++) {
                        for (int i = 0; i < perThread; i++) {
                            if (sampler.sample("shop.example.com", "GET", "/")) {
                                taken[(int) (clock.lastRead.get()[0] - T0 - 1)][index]++;
                            }
                        }
                        barrier.await(30, TimeUnit.SECONDS);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "sampler-stress-" + t);
            threads.add(thread);
            thread.start();
        }
        join(threads, failure);
        for (int s = 0; s < seconds; s++) {
            long sum = 0;
            for (long count : taken[s]) {
                sum += count;
            }
            assertEquals(fixedTarget, sum, "second " + s + " of " + THREADS + " threads x " + perThread + " requests");
        }
    }

    @Test
    void whileTheClockMovesUnderTheThreadsNoSecondLendsMoreThanTheReservoir() throws Exception {
        int fixedTarget = 7;
        int seconds = 40;
        SteppedClock clock = new SteppedClock();
        Sampler sampler = reservoirOnly(fixedTarget, clock);
        Map<Long, AtomicLong> perSecond = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong decisions = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Thread thread = new Thread(() -> {
                try {
                    long local = 0;
                    while (!stop.get()) {
                        if (sampler.sample("shop.example.com", "POST", "/orders")) {
                            perSecond.computeIfAbsent(clock.lastRead.get()[0], k -> new AtomicLong()).incrementAndGet();
                        }
                        local++;
                    }
                    decisions.addAndGet(local);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "sampler-stress-" + t);
            threads.add(thread);
            thread.start();
        }
        // the clock moves each time the threads together made some thousands of decisions in the second
        for (int s = 0; s < seconds; s++) {
            long target = clock.second.get();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (perSecond.getOrDefault(target, new AtomicLong()).get() < fixedTarget && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            clock.second.incrementAndGet();
        }
        stop.set(true);
        join(threads, failure);
        assertTrue(decisions.get() > seconds * (long) fixedTarget, decisions + " decisions");
        for (Map.Entry<Long, AtomicLong> second : perSecond.entrySet()) {
            assertTrue(second.getValue().get() <= fixedTarget,
                    "second " + (second.getKey() - T0) + " lent " + second.getValue() + " of a reservoir of " + fixedTarget);
        }
        for (long s = T0; s < T0 + seconds; s++) {
            assertEquals(fixedTarget, perSecond.get(s).get(), "second " + (s - T0) + " lent its whole reservoir");
        }
    }

    @Test
    void aSecondEarlierThanTheReservoirsLendsNothingSoNoneLendsTwice() {
        SteppedClock clock = new SteppedClock();
        Sampler sampler = reservoirOnly(2, clock);
        assertTrue(sampler.sample(null, null, null));
        assertTrue(sampler.sample(null, null, null));
        assertFalse(sampler.sample(null, null, null), "the reservoir of the second is spent");
        clock.second.incrementAndGet();
        assertTrue(sampler.sample(null, null, null), "the next second has its own reservoir");
        clock.second.decrementAndGet();
        assertFalse(sampler.sample(null, null, null), "the second before, already spent, lends nothing again");
        clock.second.addAndGet(2);
        assertTrue(sampler.sample(null, null, null), "a later second lends again");
    }

    @Test
    void theEpochsFirstSecondIsASecondLikeAnyOther() {
        SteppedClock clock = new SteppedClock();
        clock.second.set(0);
        Sampler sampler = reservoirOnly(1, clock);
        assertTrue(sampler.sample(null, null, null));
        assertFalse(sampler.sample(null, null, null));
        clock.second.set((1L << 32) + 1); // 136 years and a second on
        assertTrue(sampler.sample(null, null, null));
    }
}
