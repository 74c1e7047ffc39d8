package dev.monitor.xray.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monitor.api.trace.Segment;
import dev.monitor.api.trace.Subsegment;
import dev.monitor.testing.ManualClock;
import dev.monitor.xray.Sampler;
import dev.monitor.xray.XRayTracerTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Real threads beginning and closing subsegments of one segment at once, all contending for the
 * segment's spin lock ({@code Entity.lock}): whether the segment is sent whole, streamed, or closed
 * while they still work, the documents sent hold every subsegment exactly once, under its own parent.
 */
class SegmentLockStressTest {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 250;

    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final ManualClock clock = ManualClock.at("2026-11-22T10:00:00.123456Z");

    private TraceEngine tracer(int streamingThreshold) {
        return TraceEngine.builder().clock(clock).sampler(Sampler.fromJson(
                        "{\"version\": 2, \"rules\": [], \"default\": {\"fixed_target\": 1000000, \"rate\": 1}}", clock))
                .streamingThreshold(streamingThreshold).queueCapacity(1_000_000).emitterShare(1).exporter("test", XRayTracerTest.into(sent)).build();
    }

    /**
     * Each thread begins {@link #PER_THREAD} subsegments of {@code segment}, each with a nested one,
     * and closes them; {@code whileRunning} runs on the test thread once every thread has begun.
     */
    private void contend(TraceEngine tracer, Segment segment, Runnable whileRunning) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch halfway = new CountDownLatch(THREADS);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                boolean counted = false;
                try {
                    start.await();
                    for (int i = 0; i < PER_THREAD; i++) {
                        if (i == PER_THREAD / 2) {
                            halfway.countDown();
                            counted = true;
                        }
                        try (Subsegment call = tracer.beginSubsegment(segment, "t" + thread + "-" + i)) {
                            call.putAnnotation("thread", thread);
                            tracer.beginSubsegment(call, "t" + thread + "-" + i + ".inner").close();
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    if (!counted) {
                        halfway.countDown(); // failed early: the test reports why rather than waiting
                    }
                }
            }, "segment-stress-" + t);
            threads.add(worker);
            worker.start();
        }
        start.countDown();
        assertTrue(halfway.await(30, TimeUnit.SECONDS), "every thread got halfway");
        whileRunning.run();
        for (Thread worker : threads) {
            worker.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(worker.isAlive(), worker.getName() + " did not finish");
        }
        if (failure.get() != null) {
            throw new AssertionError("a worker failed", failure.get());
        }
    }

    /** Every entity in the documents sent: its name, how often, and the name of its parent. */
    private record Seen(Map<String, Integer> counts, Map<String, String> parents) {
    }

    private Seen seen() throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        Map<String, String> parents = new HashMap<>();
        Map<String, String> namesById = new HashMap<>();
        Map<String, String> parentIdByName = new HashMap<>();
        for (String text : sent) {
            JsonNode document = XRayTracerTest.JSON.readTree(text);
            XRayTracerTest.assertValid(document, true);
            walk(document, null, counts, parents, namesById);
            if (document.has("parent_id")) {
                parentIdByName.put(document.get("name").asText(), document.get("parent_id").asText());
            }
        }
        // a subsegment sent on its own names its parent by id
        parentIdByName.forEach((name, parentId) -> {
            if (namesById.containsKey(parentId)) {
                parents.put(name, namesById.get(parentId));
            }
        });
        return new Seen(counts, parents);
    }

    private static void walk(JsonNode node, String parent, Map<String, Integer> counts, Map<String, String> parents,
                             Map<String, String> namesById) {
        String name = node.get("name").asText();
        assertFalse(node.has("in_progress"), name + " was sent in progress");
        counts.merge(name, 1, Integer::sum);
        namesById.put(node.get("id").asText(), name);
        if (parent != null) {
            parents.put(name, parent);
        }
        for (JsonNode child : node.path("subsegments")) {
            walk(child, name, counts, parents, namesById);
        }
    }

    private void assertEverySubsegmentOnce(Seen seen) {
        for (int t = 0; t < THREADS; t++) {
            for (int i = 0; i < PER_THREAD; i++) {
                String call = "t" + t + "-" + i;
                assertEquals(1, seen.counts().getOrDefault(call, 0), call + " sent once");
                assertEquals(1, seen.counts().getOrDefault(call + ".inner", 0), call + ".inner sent once");
                assertEquals(call, seen.parents().get(call + ".inner"), call + ".inner under its parent");
            }
        }
        assertEquals(1 + 2 * THREADS * PER_THREAD, seen.counts().values().stream().mapToInt(Integer::intValue).sum(),
                "the segment and its subsegments, nothing else: " + seen.counts().size() + " names");
    }

    private void run(int streamingThreshold, boolean closeWhileRunning) {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            TraceEngine tracer = tracer(streamingThreshold);
            try {
                Segment segment = tracer.beginSegment("orders");
                AtomicInteger closedEarly = new AtomicInteger();
                contend(tracer, segment, () -> {
                    if (closeWhileRunning) {
                        segment.close();
                        closedEarly.incrementAndGet();
                    }
                });
                if (closedEarly.get() == 0) {
                    segment.close();
                }
                assertTrue(tracer.flush(Duration.ofSeconds(20)), "the emitter sent everything");
                Seen seen = seen();
                assertEquals(1, seen.counts().get("orders"), "the segment sent once");
                assertEverySubsegmentOnce(seen);
                if (!closeWhileRunning) {
                    for (int t = 0; t < THREADS; t++) {
                        assertEquals("orders", seen.parents().get("t" + t + "-0"), "a subsegment under its segment");
                    }
                }
            } finally {
                tracer.close();
            }
        });
    }

    /** The lock itself: threads that take it in turn see one another's plain writes, and never overlap. */
    @Test
    void theSegmentsSpinLockLetsOneThreadInAtATime() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            TraceEngine tracer = tracer(100);
            try {
                Entity segment = (Entity) tracer.beginSegment("orders");
                int perThread = 100_000;
                int[] plainCounter = {0};
                AtomicInteger inside = new AtomicInteger();
                AtomicInteger overlaps = new AtomicInteger();
                CountDownLatch start = new CountDownLatch(1);
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    Thread worker = new Thread(() -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            return;
                        }
                        for (int i = 0; i < perThread; i++) {
                            segment.lock();
                            try {
                                if (inside.incrementAndGet() != 1) {
                                    overlaps.incrementAndGet();
                                }
                                plainCounter[0]++;
                                inside.decrementAndGet();
                            } finally {
                                segment.unlock();
                            }
                        }
                    }, "spin-lock-stress-" + t);
                    threads.add(worker);
                    worker.start();
                }
                start.countDown();
                for (Thread worker : threads) {
                    worker.join(TimeUnit.SECONDS.toMillis(30));
                    assertFalse(worker.isAlive(), worker.getName() + " did not finish");
                }
                assertEquals(0, overlaps.get(), "threads inside the lock at once");
                assertEquals(THREADS * perThread, plainCounter[0], "increments made under the lock");
                segment.close();
            } finally {
                tracer.close();
            }
        });
    }

    @Test
    void aSegmentSentWholeHoldsEverySubsegmentOnce() {
        run(1_000_000, false);
    }

    @Test
    void aStreamedSegmentSendsEverySubsegmentOnce() {
        run(10, false);
    }

    @Test
    void aSegmentClosedWhileThreadsStillAddSubsegmentsLosesAndDoublesNone() {
        run(1_000_000, true);
    }

    @Test
    void aStreamedSegmentClosedWhileThreadsStillAddSubsegmentsLosesAndDoublesNone() {
        run(10, true);
    }
}
