package dev.monitor.xray.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.export.SegmentDocument;
import dev.monitor.core.export.Signal;
import dev.monitor.core.export.internal.ExportPipeline;
import dev.monitor.core.internal.InternalErrors;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.internal.MetricRegistry;
import dev.monitor.testing.ManualClock;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.DoubleAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The emitter thread with real application threads offering at once: every item is handed on once, or counted as dropped. */
class EmitterThreadTest {
    private final List<String> exported = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
    private final DoubleAdder droppedCount = new DoubleAdder();
    private final Counter dropped = new Counter() {
        @Override
        public void increment() {
            droppedCount.add(1);
        }

        @Override
        public void increment(double amount) {
            droppedCount.add(amount);
        }
    };

    private final ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
    private final MetricRegistry registry = new MetricRegistry("Test", clock, Resolution.STANDARD, 100);

    private ExportPipeline<SegmentDocument> pipeline() {
        return new ExportPipeline<>(Signal.TRACES, List.of(new ExportPipeline.Named<SegmentDocument>("test", batch -> {
            batchSizes.add(batch.size());
            batch.forEach(document -> exported.add(document.id()));
        })), registry.forNamespace("Monitor"), 3, Duration.ofMillis(10));
    }

    /** Items the pipeline dropped (its queue full on a loaded machine): counted there, not the emitter's to count. */
    private long pipelineDropped() {
        return (long) registry.collect(Resolution.STANDARD, clock.instant()).stream().filter(d -> d.metric().name().equals("Dropped"))
                .mapToDouble(Datapoint::sum).sum();
    }

    /** Writes each number as one document whose id is the number. */
    private static final EmitterThread.Work<Integer> NUMBERS = new EmitterThread.Work<>() {
        @Override
        public void write(Integer item, List<SegmentDocument> out) {
            out.add(new SegmentDocument("1-6921a6a0-000000000000000000000000", String.valueOf(item), "{}"));
        }

        @Override
        public void tick(List<SegmentDocument> out) {
        }
    };

    /** An emitter of that name writing {@link #NUMBERS}, taking a whole core when it must, started. */
    private EmitterThread<Integer> started(String name, ExportPipeline<SegmentDocument> pipeline, int capacity) {
        EmitterThread<Integer> emitter = new EmitterThread<>(name, NUMBERS, pipeline, capacity, 1, dropped,
                new InternalErrors(Metrics.noop(), EmitterThreadTest.class));
        emitter.start();
        return emitter;
    }

    private void offerFrom(EmitterThread<Integer> emitter, int threads, int each) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> offering = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t * each;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = first; i < first + each; i++) {
                    emitter.offer(List.of(i));
                }
            });
            thread.start();
            offering.add(thread);
        }
        start.countDown();
        for (Thread thread : offering) {
            thread.join();
        }
    }

    @Test
    void underContentionEveryItemIsHandedOnExactlyOnce() throws Exception {
        ExportPipeline<SegmentDocument> pipeline = pipeline();
        EmitterThread<Integer> emitter = started("test-emitter", pipeline, 1 << 20);
        try {
            offerFrom(emitter, 4, 25_000);
            assertTrue(emitter.awaitHandedOn(System.nanoTime() + Duration.ofSeconds(30).toNanos()));
            assertTrue(pipeline.flush(Duration.ofSeconds(30)));
            assertEquals(0.0, droppedCount.sum());
            assertEquals(100_000, exported.size() + pipelineDropped(), "none lost");
            // what the pipeline dropped (its own bounded queue, on a loaded machine) was never exported: distinct among the exported
            assertEquals(exported.size(), exported.stream().distinct().count(), "none doubled");
            assertTrue(batchSizes.stream().allMatch(size -> size <= EmitterThread.HAND_OFF_ITEMS), "bounded batches");
        } finally {
            emitter.stop(Duration.ofSeconds(5));
            pipeline.close();
        }
    }

    @Test
    void withASmallQueueWhatIsNotHandedOnIsCountedAsDropped() throws Exception {
        ExportPipeline<SegmentDocument> pipeline = pipeline();
        EmitterThread<Integer> emitter = started("test-emitter", pipeline, 8);
        try {
            offerFrom(emitter, 4, 25_000);
            assertTrue(emitter.awaitHandedOn(System.nanoTime() + Duration.ofSeconds(30).toNanos()));
            assertTrue(pipeline.flush(Duration.ofSeconds(30)));
            assertEquals(exported.size(), exported.stream().distinct().count(), "none doubled");
            assertEquals(100_000, exported.size() + pipelineDropped() + (long) droppedCount.sum(),
                    "each exported or counted as dropped");
            assertTrue(droppedCount.sum() > 0, "8 may wait: four threads at full speed fill that");
        } finally {
            emitter.stop(Duration.ofSeconds(5));
            pipeline.close();
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void anIdleEmitterSleepsUntilItsTickAndTheNextOfferWakesIt() throws Exception {
        ExportPipeline<SegmentDocument> pipeline = pipeline();
        EmitterThread<Integer> emitter = started("idle-emitter", pipeline, 8);
        try {
            Thread.sleep(300); // past the naps that follow its start
            long before = wakeUps("idle-emitter");
            Thread.sleep(1_000);
            long woke = wakeUps("idle-emitter") - before;
            assertTrue(woke <= 30, "an idle emitter wakes for its ticks, ten a second, not every 5 ms nap: it woke " + woke + " times in 1 s");
            emitter.offer(List.of(7));
            assertTrue(emitter.awaitHandedOn(System.nanoTime() + Duration.ofSeconds(30).toNanos()));
            assertTrue(pipeline.flush(Duration.ofSeconds(30)));
            assertEquals(List.of("7"), exported);
        } finally {
            emitter.stop(Duration.ofSeconds(5));
            pipeline.close();
        }
    }

    /** How often the thread of that name gave up its CPU by itself (parked), from Linux's {@code /proc/self/task/<tid>/status}. */
    private static long wakeUps(String threadName) throws IOException {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                if (Files.readString(task.resolve("comm")).strip().equals(threadName)) {
                    return Files.readAllLines(task.resolve("status")).stream().filter(line -> line.startsWith("voluntary_ctxt_switches:"))
                            .mapToLong(line -> Long.parseLong(line.substring(line.indexOf(':') + 1).strip())).sum();
                }
            }
        }
        throw new AssertionError("no thread named " + threadName);
    }

    @Test
    void afterStopWhatIsOfferedIsDroppedAndCounted() {
        ExportPipeline<SegmentDocument> pipeline = pipeline();
        EmitterThread<Integer> emitter = started("test-emitter", pipeline, 8);
        emitter.stop(Duration.ofSeconds(5));
        emitter.offer(List.of(1, 2));
        assertEquals(2.0, droppedCount.sum());
        pipeline.close();
    }
}
