package dev.monitor.benchmarks;

import dev.monitor.core.internal.BoundedQueue;
import dev.monitor.core.internal.HandOffQueue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jctools.queues.MpscArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The bounded hand-off queues of issue 13, side by side: application threads offer into a
 * bounded queue that one consumer thread drains, as the log writer, the trace emitter and the
 * exporters do.
 *
 * <ul>
 *   <li>{@code handoff}: producers offer as fast as they can while one consumer polls as fast as it
 *   can. Read the {@code offer} line: the producer's cost per offer, including the offers that
 *   find the queue full. Run with {@code -tg 1,1} and {@code -tg 2,1} for one and two producers.
 *   After every iteration the queue is drained and the items counted: an item accepted but never
 *   taken, or taken twice, fails the run; the counts are printed ({@code accepted}, {@code rejected}
 *   as full, {@code lost}).</li>
 *   <li>{@code roundTrip}: one thread offers and polls one item, the uncontended cost, and the
 *   bytes a hand-off allocates (read {@code gc.alloc.rate.norm} here: the group's is divided by
 *   the consumer's polls too).</li>
 *   <li>{@code sleeping}: as {@code handoff}, but the consumer sleeps when the queue is empty and
 *   is woken by the next offer, as the export lanes, the audit journal's writer, live tail and the
 *   alarm lanes wait: {@code HandOffQueue.poll(deadline)} against {@code ArrayBlockingQueue.poll(timeout)}.
 *   Each producer offers one item and then spins {@code work} tokens, so the consumer catches up
 *   and falls asleep: the {@code offer} line is the producer's cost including the wake-ups it pays.</li>
 * </ul>
 *
 * <p>On a loaded machine a thread's wall time per operation counts the time it waited for a core.
 * So each producer (and the {@code roundTrip} thread) also prints the CPU time its thread used per
 * operation in each iteration ({@code [cpu]} lines), which other processes do not inflate.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class QueueBenchmarks {

    /** The one shape every candidate is used through; each fork holds one implementation, so calls stay monomorphic. */
    interface Handoff {
        boolean offer(Object item);

        Object poll();

        /** Waits up to {@link #SLEEP_NANOS} for an item, asleep; only the candidates of {@code sleeping}. */
        default Object sleepingPoll() throws InterruptedException {
            throw new UnsupportedOperationException("this queue has no sleeping consumer");
        }
    }

    /** The longest a sleeping consumer waits per call: JMH ends an iteration only once every thread returns. */
    static final long SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    static Handoff handoff(String name, int capacity) {
        return switch (name) {
            case "ringQueue" -> new Handoff() {
                final RingQueue<Object> queue = new RingQueue<>(capacity);
                public boolean offer(Object item) { return queue.offer(item); }
                public Object poll() { return queue.poll(); }
            };
            case "boundedQueue" -> new Handoff() {
                final BoundedQueue<Object> queue = new BoundedQueue<>(capacity);
                public boolean offer(Object item) { return queue.offer(item); }
                public Object poll() { return queue.poll(); }
            };
            case "handOffQueue" -> new Handoff() {
                // BoundedQueue plus the sleeping-consumer check on every offer, and the waiting-producer check on every poll
                final HandOffQueue<Object> queue = new HandOffQueue<>(capacity);
                public boolean offer(Object item) { return queue.offer(item); }
                public Object poll() { return queue.poll(); }
                public Object sleepingPoll() throws InterruptedException {
                    return queue.poll(System.nanoTime() + SLEEP_NANOS);
                }
            };
            case "jctoolsMpsc" -> new Handoff() {
                final MpscArrayQueue<Object> queue = new MpscArrayQueue<>(capacity);
                public boolean offer(Object item) { return queue.offer(item); }
                // relaxedPoll: returns null rather than spin on a slot claimed and not yet written, like the others
                public Object poll() { return queue.relaxedPoll(); }
            };
            case "arrayBlocking" -> new Handoff() {
                final ArrayBlockingQueue<Object> queue = new ArrayBlockingQueue<>(capacity);
                public boolean offer(Object item) { return queue.offer(item); }
                public Object poll() { return queue.poll(); }
                public Object sleepingPoll() throws InterruptedException {
                    return queue.poll(SLEEP_NANOS, TimeUnit.NANOSECONDS);
                }
            };
            case "linkedBlocking" -> new Handoff() {
                final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>(capacity);
                public boolean offer(Object item) { return queue.offer(item); }
                public Object poll() { return queue.poll(); }
            };
            case "linkedCounter" -> new Handoff() {
                // XRayTracer's outbox: an unbounded linked queue bounded by a shared counter
                final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
                final AtomicInteger pending = new AtomicInteger();

                public boolean offer(Object item) {
                    if (pending.incrementAndGet() > capacity) {
                        pending.decrementAndGet();
                        return false;
                    }
                    return queue.offer(item);
                }

                public Object poll() {
                    Object item = queue.poll();
                    if (item != null) {
                        pending.decrementAndGet();
                    }
                    return item;
                }
            };
            default -> throw new IllegalArgumentException("no queue named '" + name + "'");
        };
    }

    /** Slots of {@link Counted#counts} per producer: 128 bytes apart, so producers never share a line. */
    private static final int STRIDE = 16;
    private static final int MAX_PRODUCERS = 8;

    /** What a group shares: the queue, and the counts that check it lost and doubled nothing. */
    public abstract static class Counted {
        /** The candidate's name, set by the subclass's setup. */
        String name;
        Handoff handoff;
        final AtomicInteger producers = new AtomicInteger();
        /** Per producer: accepted at {@code (i + 1) * STRIDE}, rejected (full) one after. Written only by that producer. */
        final long[] counts = new long[(MAX_PRODUCERS + 2) * STRIDE];
        /** Taken by the consumer; written by the consumer thread only. */
        long taken;

        int join() {
            int producer = producers.getAndIncrement();
            if (producer >= MAX_PRODUCERS) {
                throw new IllegalStateException("at most " + MAX_PRODUCERS + " producers, asked for " + (producer + 1));
            }
            return (producer + 1) * STRIDE;
        }

        /** No thread runs the benchmark now: what is left is drained, and every accepted item must have been taken once. */
        @TearDown(Level.Iteration)
        public void count() {
            long left = 0;
            while (handoff.poll() != null) {
                left++;
            }
            long accepted = 0;
            long rejected = 0;
            for (int i = STRIDE; i < counts.length; i += STRIDE) {
                accepted += counts[i];
                rejected += counts[i + 1];
                counts[i] = 0;
                counts[i + 1] = 0;
            }
            long lost = accepted - taken - left;
            System.out.printf("%n[%s] accepted %d, rejected (full) %d (%.1f%% of offers), taken %d + %d left, lost %d%n",
                    name, accepted, rejected, 100.0 * rejected / Math.max(1, accepted + rejected), taken, left, lost);
            taken = 0;
            if (lost != 0) {
                throw new IllegalStateException(name + " lost " + lost + " items (negative: taken twice)");
            }
        }
    }

    @State(Scope.Group)
    public static class Shared extends Counted {
        @Param({"ringQueue", "boundedQueue", "handOffQueue", "jctoolsMpsc", "arrayBlocking", "linkedCounter", "linkedBlocking"})
        public String queue;
        @Param("8192")
        public int capacity;

        @Setup(Level.Trial)
        public void create() {
            name = queue;
            handoff = handoff(queue, capacity);
        }
    }

    @State(Scope.Thread)
    public static class Producer extends CpuTime {
        final Object item = new Object();
        /** Joined at the first offer: a thread state's setup cannot take either group's state. */
        int slot;
    }

    @Benchmark
    @Group("handoff")
    @GroupThreads(1)
    public boolean offer(Shared shared, Producer producer) {
        return offerCounted(shared, producer);
    }

    private static boolean offerCounted(Counted shared, Producer producer) {
        if (producer.slot == 0) {
            producer.slot = shared.join();
        }
        producer.operations++;
        if (shared.handoff.offer(producer.item)) {
            shared.counts[producer.slot]++;
            return true;
        }
        shared.counts[producer.slot + 1]++;
        return false;
    }

    @Benchmark
    @Group("handoff")
    @GroupThreads(1)
    public Object poll(Shared shared) {
        Object item = shared.handoff.poll();
        if (item != null) {
            shared.taken++;
        }
        return item;
    }

    @State(Scope.Thread)
    public static class Alone extends CpuTime {
        @Param({"ringQueue", "boundedQueue", "handOffQueue", "jctoolsMpsc", "arrayBlocking", "linkedCounter", "linkedBlocking"})
        public String queue;
        @Param("8192")
        public int capacity;
        final Object item = new Object();
        Handoff handoff;

        @Setup(Level.Trial)
        public void create() {
            handoff = handoff(queue, capacity);
        }
    }

    @Benchmark
    public Object roundTrip(Alone alone) {
        alone.operations++;
        alone.handoff.offer(alone.item);
        return alone.handoff.poll();
    }

    /** The sleeping consumer's CPU time per call ({@code [cpu]} lines after the producers'). */
    @State(Scope.Thread)
    public static class Taker extends CpuTime {
    }

    /** The producers' spinning alone, to subtract from {@code sleepingOffer}'s CPU time. */
    @State(Scope.Thread)
    public static class Work extends CpuTime {
        @Param("200")
        public int work;
    }

    @Benchmark
    public void workAlone(Work work) {
        work.operations++;
        org.openjdk.jmh.infra.Blackhole.consumeCPU(work.work);
    }

    /** The candidates whose consumer can sleep; otherwise as {@link Shared}. */
    @State(Scope.Group)
    public static class SleepingShared extends Counted {
        @Param({"handOffQueue", "arrayBlocking"})
        public String sleeper;
        @Param("8192")
        public int capacity;
        /** Tokens a producer spins between offers ({@code Blackhole.consumeCPU}): room for the consumer to fall asleep. */
        @Param("200")
        public int work;

        @Setup(Level.Trial)
        public void create() {
            name = sleeper;
            handoff = handoff(sleeper, capacity);
        }
    }

    @Benchmark
    @Group("sleeping")
    @GroupThreads(1)
    public boolean sleepingOffer(SleepingShared shared, Producer producer) {
        org.openjdk.jmh.infra.Blackhole.consumeCPU(shared.work);
        return offerCounted(shared, producer);
    }

    @Benchmark
    @Group("sleeping")
    @GroupThreads(1)
    public Object sleepingPoll(SleepingShared shared, Taker taker) throws InterruptedException {
        taker.operations++;
        Object item = shared.handoff.sleepingPoll();
        if (item != null) {
            shared.taken++;
        }
        return item;
    }
}
