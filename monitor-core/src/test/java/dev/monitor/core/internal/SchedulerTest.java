package dev.monitor.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Dimension;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.Await;
import dev.monitor.core.export.StderrCapture;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.internal.MetricRegistry;
import dev.monitor.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SchedulerTest {
    private final MetricRegistry registry = new MetricRegistry("Shop", ManualClock.at("2026-11-22T10:00:00Z"),
            Resolution.STANDARD, 100);

    @Test
    void aTaskThatThrowsIsCountedLoggedOnceAndKeepsItsSchedule() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger otherRuns = new AtomicInteger();
        try (StderrCapture stderr = new StderrCapture(); Scheduler scheduler = new Scheduler(registry.forNamespace("Monitor"))) {
            scheduler.every("flaky", Duration.ofMillis(10), () -> {
                if (runs.incrementAndGet() <= 3) {
                    throw new OutOfMemoryError("simulated");
                }
            });
            scheduler.every("other", Duration.ofMillis(10), otherRuns::incrementAndGet);
            Await.until(Duration.ofSeconds(10), () -> runs.get() >= 5, () -> "the failing task ran again after its failures");
            Await.until(Duration.ofSeconds(10), () -> otherRuns.get() >= 5, () -> "the other task ran too");
            String log = stderr.text();
            assertEquals(1, log.split("the periodic task 'flaky' threw java.lang.OutOfMemoryError: simulated", -1).length - 1,
                    "logged once: " + log);
            assertTrue(!log.contains("\tat "), "no stack trace: " + log);
        }
        Datapoint errors = registry.collect(Resolution.STANDARD, Instant.parse("2026-11-22T10:00:00Z")).stream()
                .filter(d -> d.metric().name().equals("InternalErrors")).findFirst().orElseThrow();
        assertEquals(List.of(new Dimension("Thread", Scheduler.THREAD)), errors.metric().dimensions());
        assertEquals(3.0, errors.sum());
    }

    @Test
    void alignedTasksRunJustAfterEachMultipleOfTheirPeriodOnTheWallClock() throws Exception {
        ConcurrentLinkedQueue<Long> phases = new ConcurrentLinkedQueue<>();
        try (Scheduler scheduler = new Scheduler(registry.forNamespace("Monitor"))) {
            scheduler.aligned("tick", Duration.ofMillis(100), Duration.ofMillis(2), System::currentTimeMillis,
                    () -> phases.add(Math.floorMod(System.currentTimeMillis(), 100L)));
            Await.until(Duration.ofSeconds(10), () -> phases.size() >= 5, () -> "five ticks");
        }
        // a loaded machine may start one late; most run just after the boundary, none before its lag
        assertTrue(phases.stream().filter(phase -> phase >= 2 && phase < 50).count() >= 3, "phases " + phases);
    }

    @Test
    void oneThreadRunsEveryTask() throws Exception {
        ConcurrentLinkedQueue<String> threads = new ConcurrentLinkedQueue<>();
        try (Scheduler scheduler = new Scheduler(registry.forNamespace("Monitor"))) {
            scheduler.every("a", Duration.ofMillis(5), () -> threads.add(Thread.currentThread().getName()));
            scheduler.every("b", Duration.ofMillis(5), () -> threads.add(Thread.currentThread().getName()));
            Await.until(Duration.ofSeconds(10), () -> threads.size() >= 4, () -> "both ran");
        }
        assertEquals(List.of(Scheduler.THREAD), threads.stream().distinct().toList());
    }

    @Test
    void aTaskBlockedOnTheIoLaneDelaysNoTick() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocking = new CountDownLatch(1);
        AtomicInteger ticks = new AtomicInteger();
        AtomicInteger ioRuns = new AtomicInteger();
        try (Scheduler scheduler = new Scheduler(registry.forNamespace("Monitor"))) {
            scheduler.io().execute(() -> { // a compression that takes long: here, until released
                blocking.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            scheduler.io().execute(ioRuns::incrementAndGet);
            assertTrue(blocking.await(10, TimeUnit.SECONDS));
            scheduler.every("tick", Duration.ofMillis(5), ticks::incrementAndGet);
            Await.until(Duration.ofSeconds(10), () -> ticks.get() >= 5, () -> "ticks ran while the I/O lane was busy: " + ticks);
            assertEquals(0, ioRuns.get(), "the I/O lane runs one task at a time, in order");
            release.countDown();
            Await.until(Duration.ofSeconds(10), () -> ioRuns.get() == 1, () -> "the next I/O task ran once the first ended");
        }
    }

    @Test
    void theLanesRunOnTheirOwnThreadsAndRefuseShutdownFromTheirUsers() throws Exception {
        try (Scheduler scheduler = new Scheduler(registry.forNamespace("Monitor"))) {
            assertEquals(Scheduler.IO_THREAD, scheduler.io().submit(() -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS));
            assertEquals(Scheduler.THREAD, scheduler.ticks().submit(() -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS));
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> scheduler.io().shutdown());
            assertTrue(e.getMessage().contains("monitor-scheduler-io is shared"), e.getMessage());
            assertThrows(UnsupportedOperationException.class, () -> scheduler.ticks().shutdownNow());
            assertFalse(scheduler.io().isShutdown());
        }
    }

    @Test
    void aCancelledTaskRunsNoMoreAndAFailingIoTaskKeepsItsSchedule() throws Exception {
        AtomicInteger cancelledRuns = new AtomicInteger();
        AtomicInteger failingRuns = new AtomicInteger();
        try (StderrCapture stderr = new StderrCapture(); Scheduler scheduler = new Scheduler(registry.forNamespace("Monitor"))) {
            ScheduledFuture<?> cancelled = scheduler.io().scheduleWithFixedDelay(cancelledRuns::incrementAndGet, 1, 1, TimeUnit.MILLISECONDS);
            scheduler.io().scheduleWithFixedDelay(() -> {
                failingRuns.incrementAndGet();
                throw new IllegalStateException("disk on fire");
            }, 1, 1, TimeUnit.MILLISECONDS);
            Await.until(Duration.ofSeconds(10), () -> cancelledRuns.get() >= 1 && failingRuns.get() >= 3,
                    () -> "both ran: " + cancelledRuns + ", " + failingRuns);
            cancelled.cancel(false);
            int runs = scheduler.io().submit(cancelledRuns::get).get(10, TimeUnit.SECONDS); // a run under way has ended now
            int failing = failingRuns.get();
            Await.until(Duration.ofSeconds(10), () -> failingRuns.get() >= failing + 3, () -> "the failing task kept its schedule");
            assertEquals(runs, cancelledRuns.get(), "no run after cancel");
            assertEquals(1, stderr.text().split("IllegalStateException: disk on fire", -1).length - 1, "logged once: " + stderr.text());
        }
    }

    @Test
    void stoppingTheTicksLeavesTheIoLaneRunningUntilClose() throws Exception {
        Scheduler scheduler = new Scheduler(registry.forNamespace("Monitor"));
        AtomicInteger ticks = new AtomicInteger();
        scheduler.every("tick", Duration.ofMillis(1), ticks::incrementAndGet);
        Await.until(Duration.ofSeconds(10), () -> ticks.get() >= 1, () -> "ticked");
        scheduler.stopTicks(Duration.ofSeconds(10));
        int stopped = ticks.get();
        assertEquals("ran", scheduler.io().submit(() -> "ran").get(10, TimeUnit.SECONDS), "a last compression still runs");
        assertEquals(stopped, ticks.get(), "no tick after stopTicks returned");
        assertTrue(scheduler.close(Duration.ofSeconds(10)), "both lanes ended");
        assertThrows(RejectedExecutionException.class, () -> scheduler.io().execute(() -> { }));
    }
}
