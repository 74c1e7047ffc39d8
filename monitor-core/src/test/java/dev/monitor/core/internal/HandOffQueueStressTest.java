package dev.monitor.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sleeping consumer and the waiting producer on real threads: every item accepted is taken
 * exactly once and in each producer's order, a consumer that sleeps is always woken by the next
 * offer (a lost wake-up shows as a consumer still asleep at its 20-second deadline with items
 * left), producers that wait for room all get in, and closing wakes everyone who waits.
 */
class HandOffQueueStressTest {
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(20);

    /** Checks each producer's order and counts what one consumer takes; the consumer thread only. */
    private static final class Taken {
        final long[] next;
        final List<String> failures;
        long count;

        Taken(int producers, List<String> failures) {
            this.next = new long[producers];
            this.failures = failures;
        }

        void take(long item) {
            int producer = (int) (item >>> 32);
            long sequence = item & 0xffff_ffffL;
            if (sequence != next[producer]) {
                failures.add("producer " + producer + ": took item " + sequence + " where " + next[producer] + " was next");
            }
            next[producer] = sequence + 1;
            count++;
        }
    }

    private static Thread consumer(HandOffQueue<Long> queue, long total, Taken taken, boolean byDrain) {
        Thread thread = new Thread(() -> {
            try {
                while (taken.count < total && taken.failures.isEmpty()) {
                    if (byDrain) {
                        if (!queue.await(System.nanoTime() + WAIT_NANOS)) {
                            taken.failures.add("asleep for 20 s with " + (total - taken.count) + " items to come: a lost wake-up");
                            return;
                        }
                        queue.drain(taken::take, 13);
                    } else {
                        Long item = queue.poll(System.nanoTime() + WAIT_NANOS);
                        if (item == null) {
                            taken.failures.add("asleep for 20 s with " + (total - taken.count) + " items to come: a lost wake-up");
                            return;
                        }
                        taken.take(item);
                    }
                }
            } catch (InterruptedException e) {
                taken.failures.add("consumer interrupted");
            }
        }, "consumer");
        thread.start();
        return thread;
    }

    /**
     * Producers offer a few items at a time and pause, so the consumer falls asleep again and
     * again and every offer risks racing its going to sleep: each such race must end with it awake.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aSleepingConsumerIsWokenByEveryRaceWithAnOffer(boolean byDrain) throws Exception {
        int producers = 3;
        int each = 20_000;
        HandOffQueue<Long> queue = new HandOffQueue<>(64);
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Taken taken = new Taken(producers, failures);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            long producer = p;
            threads.add(start(() -> {
                start.await();
                for (long sequence = 0; sequence < each; sequence++) {
                    while (!queue.offer((producer << 32) | sequence)) {
                        Thread.yield();
                    }
                    if (sequence % 7 == 0) {
                        Thread.yield(); // let the consumer catch up and go to sleep
                    }
                    if (sequence % 1000 == 0) {
                        TimeUnit.MICROSECONDS.sleep(50);
                    }
                }
            }));
        }
        Thread consumer = consumer(queue, (long) producers * each, taken, byDrain);
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        consumer.join(TimeUnit.NANOSECONDS.toMillis(WAIT_NANOS) * 2);
        assertEquals(List.of(), failures);
        assertEquals((long) producers * each, taken.count, "every item taken once");
        assertTrue(queue.isEmpty());
        assertEquals(queue.accepted(), queue.taken());
    }

    /** Four producers put into a queue of 4 (full nearly always) and each waits its turn: nothing is refused, lost or doubled. */
    @Test
    void producersThatWaitForRoomAllGetInAndNothingIsLostOrDoubled() throws Exception {
        int producers = 4;
        int each = 25_000;
        HandOffQueue<Long> queue = new HandOffQueue<>(4);
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Taken taken = new Taken(producers, failures);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            long producer = p;
            threads.add(start(() -> {
                start.await();
                for (long sequence = 0; sequence < each; sequence++) {
                    if (!queue.put((producer << 32) | sequence, System.nanoTime() + WAIT_NANOS)) {
                        failures.add("producer " + producer + " was refused item " + sequence + " after 20 s");
                        return;
                    }
                }
            }));
        }
        Thread consumer = consumer(queue, (long) producers * each, taken, false);
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        consumer.join(TimeUnit.NANOSECONDS.toMillis(WAIT_NANOS) * 2);
        assertEquals(List.of(), failures);
        assertEquals((long) producers * each, taken.count);
        assertTrue(queue.isEmpty());
    }

    /** A consumer slower than its producers: they wait, and each is let in as soon as it frees a slot, not at the next recheck. */
    @Test
    void aWaitingProducerIsLetInWhenTheConsumerTakes() throws Exception {
        HandOffQueue<String> queue = new HandOffQueue<>(1);
        assertTrue(queue.offer("first"));
        AtomicBoolean added = new AtomicBoolean();
        Thread producer = start(() -> added.set(queue.put("second", System.nanoTime() + WAIT_NANOS)));
        Await.until(Duration.ofSeconds(10), () -> producer.getState() == Thread.State.TIMED_WAITING, () -> "the producer waits");
        assertFalse(added.get(), "no room yet");
        assertEquals("first", queue.poll());
        producer.join(10_000);
        assertTrue(added.get());
        assertEquals("second", queue.poll());
    }

    @Test
    void closingWakesBlockedProducersWhoAreRefusedAndTheSleepingConsumerWhoTakesWhatIsLeft() throws Exception {
        HandOffQueue<String> queue = new HandOffQueue<>(1);
        assertTrue(queue.offer("queued"));
        AtomicInteger refused = new AtomicInteger();
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            producers.add(start(() -> {
                if (!queue.put("blocked", Long.MAX_VALUE / 2 + System.nanoTime())) { // waits until close
                    refused.incrementAndGet();
                }
            }));
        }
        for (Thread producer : producers) {
            Await.until(Duration.ofSeconds(10), () -> producer.getState() == Thread.State.TIMED_WAITING, () -> "every producer waits");
        }
        queue.close();
        for (Thread producer : producers) {
            producer.join(10_000);
            assertFalse(producer.isAlive(), "close woke the waiting producer");
        }
        assertEquals(3, refused.get(), "a put into a closed queue is refused");
        assertFalse(queue.offer("late"), "an offer after close is refused");
        assertEquals("queued", queue.take(), "what was queued stays for the consumer");
        assertNull(queue.take(), "closed and empty: take returns");

        HandOffQueue<String> empty = new HandOffQueue<>(4);
        AtomicReference<Object> got = new AtomicReference<>("not yet");
        Thread consumer = start(() -> got.set(empty.take()));
        Await.until(Duration.ofSeconds(10), () -> consumer.getState() == Thread.State.WAITING, () -> "the consumer sleeps");
        empty.close();
        consumer.join(10_000);
        assertFalse(consumer.isAlive(), "close woke the sleeping consumer");
        assertNull(got.get());
    }

    @Test
    void aPutWhoseDeadlinePassesIsRefusedAndAddsNothing() throws Exception {
        HandOffQueue<String> queue = new HandOffQueue<>(2);
        assertTrue(queue.offer("a"));
        assertTrue(queue.offer("b"));
        long began = System.nanoTime();
        assertFalse(queue.put("c", began + TimeUnit.MILLISECONDS.toNanos(30)));
        assertTrue(System.nanoTime() - began >= TimeUnit.MILLISECONDS.toNanos(30), "it waited until the deadline");
        assertEquals("a", queue.poll());
        assertEquals("b", queue.poll());
        assertNull(queue.poll(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10)), "c was never added");
    }

    @Test
    void anInterruptEndsTheWaitOfAProducerAndOfTheConsumer() throws Exception {
        HandOffQueue<String> queue = new HandOffQueue<>(1);
        assertTrue(queue.offer("full"));
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> queue.put("x", System.nanoTime() + WAIT_NANOS));
        assertEquals("full", queue.poll());
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> queue.take());
        assertTrue(queue.isEmpty(), "the interrupted put added nothing");
    }

    @Test
    void wakeEndsTheConsumersSleepWithoutAnItem() throws Exception {
        HandOffQueue<String> queue = new HandOffQueue<>(4);
        AtomicReference<Boolean> result = new AtomicReference<>();
        Thread consumer = start(() -> result.set(queue.await(System.nanoTime() + WAIT_NANOS)));
        Await.until(Duration.ofSeconds(10), () -> consumer.getState() == Thread.State.TIMED_WAITING, () -> "the consumer sleeps");
        queue.wake();
        consumer.join(10_000);
        assertEquals(Boolean.TRUE, result.get(), "woken before its deadline");
        queue.wake(); // a wake-up before the consumer sleeps is not lost either
        assertTrue(queue.await(System.nanoTime() + WAIT_NANOS));
    }

    /** A nap is the consumer's own: an offer does not end it (producers are never told of it), a wake and a close do. */
    @Test
    void aNapEndsAtItsDeadlineOrOnWakeOrCloseButNotOnAnOffer() throws Exception {
        HandOffQueue<String> queue = new HandOffQueue<>(4);
        assertTrue(queue.offer("ready"));
        long began = System.nanoTime();
        assertFalse(queue.nap(began + TimeUnit.MILLISECONDS.toNanos(30)), "an item ready does not end a nap");
        assertTrue(System.nanoTime() - began >= TimeUnit.MILLISECONDS.toNanos(30), "it napped until its deadline");
        assertEquals("ready", queue.poll());

        AtomicReference<Boolean> woken = new AtomicReference<>();
        Thread consumer = start(() -> woken.set(queue.nap(System.nanoTime() + WAIT_NANOS)));
        Await.until(Duration.ofSeconds(10), () -> consumer.getState() == Thread.State.TIMED_WAITING, () -> "the consumer naps");
        assertTrue(queue.offer("offered while it naps"));
        queue.wake();
        consumer.join(10_000);
        assertEquals(Boolean.TRUE, woken.get(), "the wake ended the nap before its 20 s deadline");
        assertFalse(queue.nap(System.nanoTime()), "the nap consumed the wake-up");
        queue.wake(); // a wake-up before the nap is not lost either
        assertTrue(queue.nap(System.nanoTime() + WAIT_NANOS));

        AtomicReference<Boolean> closed = new AtomicReference<>();
        Thread napper = start(() -> closed.set(queue.nap(System.nanoTime() + WAIT_NANOS)));
        Await.until(Duration.ofSeconds(10), () -> napper.getState() == Thread.State.TIMED_WAITING, () -> "the consumer naps again");
        queue.close();
        napper.join(10_000);
        assertEquals(Boolean.TRUE, closed.get(), "the close ended the nap");
        assertEquals("offered while it naps", queue.poll(), "what was offered stays for the consumer");
    }

    /** Wakes racing naps on real threads: every wake-up ends a nap that is under way or the next one, none is lost. */
    @Test
    void noWakeUpOfANapperIsLost() throws Exception {
        HandOffQueue<String> queue = new HandOffQueue<>(4);
        int rounds = 5_000;
        AtomicInteger woken = new AtomicInteger();
        AtomicInteger lost = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger round = new AtomicInteger();
        Thread consumer = start(() -> {
            while (round.get() < rounds) {
                if (queue.nap(System.nanoTime() + WAIT_NANOS)) {
                    woken.incrementAndGet();
                    round.incrementAndGet();
                } else {
                    lost.incrementAndGet();
                    break;
                }
            }
            done.countDown();
        });
        for (int i = 0; i < rounds; i++) {
            int expected = i;
            queue.wake();
            long deadline = System.nanoTime() + WAIT_NANOS * 2;
            while (round.get() <= expected && lost.get() == 0) { // yields rather than Await's 10 ms: the next wake races the next nap
                assertTrue(System.nanoTime() - deadline < 0, "round " + expected + " never woke the napper");
                Thread.yield();
            }
        }
        assertTrue(done.await(30, TimeUnit.SECONDS));
        consumer.join(10_000);
        assertEquals(0, lost.get(), "a nap ran to its 20 s deadline although woken: a lost wake-up");
        assertEquals(rounds, woken.get());
    }

    private interface Body {
        void run() throws Exception;
    }

    private static Thread start(Body body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
