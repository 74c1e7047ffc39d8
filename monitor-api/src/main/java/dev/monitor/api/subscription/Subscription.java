package dev.monitor.api.subscription;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A handle on something registered to be called back (an observed gauge or counter, a listener);
 * closing it removes the registration. Closing twice is harmless, and {@link #close()} throws
 * nothing, so it fits a try-with-resources without a catch.
 */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

    /** Removes the registration; later calls do nothing. */
    @Override
    void close();

    /** A handle that runs {@code remove} on its first {@link #close()} and never again. */
    static Subscription of(Runnable remove) {
        Objects.requireNonNull(remove, "remove");
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                remove.run();
            }
        };
    }

    /** A handle with nothing to remove. */
    static Subscription none() {
        return () -> {
        };
    }
}
