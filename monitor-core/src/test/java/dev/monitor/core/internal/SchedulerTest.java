package dev.monitor.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Dimension;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.testing.ManualClock;
import dev.monitor.core.export.StderrCapture;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.internal.MetricRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SchedulerTest {
    private final MetricRegistry registry = new MetricRegistry("Shop", ManualClock.at("2026-11-22T10:00:00Z"),
            Resolution.STANDARD, 100);

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(5);
        }
    }

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
            await("the failing task ran again after its failures", () -> runs.get() >= 5);
            await("the other task ran too", () -> otherRuns.get() >= 5);
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
            await("five ticks", () -> phases.size() >= 5);
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
            await("both ran", () -> threads.size() >= 4);
        }
        assertEquals(List.of(Scheduler.THREAD), threads.stream().distinct().toList());
    }
}
