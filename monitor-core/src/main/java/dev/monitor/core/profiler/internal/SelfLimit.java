package dev.monitor.core.profiler.internal;

import java.time.Duration;

/**
 * The profiler's CPU budget: given its threads' CPU time, the process's and the wall time of the same span, decides
 * whether to sample less often, pause, speed up again or resume. The share is of the process's CPU, counted as at
 * least one core's time: JFR's sampler costs about the same whether the application is busy or nearly idle, and in a
 * nearly idle process a share of its little CPU would pause the profiler although it takes almost nothing from the
 * application (CodeGuru Profiler's open-source Python agent, too, measures its sampling cost against wall time). Pure
 * arithmetic, so that each step is testable; not thread-safe (the profiler's thread calls it).
 */
final class SelfLimit {
    enum Action { NONE, SLOW_DOWN, SPEED_UP, PAUSE, RESUME }

    static final Duration LONGEST = Duration.ofSeconds(1);
    private final double budget;
    private final Duration configured;
    private final int pauseChecks;
    private Duration period;
    private boolean paused;
    private int pausedFor;
    private double lastShare;

    /** @param pauseChecks how many checks a pause lasts */
    SelfLimit(double budget, Duration configured, int pauseChecks) {
        this.budget = budget;
        this.configured = configured;
        this.period = configured;
        this.pauseChecks = pauseChecks;
    }

    /** @param wallNanos the span's length: the share is of {@code processNanos}, or of this when the process used less */
    Action check(long ownNanos, long processNanos, long wallNanos) {
        if (paused) {
            if (++pausedFor < pauseChecks) {
                return Action.NONE;
            }
            // back at a slower rate than before the pause, so that it does not pause again at once
            paused = false;
            period = longer(period);
            return Action.RESUME;
        }
        long spent = Math.max(processNanos, wallNanos);
        lastShare = spent <= 0 ? 0 : Math.max(0, ownNanos) / (double) spent;
        if (lastShare > 2 * budget || (lastShare > budget && period.compareTo(LONGEST) >= 0)) {
            paused = true;
            pausedFor = 0;
            return Action.PAUSE;
        }
        if (lastShare > budget) {
            period = longer(period);
            return Action.SLOW_DOWN;
        }
        if (lastShare < budget / 4 && period.compareTo(configured) > 0) {
            Duration half = period.dividedBy(2);
            period = half.compareTo(configured) < 0 ? configured : half;
            return Action.SPEED_UP;
        }
        return Action.NONE;
    }

    private static Duration longer(Duration period) {
        Duration doubled = period.multipliedBy(2);
        return doubled.compareTo(LONGEST) > 0 ? LONGEST : doubled;
    }

    Duration period() {
        return period;
    }

    boolean paused() {
        return paused;
    }

    double lastShare() {
        return lastShare;
    }
}
