package dev.monitor.core.logs.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded queue for many producers and one consumer, without locks: Dmitry Vyukov's bounded
 * queue, where each slot's sequence number says whether it is free to write or ready to read.
 * {@link #offer} never blocks: it fails when the queue is full.
 */
final class RingQueue<E> {
    private final int mask;
    private final AtomicReferenceArray<E> items;
    private final AtomicLongArray sequences;
    private final AtomicLong tail = new AtomicLong();
    private long head;

    /** @param capacity rounded up to a power of two */
    RingQueue(int capacity) {
        int size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        this.mask = size - 1;
        this.items = new AtomicReferenceArray<>(size);
        this.sequences = new AtomicLongArray(size);
        for (int i = 0; i < size; i++) {
            sequences.set(i, i);
        }
    }

    int capacity() {
        return mask + 1;
    }

    /** Adds {@code item}; false when the queue is full. Any thread. */
    boolean offer(E item) {
        while (true) {
            long position = tail.get();
            int index = (int) position & mask;
            long sequence = sequences.get(index);
            if (sequence == position) {
                if (tail.compareAndSet(position, position + 1)) {
                    items.lazySet(index, item);
                    // A release store is enough: the consumer's volatile read of the sequence acquires the item.
                    sequences.lazySet(index, position + 1);
                    return true;
                }
            } else if (sequence < position) {
                return false;
            }
        }
    }

    /** The oldest item, or null when there is none ready. The consumer thread only. */
    E poll() {
        int index = (int) head & mask;
        if (sequences.get(index) != head + 1) {
            return null;
        }
        E item = items.get(index);
        items.lazySet(index, null);
        sequences.lazySet(index, head + mask + 1);
        head++;
        return item;
    }

    /** Whether nothing is waiting, as far as the consumer can tell. */
    boolean isEmpty() {
        return sequences.get((int) head & mask) != head + 1;
    }
}
