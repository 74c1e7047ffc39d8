package dev.monitor.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** On one thread the queue behaves as an {@link ArrayDeque} that refuses items beyond the capacity. */
class BoundedQueueProperties {

    /**
     * Each step: 0 and up offers that number; -1 to -300 polls; -301 to -600 drains up to
     * (-step % 8) items. After every step the queue and the model agree on what was returned,
     * the size and emptiness.
     */
    @Property(tries = 1000)
    void behavesAsABoundedFifo(@ForAll @IntRange(min = 1, max = 70) int capacity,
                               @ForAll @Size(max = 400) List<@IntRange(min = -600, max = 600) Integer> steps) {
        BoundedQueue<Integer> queue = new BoundedQueue<>(capacity);
        ArrayDeque<Integer> model = new ArrayDeque<>();
        for (int step : steps) {
            if (step >= 0) {
                boolean room = model.size() < capacity;
                assertEquals(room, queue.offer(step), "offer with " + model.size() + " of " + capacity + " waiting");
                if (room) {
                    model.add(step);
                }
            } else if (step >= -300) {
                assertEquals(model.poll(), queue.poll());
            } else {
                int max = -step % 8;
                List<Integer> expected = new ArrayList<>();
                while (expected.size() < max && !model.isEmpty()) {
                    expected.add(model.poll());
                }
                List<Integer> drained = new ArrayList<>();
                assertEquals(expected.size(), queue.drain(drained::add, max));
                assertEquals(expected, drained);
            }
            assertEquals(model.size(), queue.size());
            assertEquals(model.isEmpty(), queue.isEmpty());
        }
        assertEquals(capacity, queue.capacity());
    }

    /**
     * As {@link #behavesAsABoundedFifo}, with claims: 0 to 300 offers that number; 301 to 600 claims
     * a slot, then fills it with that number; 601 to 700 claims and cancels. A claim is refused
     * exactly when an offer would be; a cancelled claim holds its place until the consumer passes it,
     * and is never taken.
     */
    @Property(tries = 1000)
    void aClaimIsFilledOrCancelledInItsPlace(@ForAll @IntRange(min = 1, max = 40) int capacity,
                                             @ForAll @Size(max = 400) List<@IntRange(min = -600, max = 700) Integer> steps) {
        final Integer cancelled = -1;
        BoundedQueue<Integer> queue = new BoundedQueue<>(capacity);
        ArrayDeque<Integer> model = new ArrayDeque<>();
        for (int step : steps) {
            boolean room = model.size() < capacity;
            if (step >= 0 && step <= 300) {
                assertEquals(room, queue.offer(step));
            } else if (step > 300) {
                long claim = queue.claim();
                assertEquals(room, claim >= 0, "claim with " + model.size() + " of " + capacity + " waiting");
                if (claim >= 0 && step <= 600) {
                    queue.fill(claim, step);
                } else if (claim >= 0) {
                    queue.cancel(claim);
                }
            }
            if (step >= 0) {
                if (room) {
                    model.add(step > 600 ? cancelled : step);
                }
            } else if (step >= -300) {
                Integer expected = null;
                while (expected == null && !model.isEmpty()) {
                    Integer next = model.poll();
                    expected = next == cancelled ? null : next;
                }
                assertEquals(expected, queue.poll());
            } else {
                int max = -step % 8;
                List<Integer> expected = new ArrayList<>();
                while (expected.size() < max && !model.isEmpty()) {
                    Integer next = model.poll();
                    if (next != cancelled) {
                        expected.add(next);
                    }
                }
                List<Integer> drained = new ArrayList<>();
                assertEquals(expected.size(), queue.drain(drained::add, max));
                assertEquals(expected, drained);
            }
            assertEquals(model.size(), queue.size());
            assertEquals(model.isEmpty(), queue.isEmpty());
        }
    }

    @Example
    void aCapacityOutOfRangeIsRefusedByName() {
        for (int capacity : new int[] {0, -1, BoundedQueue.MAX_CAPACITY + 1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BoundedQueue<String>(capacity));
            assertEquals("queue capacity must be from 1 to 1073741824, was " + capacity, e.getMessage());
        }
    }

    @Example
    void aNullItemIsRefused() {
        BoundedQueue<String> queue = new BoundedQueue<>(4);
        assertThrows(NullPointerException.class, () -> queue.offer(null));
        assertEquals(0, queue.size());
    }
}
