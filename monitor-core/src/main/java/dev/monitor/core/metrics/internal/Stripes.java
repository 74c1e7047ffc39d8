package dev.monitor.core.metrics.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
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
final class Stripes<B> extends StripesFields<B> {
    private static final int MAX_STRIPES =
            Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors()) * 4 - 1);
    private static final VarHandle BUSY;

    static {
        try {
            BUSY = MethodHandles.lookup().findVarHandle(StripeFields.class, "busy", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Empty slots before and after the stripes in their array, so that the slots writers read on
     * every call never share a cache line with objects allocated next to the array.
     */
    private static final int ARRAY_PAD = 16;

    /** Cache-line padding laid out before a stripe's fields (HotSpot places superclass fields first). */
    @SuppressWarnings("unused")
    abstract static class PadBefore {
        long p1, p2, p3, p4, p5, p6, p7, p8;
    }

    /** The fields of a stripe: written by its writers, so kept off other stripes' cache lines. */
    abstract static class StripeFields<B> extends PadBefore {
        volatile int busy;
        B active;
        B spare;
    }

    /** One stripe, padded on both sides so two stripes never share a cache line. */
    @SuppressWarnings("unused")
    static final class Stripe<B> extends StripeFields<B> {
        long q1, q2, q3, q4, q5, q6, q7, q8;

        Stripe(B active, B spare) {
            this.active = active;
            this.spare = spare;
        }
    }

    @SuppressWarnings("unused")
    private long q1, q2, q3, q4, q5, q6, q7, q8;

    Stripes(Supplier<B> newBuffer) {
        this.newBuffer = newBuffer;
        this.stripes = padded(List.of(new Stripe<>(newBuffer.get(), newBuffer.get())));
    }

    /**
     * An array holding {@code stripes} between {@link #ARRAY_PAD} empty slots on each side, made
     * after the stripes so that nothing a writer writes is allocated right after it.
     */
    private Stripe<B>[] padded(List<Stripe<B>> all) {
        Stripe<B>[] array = newArray(all.size() + 2 * ARRAY_PAD);
        for (int i = 0; i < all.size(); i++) {
            array[ARRAY_PAD + i] = all.get(i);
        }
        return array;
    }

    private Stripe<B> at(Stripe<B>[] array, int index) {
        return array[ARRAY_PAD + (index & (array.length - 2 * ARRAY_PAD - 1))];
    }

    private int count(Stripe<B>[] array) {
        return array.length - 2 * ARRAY_PAD;
    }

    /** Takes a stripe for the calling thread; the caller must {@link #release} it. */
    Stripe<B> acquire() {
        Stripe<B>[] current = stripes;
        Stripe<B> stripe = at(current, (int) Thread.currentThread().getId());
        if (BUSY.compareAndSet(stripe, 0, 1)) {
            return stripe;
        }
        return acquireContended(current);
    }

    void release(Stripe<B> stripe) {
        BUSY.setRelease(stripe, 0);
    }

    private Stripe<B> acquireContended(Stripe<B>[] seen) {
        if (count(seen) < MAX_STRIPES) {
            grow(seen);
        }
        int start = (int) Thread.currentThread().getId();
        while (true) {
            Stripe<B>[] current = stripes;
            for (int i = 0; i < count(current); i++) {
                Stripe<B> stripe = at(current, start + i);
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
        List<Stripe<B>> all = new ArrayList<>();
        for (int i = 0; i < count(seen); i++) {
            all.add(at(seen, i));
        }
        for (int i = count(seen); i < 2 * count(seen); i++) {
            all.add(new Stripe<>(newBuffer.get(), newBuffer.get()));
        }
        stripes = padded(all);
    }

    /**
     * Swaps every stripe's buffers and hands each filled buffer to {@code reader}, which must leave
     * it empty. Called by one thread at a time (the collector).
     */
    void drain(Consumer<B> reader) {
        Stripe<B>[] current = stripes;
        for (int i = 0; i < count(current); i++) {
            Stripe<B> stripe = at(current, i);
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
