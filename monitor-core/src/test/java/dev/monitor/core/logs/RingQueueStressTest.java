package dev.monitor.core.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Real producer threads offering into one {@link RingQueue} at once while one consumer polls:
 * every item that was accepted comes out exactly once, each producer's items in the order it
 * offered them, and an offer is refused only while the queue is full.
 */
class RingQueueStressTest {
    private static final int PRODUCERS = 4;
    private static final int PER_PRODUCER = 100_000;

    /** An item: who offered it and its place in that producer's sequence. */
    private record Item(int producer, int sequence) {
    }

    @Test
    void everyAcceptedItemIsPolledOnceInEachProducersOrder() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run(64, PER_PRODUCER));
    }

    @Test
    void aTinyQueueRefusesOnlyWhenFullAndLosesNothingItAccepted() {
        // a consumer that can hardly keep up with a queue of 2: most offers meet a full queue
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run(2, PER_PRODUCER / 10));
    }

    private void run(int capacity, int perProducer) throws Exception {
        RingQueue<Item> queue = new RingQueue<>(capacity);
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger producersDone = new AtomicInteger();
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int producer = p;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perProducer; i++) {
                        Item item = new Item(producer, i);
                        // Retries until accepted, so every sequence number must come out; a refusal is
                        // checked against the consumer's count below.
                        while (!queue.offer(item)) {
                            // full: on 2 cores the consumer needs the core more than a spinner
                            java.util.concurrent.locks.LockSupport.parkNanos(1_000);
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    producersDone.incrementAndGet();
                }
            }, "ring-producer-" + p);
            producers.add(thread);
            thread.start();
        }
        int[] next = new int[PRODUCERS];
        long polled = 0;
        long total = (long) PRODUCERS * perProducer;
        start.countDown();
        while (polled < total) {
            Item item = queue.poll();
            if (item == null) {
                assertTrue(failure.get() == null, () -> "a producer failed: " + failure.get());
                if (producersDone.get() == PRODUCERS && queue.isEmpty() && queue.poll() == null) {
                    break; // all offered and nothing more to read: the counts below say what was lost
                }
                Thread.onSpinWait();
                continue;
            }
            assertEquals(next[item.producer()], item.sequence(),
                    "producer " + item.producer() + "'s items out of order, doubled or lost");
            next[item.producer()]++;
            polled++;
        }
        for (Thread thread : producers) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        if (failure.get() != null) {
            throw new AssertionError("a producer failed", failure.get());
        }
        for (int p = 0; p < PRODUCERS; p++) {
            assertEquals(perProducer, next[p], "items of producer " + p + " polled");
        }
        assertEquals(null, queue.poll(), "nothing beyond what was offered");
        assertTrue(queue.isEmpty());
    }

    /**
     * A refused offer means the queue was full at that moment: with the consumer stopped, offers
     * from many threads fill exactly {@code capacity} slots and every further offer is refused.
     */
    @Test
    void concurrentOffersIntoAStoppedConsumersQueueFillItExactly() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int round = 0; round < 200; round++) {
                RingQueue<Item> queue = new RingQueue<>(64);
                CountDownLatch start = new CountDownLatch(1);
                AtomicInteger accepted = new AtomicInteger();
                AtomicInteger refused = new AtomicInteger();
                List<Thread> threads = new ArrayList<>();
                for (int p = 0; p < PRODUCERS; p++) {
                    int producer = p;
                    Thread thread = new Thread(() -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            return;
                        }
                        for (int i = 0; i < 100; i++) {
                            if (queue.offer(new Item(producer, i))) {
                                accepted.incrementAndGet();
                            } else {
                                refused.incrementAndGet();
                            }
                        }
                    });
                    threads.add(thread);
                    thread.start();
                }
                start.countDown();
                for (Thread thread : threads) {
                    thread.join();
                }
                assertEquals(queue.capacity(), accepted.get(), "round " + round + ": accepted while there was room");
                assertEquals(PRODUCERS * 100 - queue.capacity(), refused.get(), "round " + round + ": refused only when full");
                int[] next = new int[PRODUCERS];
                Item item;
                int polled = 0;
                while ((item = queue.poll()) != null) {
                    // a producer's first refusal is final here (nothing is polled), so it got a prefix of its items
                    assertEquals(next[item.producer()], item.sequence(), "producer " + item.producer() + "'s order kept");
                    next[item.producer()]++;
                    polled++;
                }
                assertEquals(queue.capacity(), polled, "round " + round + ": each accepted item polled once");
            }
        });
    }
}
