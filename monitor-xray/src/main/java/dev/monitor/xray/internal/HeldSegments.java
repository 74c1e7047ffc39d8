package dev.monitor.xray.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Segments that ended while subsegments of theirs were still open (asynchronous work), waiting
 * for them: a segment is sent when its last subsegment ends. Memory and delay stay bounded by
 * X-Ray's in-progress rule: past {@code max} waiting segments, or after {@code maxHoldMillis} of
 * the tracer's clock, a segment is sent now with its open subsegments {@code in_progress}, and
 * again whole, with the same id, when they end. Thread-safe: the application's threads hold and
 * release under the segment's lock; the emitter thread takes the overdue ones.
 */
final class HeldSegments {
    private final Set<Entity> held = ConcurrentHashMap.newKeySet();
    private final int max;
    private final long maxHoldMillis;

    HeldSegments(int max, long maxHoldMillis) {
        this.max = max;
        this.maxHoldMillis = maxHoldMillis;
    }

    /**
     * Holds {@code root}, which ended with subsegments open; called under its lock. False when
     * {@code max} are held already: then it goes out now, in progress.
     */
    boolean hold(Entity root, long nowMillis) {
        if (held.size() >= max) {
            return false;
        }
        root.held = true;
        root.heldAtMillis = nowMillis;
        held.add(root);
        return true;
    }

    /** Called under {@code root}'s lock when its last open entity ended: it is sent, held no longer. */
    void release(Entity root) {
        if (root.held) {
            root.held = false;
            held.remove(root);
        }
    }

    /**
     * Hands to {@code send} the segments held longer than {@code maxHoldMillis}, held no longer: the
     * end of their last subsegment sends them again whole. On the emitter thread.
     */
    void takeOverdue(long nowMillis, Consumer<Entity> send) {
        if (held.isEmpty()) {
            return;
        }
        for (Entity root : held) {
            if (nowMillis - root.heldAtMillis < maxHoldMillis) {
                continue;
            }
            root.lock();
            try {
                if (!root.held) {
                    continue;
                }
                root.held = false;
            } finally {
                root.unlock();
            }
            held.remove(root);
            send.accept(root);
        }
    }

    /**
     * At close: every segment still held, held no longer and marked so that no later end sends it
     * again; they are sent as they are, the open subsegments {@code in_progress}, rather than lost.
     */
    List<Entity> takeAll() {
        List<Entity> taken = new ArrayList<>();
        for (Entity root : held) {
            root.lock();
            try {
                if (!root.held) {
                    continue;
                }
                root.held = false;
                root.openEntities = Integer.MIN_VALUE / 2; // no later end sends it again
            } finally {
                root.unlock();
            }
            held.remove(root);
            taken.add(root);
        }
        return taken;
    }
}
