package dev.monitor.api.metrics;

/**
 * A count of things that happened, reported per period as the number that happened in it.
 *
 * <p>Thread-safe. {@link #increment()} costs about as much as a {@code LongAdder} increment, never
 * allocates, and never throws.
 */
public interface Counter {

    /** Adds one. */
    void increment();

    /**
     * Adds {@code amount}. A negative, NaN or infinite amount is not recorded; it is counted in the
     * monitor's {@code InvalidValues} metric.
     */
    void increment(double amount);
}
