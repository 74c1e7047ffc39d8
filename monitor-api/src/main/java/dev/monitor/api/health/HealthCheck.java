package dev.monitor.api.health;

/**
 * One health check: asks one thing (a database answers, a queue is not full) and says how it is.
 * A monitor runs it on its own threads on its interval, never on a request; one that throws is
 * DOWN with the exception as its reason, one that takes longer than its timeout is DOWN too.
 */
@FunctionalInterface
public interface HealthCheck {
    /** Runs the check; may block up to the check's timeout. */
    HealthResult check() throws Exception;
}
