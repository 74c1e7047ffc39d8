package dev.monitor.core.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Double-buffered recording state, striped across threads so that concurrent writers rarely share
 * a cache line, and so that no single atomic counter is shared by all writers (which is what makes
 * a shared HdrHistogram {@code Recorder} slow at two threads).
 *
 * <p>Each stripe holds an active buffer that writers fill and a spare that the collector reads.
 * A writer takes its stripe with one uncontended compare-and-set; if another thread holds it, the
 * writer tries the other stripes, and the stripe array grows (up to twice the processor count)
 * so that contention goes away. The collector takes each stripe only long enough to swap its two
 * buffers, then reads the old active buffer while writers fill the new one.
 *
 * @param <B> the buffer type; accessed only by the thread that holds its stripe
 */
final class Stripes<B> {
    private static final int MAX_STRIPES =
            Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors()) * 4 - 1);
    private static final VarHandle BUSY;

    static {
        try {
            BUSY = MethodHandles.lookup().findVarHandle(Stripe.class, "busy", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One stripe. The padding keeps two stripes' lock words off one cache line. */
    @SuppressWarnings("unused")
    static final class Stripe<B> {
        long p1, p2, p3, p4, p5, p6, p7;
        volatile int busy;
        B active;
        B spare;
        long q1, q2, q3, q4, q5, q6, q7;

        Stripe(B active, B spare) {
            this.active = active;
            this.spare = spare;
        }
    }

    private final Supplier<B> newBuffer;
    private volatile Stripe<B>[] stripes;

    Stripes(Supplier<B> newBuffer) {
        this.newBuffer = newBuffer;
        this.stripes = newArray(1);
        stripes[0] = new Stripe<>(newBuffer.get(), newBuffer.get());
    }

    /** Takes a stripe for the calling thread; the caller must {@link #release} it. */
    Stripe<B> acquire() {
        Stripe<B>[] current = stripes;
        Stripe<B> stripe = current[(int) Thread.currentThread().getId() & (current.length - 1)];
        if (BUSY.compareAndSet(stripe, 0, 1)) {
            return stripe;
        }
        return acquireContended(current);
    }

    void release(Stripe<B> stripe) {
        BUSY.setRelease(stripe, 0);
    }

    private Stripe<B> acquireContended(Stripe<B>[] seen) {
        if (seen.length < MAX_STRIPES) {
            grow(seen);
        }
        int start = (int) Thread.currentThread().getId();
        while (true) {
            Stripe<B>[] current = stripes;
            for (int i = 0; i < current.length; i++) {
                Stripe<B> stripe = current[(start + i) & (current.length - 1)];
                if (BUSY.compareAndSet(stripe, 0, 1)) {
                    return stripe;
                }
            }
            Thread.onSpinWait();
        }
    }

    private synchronized void grow(Stripe<B>[] seen) {
        if (stripes != seen) {
            return;
        }
        Stripe<B>[] grown = newArray(seen.length * 2);
        System.arraycopy(seen, 0, grown, 0, seen.length);
        for (int i = seen.length; i < grown.length; i++) {
            grown[i] = new Stripe<>(newBuffer.get(), newBuffer.get());
        }
        stripes = grown;
    }

    /**
     * Swaps every stripe's buffers and hands each filled buffer to {@code reader}, which must leave
     * it empty. Called by one thread at a time (the collector).
     */
    void drain(Consumer<B> reader) {
        for (Stripe<B> stripe : stripes) {
            while (!BUSY.compareAndSet(stripe, 0, 1)) {
                Thread.onSpinWait();
            }
            B filled = stripe.active;
            stripe.active = stripe.spare;
            stripe.spare = filled;
            release(stripe);
            reader.accept(filled);
        }
    }

    @SuppressWarnings("unchecked")
    private static <B> Stripe<B>[] newArray(int length) {
        return (Stripe<B>[]) new Stripe<?>[length];
    }
}
