package dev.monitor.core.internal;

import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Not API: a {@link BoundedQueue} whose consumer may sleep until an item arrives, and whose
 * producers may wait for room: Monitor's one hand-off between threads for the capabilities that
 * wait (the log writer, the event bus's dispatcher, export lanes, the X-Ray emitter, the audit
 * journal's writer, live tail, alarm actions).
 *
 * <p>The producer's fast path takes no lock: {@link #offer} is the queue's offer plus one volatile
 * read, and only when the consumer has announced that it sleeps does the producer pay for a
 * {@link LockSupport#unpark}. The consumer announces itself before it looks at the queue a last
 * time and parks; the producer publishes its claim before it looks for a sleeper, both with
 * volatile accesses, so one of the two always sees the other and no wake-up is lost. A consumer
 * that never {@linkplain #await waits} (one that naps on its own, as the X-Ray emitter does while
 * segments keep coming, to spare the application a system call per segment) is never woken and
 * costs producers nothing more.
 * A busy consumer that {@linkplain #nap naps} likewise, unannounced to producers, is still woken
 * by {@link #wake} and {@link #close}: a flush or a stop need not wait out its nap.
 *
 * <p>{@link #put} waits while the queue is full, for callers that must not drop (audit records):
 * a waiting producer registers itself, and the consumer wakes waiting producers after it takes
 * items; a waiting producer also looks again every {@value #PRODUCER_RECHECK_MICROS} µs.
 *
 * <p>{@link #close} ends the hand-off: later offers and puts fail, waiting producers return false,
 * and the consumer takes what is left and then hears that the queue is closed. An offer racing
 * {@code close} may still be accepted after the consumer's last look: an owner that must account
 * for every item polls the queue once its consumer thread has ended.
 *
 * <p>The consumer methods ({@link #poll}, {@link #drain}, {@link #await}, {@link #nap}, {@link #take}) are for
 * one consumer thread at a time, as {@link BoundedQueue}'s are; owners that let a second thread take
 * (dropping the oldest, abandoning a stuck consumer) make the two take turns under a lock of their own.
 *
 * @param <E> the items; never null
 */
public final class HandOffQueue<E> {
    /** The longest a waiting producer parks before it looks again, in case a wake-up came before it parked. */
    static final long PRODUCER_RECHECK_MICROS = 1_000;

    private final BoundedQueue<E> queue;
    /** The consumer while it sleeps (announced), else null: producers unpark it only then. */
    private volatile Thread sleeper;
    /** How many producers wait in {@link #put}: the consumer looks for them only when there are some. */
    private final AtomicInteger waiting = new AtomicInteger();
    private final ConcurrentLinkedQueue<Thread> waiters = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;
    /** Set by {@link #wake}: the consumer's {@link #await} returns although nothing was offered. */
    private volatile boolean woken;
    /** The consumer while it {@linkplain #nap naps}, else null: only {@link #wake} and {@link #close} unpark it then. */
    private volatile Thread napper;

    /**
     * @param capacity how many items may wait at once, exactly; from 1 to {@link BoundedQueue#MAX_CAPACITY}
     * @throws IllegalArgumentException for a capacity out of that range
     */
    public HandOffQueue(int capacity) {
        this.queue = new BoundedQueue<>(capacity);
    }

    /**
     * Adds {@code item}, waking the consumer if it sleeps; false, at once, when the queue is full
     * or closed. Any thread; never blocks.
     *
     * @throws NullPointerException for a null item
     */
    public boolean offer(E item) {
        if (closed || !queue.offer(item)) {
            return false;
        }
        Thread asleep = sleeper;
        if (asleep != null) {
            LockSupport.unpark(asleep);
        }
        return true;
    }

    /**
     * Claims a slot for an item made after the claim, so a refusal costs nothing; -1, at once, when
     * the queue is full or closed. Any thread. The claimer must then {@link #fill} or {@link #cancel}
     * the claim, and soon: the consumer takes nothing after it until then.
     */
    public long claim() {
        return closed ? -1 : queue.claim();
    }

    /** Puts {@code item} in the slot {@link #claim} gave, once, waking the consumer if it sleeps. */
    public void fill(long claim, E item) {
        queue.fill(claim, item);
        Thread asleep = sleeper;
        if (asleep != null) {
            LockSupport.unpark(asleep);
        }
    }

    /** Gives up the slot {@link #claim} gave, unfilled: the consumer frees it and takes nothing from it. */
    public void cancel(long claim) {
        queue.cancel(claim);
        Thread asleep = sleeper;
        if (asleep != null) {
            LockSupport.unpark(asleep);
        }
    }

    /**
     * Adds {@code item}, waiting while the queue is full until {@code deadline} ({@link System#nanoTime()}).
     * Any thread.
     *
     * @return true once added; false when the deadline passed or the queue is (or became) closed
     * @throws InterruptedException when interrupted while waiting; the item was not added
     */
    public boolean put(E item, long deadline) throws InterruptedException {
        Objects.requireNonNull(item, "item");
        if (offer(item)) {
            return true;
        }
        Thread me = Thread.currentThread();
        waiters.add(me);
        waiting.incrementAndGet(); // before the next look: a consumer that takes after it sees this
        try {
            while (!closed) {
                if (offer(item)) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                LockSupport.parkNanos(this, Math.min(left, TimeUnit.MICROSECONDS.toNanos(PRODUCER_RECHECK_MICROS)));
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for room in a queue of " + capacity());
                }
            }
            return false;
        } finally {
            waiting.decrementAndGet();
            waiters.remove(me);
        }
    }

    /** The item at the head, or null when none is ready. The consumer thread only. */
    public E poll() {
        E item = queue.poll();
        if (item != null) {
            tookRoom();
        }
        return item;
    }

    /**
     * Takes up to {@code max} ready items in order, handing each to {@code action}; returns how
     * many it took. The consumer thread only. An exception from {@code action} propagates, and the
     * item it was thrown for is taken all the same.
     */
    public int drain(Consumer<? super E> action, int max) {
        long before = queue.taken();
        try {
            return queue.drain(action, max);
        } finally {
            if (queue.taken() != before) { // also after a throw: the item it was thrown for is taken
                tookRoom();
            }
        }
    }

    /**
     * The item at the head, sleeping until one arrives, the queue is closed and empty, or
     * {@code deadline} ({@link System#nanoTime()}) passes; null in the last two cases. The consumer thread only.
     *
     * @throws InterruptedException when interrupted while sleeping
     */
    public E poll(long deadline) throws InterruptedException {
        E item = poll();
        while (item == null) {
            if (!await(deadline, true)) {
                return null;
            }
            item = poll();
        }
        return item;
    }

    /**
     * The item at the head, sleeping until one arrives; null once the queue is closed and empty.
     * The consumer thread only.
     *
     * @throws InterruptedException when interrupted while sleeping
     */
    public E take() throws InterruptedException {
        E item = poll();
        while (item == null) {
            if (!await(0, false)) {
                return null;
            }
            item = poll();
        }
        return item;
    }

    /**
     * Sleeps until an item is offered (or one is ready already), {@link #wake} is called, the queue
     * is closed, or {@code deadline} ({@link System#nanoTime()}) passes; takes nothing. The consumer
     * thread only.
     *
     * @return whether an item may be ready: false once the deadline passed or the queue is closed and empty
     * @throws InterruptedException when interrupted while sleeping
     */
    public boolean await(long deadline) throws InterruptedException {
        return await(deadline, true);
    }

    /**
     * Sleeps until an item is offered (or one is ready already), {@link #wake} is called or the
     * queue is closed; takes nothing. The consumer thread only.
     *
     * @return whether an item may be ready: false once the queue is closed and empty
     * @throws InterruptedException when interrupted while sleeping
     */
    public boolean await() throws InterruptedException {
        return await(0, false);
    }

    private boolean await(long deadline, boolean timed) throws InterruptedException {
        while (true) {
            if (queue.ready()) {
                return true;
            }
            if (woken) {
                woken = false;
                return true;
            }
            boolean empty = queue.isEmpty();
            if (empty && closed) {
                return false;
            }
            long left = timed ? deadline - System.nanoTime() : Long.MAX_VALUE;
            if (left <= 0) {
                return false;
            }
            if (!empty) {
                Thread.yield(); // a producer claimed the head slot and has not filled it yet: a matter of instructions
                continue;
            }
            sleeper = Thread.currentThread(); // announced before the last look: a producer that claims after this wakes it
            try {
                if (queue.isEmpty() && !closed && !woken) {
                    if (timed) {
                        LockSupport.parkNanos(this, left);
                    } else {
                        LockSupport.park(this);
                    }
                }
            } finally {
                sleeper = null;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for a queue's next item");
            }
        }
    }

    /**
     * Sleeps until {@code deadline} ({@link System#nanoTime()}), {@link #wake} is called or the queue
     * is closed, whatever is offered meanwhile: producers are not told of a nap, so they never pay
     * for waking the consumer. For a busy consumer that would rather look again in a moment than make
     * every offer that finds it caught up cost its producer a system call. The consumer thread only.
     *
     * @return true when woken ({@link #wake}, which this consumes as {@link #await} does, or {@link #close}),
     *         false when the deadline passed
     * @throws InterruptedException when interrupted while napping
     */
    public boolean nap(long deadline) throws InterruptedException {
        napper = Thread.currentThread(); // announced before the look at the flags: a wake after this unparks us
        try {
            while (!woken && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while napping");
                }
            }
        } finally {
            napper = null;
        }
        woken = false;
        return true;
    }

    /**
     * Makes the consumer's current or next {@link #await} or {@link #nap} return (to look at a flag
     * of its owner's, say), without an item. Any thread.
     */
    public void wake() {
        woken = true;
        Thread asleep = sleeper;
        if (asleep != null) {
            LockSupport.unpark(asleep);
        }
        Thread napping = napper;
        if (napping != null) {
            LockSupport.unpark(napping);
        }
    }

    /**
     * Closes the hand-off: offers and puts fail from now on, waiting producers and the sleeping
     * consumer wake; what was queued stays for the consumer to take. Any thread; idempotent.
     */
    public void close() {
        closed = true;
        wake();
        for (Thread waiter : waiters) {
            LockSupport.unpark(waiter);
        }
    }

    /** Whether {@link #close} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** How many items may wait at once. */
    public int capacity() {
        return queue.capacity();
    }

    /** About how many items wait: exact only when no thread is using the queue. */
    public int size() {
        return queue.size();
    }

    /** Whether every item accepted has been taken, counting offers in progress as not taken. */
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    /**
     * How many items have been accepted since the queue was made, counting offers in progress:
     * an item is taken once {@link #taken()} passes its number, so a flush waits for the consumer to
     * get beyond this.
     */
    public long accepted() {
        return queue.accepted();
    }

    /** How many items the consumer has taken since the queue was made. */
    public long taken() {
        return queue.taken();
    }

    /** After the consumer took items: wakes producers waiting for room, if any. */
    private void tookRoom() {
        // The consumer index was moved on with a release store; the fence orders it before the read
        // of the count, so that a producer registering now either sees the room or is seen here.
        VarHandle.fullFence();
        if (waiting.get() != 0) {
            for (Thread waiter : waiters) {
                LockSupport.unpark(waiter);
            }
        }
    }
}
