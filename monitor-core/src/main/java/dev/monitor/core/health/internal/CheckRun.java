package dev.monitor.core.health.internal;

import dev.monitor.api.health.HealthCheck;
import dev.monitor.api.health.HealthResult;
import dev.monitor.api.health.Status;
import dev.monitor.api.metrics.Gauge;
import dev.monitor.core.health.CheckOptions;
import dev.monitor.core.health.CheckStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * One registered check and where its runs are: when it is next due, the run in progress, its last
 * state. Guarded by the engine's lock.
 */
final class CheckRun {
    final String name;
    final CheckOptions options;
    final HealthCheck check;
    final Instant registered;
    final Gauge gauge;
    Instant nextRun;
    /** The run in progress, and when it was handed to a worker; null when none. */
    Future<?> running;
    Instant startedAt;
    /** Counts runs, so that a run that timed out and answers later is told apart from the current one. */
    long generation;
    /** A run that timed out and still holds its worker: no new run starts until it ends. */
    Future<?> abandoned;
    CheckStatus state;

    CheckRun(String name, CheckOptions options, HealthCheck check, Instant now, Gauge gauge) {
        this.name = name;
        this.options = options;
        this.check = check;
        this.registered = now;
        this.gauge = gauge;
        this.nextRun = now;
        this.state = new CheckStatus(name, component(), options.groups(), Status.UNKNOWN, "not run yet", Map.of(), now, null);
    }

    String component() {
        return options.component() != null ? options.component() : name;
    }

    boolean due(Instant now) {
        return running == null && (abandoned == null || abandoned.isDone()) && !now.isBefore(nextRun);
    }

    boolean overdue(Instant now) {
        return running != null && !running.isDone() && Duration.between(startedAt, now).compareTo(options.timeout()) > 0;
    }

    /**
     * Takes {@code result} as the check's state at {@code now}; within the grace period a result that
     * is not UP leaves the check UNKNOWN.
     *
     * @return whether the status changed
     */
    boolean apply(HealthResult result, Instant now) {
        Status status = result.status();
        String reason = result.reason();
        if (status != Status.UP && now.isBefore(registered.plus(options.gracePeriod()))) {
            reason = "in its grace period until " + registered.plus(options.gracePeriod()) + ": " + status
                    + (reason == null ? "" : ", " + reason);
            status = Status.UNKNOWN;
        }
        boolean changed = status != state.status();
        Instant since = changed ? now : state.since();
        state = new CheckStatus(name, component(), options.groups(), status, reason, result.details(), since, now);
        gauge.set(status.severity());
        return changed;
    }
}
