package dev.monitor.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * On one thread the hand-off behaves as an {@link ArrayDeque} that refuses items beyond the
 * capacity and, once closed, refuses every item while still giving back what it holds; its
 * waiting calls never wait past a deadline already passed.
 */
class HandOffQueueProperties {

    /**
     * Each step: 0 to 500 offers that number; 501 to 600 puts it with a deadline already passed;
     * -1 to -200 polls; -201 to -300 polls with a deadline already passed; -301 to -305 closes.
     * The accepted and taken counts follow the model, and {@code accepted - taken} is the size.
     */
    @Property(tries = 1000)
    void behavesAsABoundedFifoThatClosingStopsFilling(@ForAll @IntRange(min = 1, max = 40) int capacity,
            @ForAll @Size(max = 300) List<@IntRange(min = -305, max = 600) Integer> steps) throws InterruptedException {
        HandOffQueue<Integer> queue = new HandOffQueue<>(capacity);
        ArrayDeque<Integer> model = new ArrayDeque<>();
        boolean closed = false;
        long accepted = 0;
        long taken = 0;
        for (int step : steps) {
            long passed = System.nanoTime() - 1;
            if (step >= 0) {
                boolean room = !closed && model.size() < capacity;
                boolean added = step <= 500 ? queue.offer(step) : queue.put(step, passed);
                assertEquals(room, added, (step <= 500 ? "offer" : "put") + " with " + model.size() + " of " + capacity
                        + " waiting, closed " + closed);
                if (room) {
                    model.add(step);
                    accepted++;
                }
            } else if (step >= -300) {
                Integer expected = model.poll();
                assertEquals(expected, step >= -200 ? queue.poll() : queue.poll(passed));
                if (expected != null) {
                    taken++;
                }
            } else {
                queue.close();
                closed = true;
            }
            assertEquals(model.size(), queue.size());
            assertEquals(model.isEmpty(), queue.isEmpty());
            assertEquals(accepted, queue.accepted());
            assertEquals(taken, queue.taken());
            assertEquals(closed, queue.isClosed());
            if (closed && model.isEmpty()) {
                assertEquals(null, queue.take(), "closed and empty: take returns at once");
            }
        }
    }
}
