package dev.monitor.core.alarms.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.export.StderrCapture;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.internal.MetricRegistry;
import dev.monitor.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The action lanes' queues: an alarm's actions run in order on its lane, a full lane drops what
 * comes and counts it in {@code Monitor/AlarmActionsDropped} without making the evaluating thread
 * wait, and closing runs what was queued.
 */
class ActionRunnerTest {
    private final ManualClock clock = ManualClock.at("2026-12-02T10:00:00Z");
    private final MetricRegistry registry = new MetricRegistry("Monitor", clock, Resolution.STANDARD, 1000);
    private final List<String> ran = new CopyOnWriteArrayList<>();

    private double dropped() {
        return registry.collect(Resolution.STANDARD, clock.instant()).stream()
                .filter(d -> d.metric().name().equals("AlarmActionsDropped")).mapToDouble(Datapoint::sum).sum();
    }

    @Test
    void aFullLaneDropsAndCountsAndWhatWasQueuedRunsInOrder() throws Exception {
        // capacity 2 over 2 lanes: one action may wait per lane, behind the one running
        ActionRunner runner = new ActionRunner(1, Duration.ofSeconds(10), Duration.ofMillis(1), 2, registry);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Exception> outcomes = new CopyOnWriteArrayList<>();
        String stderr;
        try (StderrCapture capture = new StderrCapture()) {
            assertTrue(runner.submit("Busy", "first", () -> {
                ran.add("first");
                running.countDown();
                assertTrue(release.await(10, TimeUnit.SECONDS));
            }, outcomes::add));
            assertTrue(running.await(10, TimeUnit.SECONDS), "the first action runs");
            assertTrue(runner.submit("Busy", "second", () -> ran.add("second"), outcomes::add), "one may wait");
            long before = System.nanoTime();
            assertFalse(runner.submit("Busy", "third", () -> ran.add("third"), outcomes::add), "the lane is full");
            assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(5), "a full lane refuses at once");
            assertEquals(1.0, dropped());
            release.countDown();
            assertTrue(runner.awaitIdle(Duration.ofSeconds(10)));
            stderr = capture.text();
        }
        assertEquals(List.of("first", "second"), ran, "in the order submitted; the dropped one never ran");
        assertEquals(2, outcomes.size());
        assertTrue(outcomes.stream().allMatch(outcome -> outcome == null), "both succeeded: " + outcomes);
        assertTrue(stderr.contains("alarm action queue is full; dropped third"), stderr);
        runner.close();
    }

    @Test
    void closingRunsWhatIsQueuedThenRefusesMore() throws Exception {
        ActionRunner runner = new ActionRunner(1, Duration.ofSeconds(10), Duration.ofMillis(1), 100, registry);
        CountDownLatch release = new CountDownLatch(1);
        runner.submit("Busy", "slow", () -> {
            assertTrue(release.await(10, TimeUnit.SECONDS));
            ran.add("slow");
        }, outcome -> { });
        for (int i = 0; i < 5; i++) {
            String name = "queued-" + i;
            runner.submit("Busy", name, () -> ran.add(name), outcome -> { });
        }
        Thread closing = new Thread(runner::close);
        closing.start();
        release.countDown();
        closing.join(10_000);
        assertFalse(closing.isAlive());
        assertEquals(List.of("slow", "queued-0", "queued-1", "queued-2", "queued-3", "queued-4"), ran);
        try (StderrCapture capture = new StderrCapture()) {
            assertFalse(runner.submit("Busy", "late", () -> ran.add("late"), outcome -> { }), "a closed runner takes nothing");
        }
        assertEquals(1.0, dropped());
    }
}
