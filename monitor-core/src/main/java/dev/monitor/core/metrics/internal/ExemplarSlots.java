package dev.monitor.core.metrics.internal;

import dev.monitor.api.context.Context;
import dev.monitor.core.metrics.Exemplar;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One series' latest traced recording per bucket: the trace id is read from the thread's current
 * {@link Context} when the value is recorded. An untraced recording costs a thread-local read; a
 * traced one a bucket search and a clock read, and a new {@link Exemplar} only when its bucket's was
 * made more than {@link #REFRESH_MILLIS} before, so that a hot series allocates a handful of objects
 * a second rather than one per call. Thread-safe: slots are replaced whole, never torn.
 */
final class ExemplarSlots {
    /** How long an exemplar stands before a newer traced recording in its bucket replaces it. */
    static final long REFRESH_MILLIS = 1000;

    /** Upper bounds (inclusive) in the series' unit; the last slot takes what is above them. */
    private final double[] bounds;
    private final AtomicReferenceArray<Exemplar> slots;
    private final Clock clock;

    ExemplarSlots(double[] bounds, Clock clock) {
        this.bounds = bounds.clone();
        this.slots = new AtomicReferenceArray<>(bounds.length + 1);
        this.clock = clock;
    }

    void offer(double value) {
        String traceId = Context.current().traceId();
        if (traceId == null) {
            return;
        }
        int slot = slot(value);
        Exemplar last = slots.get(slot);
        long now = clock.millis();
        if (last == null || now - last.epochMillis() >= REFRESH_MILLIS || now < last.epochMillis()) {
            slots.set(slot, new Exemplar(value, traceId, now));
        }
    }

    /** The first bucket whose upper bound is at least {@code value}: Prometheus' {@code le}. */
    private int slot(double value) {
        // the bounds ascend without repeats: a hit is its own bucket, a miss lands at the first bound above it
        int found = Arrays.binarySearch(bounds, value);
        return found >= 0 ? found : -found - 1;
    }

    /** The slots' exemplars, null where none was recorded. */
    Exemplar[] snapshot() {
        Exemplar[] copy = new Exemplar[slots.length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = slots.get(i);
        }
        return copy;
    }
}
