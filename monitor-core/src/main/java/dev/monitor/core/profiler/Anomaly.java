package dev.monitor.core.profiler;

import java.time.Instant;
import java.util.Objects;

/**
 * A function whose share of the profile departed from its baseline over the recent intervals (a robust z-score of at
 * least the configured limit).
 *
 * @param function      the frame, such as {@code com.shop.Checkout.pay}
 * @param kind          the profile: cpu or alloc
 * @param expectedShare the baseline: the median of its share in the recent intervals
 * @param observedShare its share in the interval [start, end)
 * @param start         the interval's start
 * @param end           the interval's end
 */
public record Anomaly(String function, ProfileKind kind, double expectedShare, double observedShare, Instant start, Instant end) {
    public Anomaly {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }
}
