package dev.monitor.api.metrics;

/**
 * A value that is set, such as a queue depth; each period reports the last value set.
 *
 * <p>Thread-safe; {@link #set(double)} is a volatile write, never allocates and never throws.
 */
public interface Gauge {

    /** Sets the current value. NaN or infinite values are not recorded but counted as invalid. */
    void set(double value);
}
