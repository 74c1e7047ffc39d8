package dev.monitor.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Not API: the lock-free core of {@link HandOffQueue}, Monitor's one hand-off queue between the
 * application's threads and a capability's own thread, with no compatibility promise. Used bare only
 * where nobody ever waits for an item or for room (the log writer's pool of emptied batches); a
 * consumer that sleeps uses {@link HandOffQueue}, which makes sure no wake-up is lost.
 *
 * <p>A bounded queue for many producers and one consumer, without locks, on the design of JCTools'
 * {@code MpscArrayQueue}: producers claim a slot by a compare-and-set on the producer index and
 * then publish the item into it with a release store; the consumer takes the item and frees the
 * slot by moving the consumer index on with a release store. A producer reads the consumer index
 * only when it reaches the limit it last computed from it, so producers and the consumer rarely
 * touch each other's cache lines. Each index sits on a cache line of its own.
 *
 * <p>{@link #offer} never blocks and never allocates: it returns false when {@link #capacity}
 * items are waiting. {@link #poll} and {@link #drain} are for one consumer thread at a time; they
 * never wait either, so an item whose producer has claimed its slot but not yet stored it is
 * taken by a later call. Items of one producer are taken in the order it offered them.
 *
 * <p>A producer that must not make its item unless the queue takes it (an item that costs an id and
 * a clock read, refused in a burst) {@linkplain #claim claims} a slot first and then
 * {@linkplain #fill fills} it, or {@linkplain #cancel cancels} it, which the consumer passes over.
 *
 * @param <E> the items; never null
 */
public final class BoundedQueue<E> extends BoundedQueueConsumerIndex {
    private static final VarHandle PRODUCER_INDEX;
    private static final VarHandle PRODUCER_LIMIT;
    private static final VarHandle CONSUMER_INDEX;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
    /** What a cancelled claim's slot holds: the consumer frees it and takes no item. */
    private static final Object CANCELLED = new Object();
    /** The largest capacity: the slots are a power-of-two array. */
    public static final int MAX_CAPACITY = 1 << 30;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PRODUCER_INDEX = lookup.findVarHandle(BoundedQueueProducerIndex.class, "producerIndex", long.class);
            PRODUCER_LIMIT = lookup.findVarHandle(BoundedQueueProducerIndex.class, "producerLimit", long.class);
            CONSUMER_INDEX = lookup.findVarHandle(BoundedQueueConsumerIndex.class, "consumerIndex", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // Padding after the consumer index (HotSpot lays out superclass fields first), so that what
    // is allocated next never shares its cache line.
    @SuppressWarnings("unused")
    private long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

    /**
     * @param capacity how many items may wait at once, exactly (the slots are rounded up to a power
     *                 of two, the limit is not); from 1 to {@link #MAX_CAPACITY}
     * @throws IllegalArgumentException for a capacity out of that range
     */
    public BoundedQueue(int capacity) {
        super(checked(capacity));
    }

    private static int checked(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("queue capacity must be from 1 to " + MAX_CAPACITY + ", was " + capacity);
        }
        return capacity;
    }

    /** How many items may wait at once, as given to the constructor. */
    public int capacity() {
        return capacity;
    }

    /**
     * Adds {@code item} at the tail; false, at once, when {@link #capacity} items are waiting.
     * Any thread.
     *
     * @throws NullPointerException for a null item (null marks a free slot)
     */
    public boolean offer(E item) {
        Objects.requireNonNull(item, "item");
        long claim = claim();
        if (claim < 0) {
            return false;
        }
        SLOT.setRelease(slots, (int) claim & mask, item);
        return true;
    }

    /**
     * Claims the slot at the tail for an item made after the claim; -1, at once, when
     * {@link #capacity} items are waiting. Any thread. The claimer must then {@link #fill} or
     * {@link #cancel} the claim, and soon: the consumer takes nothing after it until then.
     */
    public long claim() {
        long limit = (long) PRODUCER_LIMIT.getAcquire(this);
        long index;
        do {
            index = (long) PRODUCER_INDEX.getVolatile(this);
            if (index >= limit) {
                limit = (long) CONSUMER_INDEX.getAcquire(this) + capacity;
                if (index >= limit) {
                    return -1;
                }
                // Racy between producers, harmlessly: a limit computed from an older consumer index is
                // only lower, and costs the next producer one more read of the consumer index.
                PRODUCER_LIMIT.setRelease(this, limit);
            }
        } while (!PRODUCER_INDEX.compareAndSet(this, index, index + 1));
        return index;
    }

    /**
     * Puts {@code item} in the slot {@link #claim} gave, once.
     *
     * @throws NullPointerException for a null item (null marks a free slot)
     */
    public void fill(long claim, E item) {
        Objects.requireNonNull(item, "item");
        SLOT.setRelease(slots, (int) claim & mask, item);
    }

    /** Gives up the slot {@link #claim} gave, unfilled: the consumer frees it and takes nothing from it. */
    public void cancel(long claim) {
        SLOT.setRelease(slots, (int) claim & mask, CANCELLED);
    }

    /** The item at the head, or null when none is ready. The consumer thread only. */
    @SuppressWarnings("unchecked")
    public E poll() {
        while (true) {
            long index = consumerIndex;
            int slot = (int) index & mask;
            Object item = SLOT.getAcquire(slots, slot);
            if (item == null) {
                return null;
            }
            slots[slot] = null;
            // The release orders the slot's clearing before any producer that sees the new index reuses it.
            CONSUMER_INDEX.setRelease(this, index + 1);
            if (item != CANCELLED) {
                return (E) item;
            }
        }
    }

    /**
     * Whether {@link #poll} would return an item now: false while the queue is empty, and while
     * the producer of the item at the head has claimed its slot but not yet filled it. The
     * consumer thread only (elsewhere, a hint).
     */
    public boolean ready() {
        // a cancelled claim at the head reads as ready: poll then frees it and returns what follows, or null
        return SLOT.getAcquire(slots, (int) consumerIndex & mask) != null;
    }

    /**
     * Takes up to {@code max} ready items, in order, handing each to {@code action}; returns how
     * many it took. The consumer thread only. An exception from {@code action} propagates, and the
     * item it was thrown for is taken all the same.
     */
    @SuppressWarnings("unchecked")
    public int drain(Consumer<? super E> action, int max) {
        long index = consumerIndex;
        int taken = 0;
        while (taken < max) {
            int slot = (int) index & mask;
            Object item = SLOT.getAcquire(slots, slot);
            if (item == null) {
                break;
            }
            slots[slot] = null;
            CONSUMER_INDEX.setRelease(this, ++index);
            if (item != CANCELLED) {
                taken++;
                action.accept((E) item);
            }
        }
        return taken;
    }

    /**
     * Whether every item offered has been taken, counting offers still in progress as not taken:
     * what a flush waits for. Exact on the consumer thread while no producer is offering.
     */
    public boolean isEmpty() {
        return (long) CONSUMER_INDEX.getVolatile(this) == (long) PRODUCER_INDEX.getVolatile(this);
    }

    /**
     * How many items have been accepted since the queue was made, counting offers in progress (a
     * claimed slot is always filled): an item is taken once {@link #taken()} passes its number.
     */
    public long accepted() {
        return (long) PRODUCER_INDEX.getVolatile(this);
    }

    /** How many items have been taken since the queue was made. */
    public long taken() {
        return (long) CONSUMER_INDEX.getVolatile(this);
    }

    /** About how many items are waiting, from 0 to {@link #capacity}: exact only when no thread is using the queue. */
    public int size() {
        long consumer = (long) CONSUMER_INDEX.getVolatile(this);
        long producer = (long) PRODUCER_INDEX.getVolatile(this);
        return (int) Math.max(0, Math.min(capacity, producer - consumer));
    }
}

/** The fields every call reads and nobody writes after construction. */
abstract class BoundedQueueFields {
    final int capacity;
    final int mask;
    final Object[] slots;

    BoundedQueueFields(int capacity) {
        int length = capacity == 1 ? 1 : Integer.highestOneBit(capacity - 1) << 1;
        this.capacity = capacity;
        this.mask = length - 1;
        this.slots = new Object[length];
    }
}

/** Padding between the read-only fields and the producers' cache line (128 bytes: adjacent-line prefetch). */
@SuppressWarnings("unused")
abstract class BoundedQueuePadBeforeProducer extends BoundedQueueFields {
    private long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;

    BoundedQueuePadBeforeProducer(int capacity) {
        super(capacity);
    }
}

/** What producers write: the next index to claim, and the claim limit last computed from the consumer index. */
abstract class BoundedQueueProducerIndex extends BoundedQueuePadBeforeProducer {
    long producerIndex;
    long producerLimit;

    BoundedQueueProducerIndex(int capacity) {
        super(capacity);
        producerLimit = capacity;
    }
}

/** Padding between the producers' cache line and the consumer's. */
@SuppressWarnings("unused")
abstract class BoundedQueuePadBeforeConsumer extends BoundedQueueProducerIndex {
    private long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;

    BoundedQueuePadBeforeConsumer(int capacity) {
        super(capacity);
    }
}

/** What the consumer writes: the next index to take. */
abstract class BoundedQueueConsumerIndex extends BoundedQueuePadBeforeConsumer {
    long consumerIndex;

    BoundedQueueConsumerIndex(int capacity) {
        super(capacity);
    }
}
