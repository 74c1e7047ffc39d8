package dev.monitor.core.events;

import java.time.Duration;

/**
 * How long a target's delivery is retried, as EventBridge's {@code RetryPolicy}: at most
 * {@code maximumRetryAttempts} retries (0 to 185), while the event is younger than
 * {@code maximumEventAge} (60 seconds to 24 hours). Retries wait with exponential backoff and
 * jitter. What is still not delivered then goes to the rule's dead-letter file.
 */
public record RetryPolicy(int maximumRetryAttempts, Duration maximumEventAge) {
    /** EventBridge's default: 185 retries over at most 24 hours. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(185, Duration.ofHours(24));

    public RetryPolicy {
        if (maximumRetryAttempts < 0 || maximumRetryAttempts > 185) {
            throw new IllegalArgumentException("MaximumRetryAttempts " + maximumRetryAttempts + " is out of range; allowed 0 to 185");
        }
        if (maximumEventAge == null || maximumEventAge.compareTo(Duration.ofSeconds(60)) < 0
                || maximumEventAge.compareTo(Duration.ofSeconds(86_400)) > 0) {
            throw new IllegalArgumentException("MaximumEventAgeInSeconds " + (maximumEventAge == null ? null : maximumEventAge.toSeconds())
                    + " is out of range; allowed 60 to 86400");
        }
    }

    /** The policy of {@code MaximumRetryAttempts} and {@code MaximumEventAgeInSeconds}. */
    public static RetryPolicy of(int maximumRetryAttempts, long maximumEventAgeInSeconds) {
        return new RetryPolicy(maximumRetryAttempts, Duration.ofSeconds(maximumEventAgeInSeconds));
    }
}
