package dev.monitor.api.metrics;

/**
 * Any measured values, such as sizes or amounts. Each period reports SampleCount, Sum, Minimum,
 * Maximum, Average and any percentile.
 *
 * <p>Thread-safe. {@link #record(double)} allocates nothing in steady state and never throws:
 * values CloudWatch would reject (NaN, infinities, magnitudes beyond 2^360 or below 2^-360 other
 * than zero) are counted as invalid and dropped.
 */
public interface Distribution {

    /** Records one value. */
    void record(double value);
}
