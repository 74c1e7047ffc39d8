package dev.monitor.api.metrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Latencies. Each period reports SampleCount, Sum, Minimum, Maximum, Average and any percentile,
 * in the timer's unit (milliseconds unless set otherwise).
 *
 * <p>Thread-safe. A recording call is wait-free for the caller in the common case, allocates
 * nothing in steady state, and never throws: a negative duration is counted as invalid.
 */
public interface Timer {

    /** Records a duration given in nanoseconds. */
    void recordNanos(long nanos);

    /** Records a duration. */
    default void record(Duration duration) {
        recordNanos(duration.toNanos());
    }

    /** Records a duration of {@code amount} in {@code unit}. */
    default void record(long amount, TimeUnit unit) {
        recordNanos(unit.toNanos(amount));
    }

    /** Runs {@code work} and records how long it took, also when it throws. */
    default void time(Runnable work) {
        long start = System.nanoTime();
        try {
            work.run();
        } finally {
            recordNanos(System.nanoTime() - start);
        }
    }

    /** Calls {@code work}, records how long it took (also when it throws) and returns its result. */
    default <T> T time(Supplier<T> work) {
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            recordNanos(System.nanoTime() - start);
        }
    }
}
