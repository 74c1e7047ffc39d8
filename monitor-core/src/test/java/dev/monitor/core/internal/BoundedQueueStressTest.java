package dev.monitor.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Four application threads offer into one queue while one thread takes from it, on real threads:
 * every item offered and accepted is taken exactly once, and each producer's items come out in
 * the order it offered them.
 */
class BoundedQueueStressTest {
    private static final int PRODUCERS = 4;
    private static final int PER_PRODUCER = 100_000;
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** 64: the queue is full most of the time and wraps every 64 items; 1000: a capacity that is not a power of two. */
    /**
     * Producers 0 and 1 offer; 2 and 3 claim a slot and fill it, and 3 also claims and cancels a slot
     * before every seventh item, which the consumer must pass over without taking anything.
     */
    private static boolean put(BoundedQueue<Long> queue, long producer, long sequence, Long item) {
        if (producer < 2) {
            return queue.offer(item);
        }
        if (producer == 3 && sequence % 7 == 0) {
            long extra = queue.claim();
            if (extra >= 0) {
                queue.cancel(extra);
            }
        }
        long claim = queue.claim();
        if (claim < 0) {
            return false;
        }
        queue.fill(claim, item);
        return true;
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 1000})
    void fourProducersAndOneConsumerLoseNothingDoubleNothingAndKeepEachProducersOrder(int capacity) throws Exception {
        BoundedQueue<Long> queue = new BoundedQueue<>(capacity);
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong rejected = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            long producer = p;
            producers.add(new Thread(() -> {
                try {
                    start.await();
                    for (long sequence = 0; sequence < PER_PRODUCER; sequence++) {
                        Long item = (producer << 32) | sequence;
                        while (!put(queue, producer, sequence, item)) {
                            rejected.incrementAndGet();
                            if (!failures.isEmpty()) {
                                return; // the consumer has stopped
                            }
                            if (System.nanoTime() > deadline) {
                                failures.add("producer " + producer + " still waiting for room at item " + sequence);
                                return;
                            }
                            Thread.yield();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "producer-" + p));
        }
        long[] next = new long[PRODUCERS];
        long[] taken = {0};
        Thread consumer = new Thread(() -> {
            java.util.function.Consumer<Long> check = item -> {
                int producer = (int) (item >>> 32);
                long sequence = item & 0xffff_ffffL;
                if (sequence != next[producer]) {
                    failures.add("producer " + producer + ": took item " + sequence + " where " + next[producer] + " was next");
                }
                next[producer] = sequence + 1;
                taken[0]++;
            };
            boolean byDrain = false;
            while (taken[0] < (long) PRODUCERS * PER_PRODUCER && failures.isEmpty()) {
                // Alternate the two ways of taking, so that both meet producers mid-offer.
                int got;
                if (byDrain) {
                    got = queue.drain(check, 37);
                } else {
                    Long item = queue.poll();
                    got = item == null ? 0 : 1;
                    if (item != null) {
                        check.accept(item);
                    }
                }
                byDrain = !byDrain;
                if (got == 0) {
                    if (System.nanoTime() > deadline) {
                        failures.add("consumer: took " + taken[0] + " items by the deadline");
                        return;
                    }
                    Thread.yield();
                }
            }
        }, "consumer");
        producers.forEach(Thread::start);
        consumer.start();
        start.countDown();
        for (Thread producer : producers) {
            producer.join(TimeUnit.NANOSECONDS.toMillis(DEADLINE_NANOS) + 5_000);
        }
        consumer.join(TimeUnit.NANOSECONDS.toMillis(DEADLINE_NANOS) + 5_000);

        assertEquals(List.of(), failures);
        assertEquals((long) PRODUCERS * PER_PRODUCER, taken[0], "items taken");
        long[] all = new long[PRODUCERS];
        Arrays.fill(all, PER_PRODUCER);
        assertArrayEquals(all, next, "next item expected from each producer");
        assertTrue(queue.isEmpty(), "empty once everything was taken");
        assertEquals(0, queue.size());
        assertNull(queue.poll());
        if (capacity == 64) {
            assertTrue(rejected.get() > 0, "a queue of 64 between four producers and one consumer was full at least once");
        }
    }
}
