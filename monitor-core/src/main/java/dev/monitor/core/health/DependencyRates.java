package dev.monitor.core.health;

import java.time.Instant;
import java.util.List;

/**
 * What a tracer knows about the dependencies the application calls: for a monitor's health, the
 * fault and throttle rates that turn a dependency DEGRADED. A tracer that implements this (the
 * X-Ray tracer of {@code monitor-xray} does, from its service graph) is asked every health tick.
 */
public interface DependencyRates {
    /**
     * The calls made to each dependency between {@code start} and {@code end}.
     *
     * @param name      the dependency as the service map names it (a traced service or an inferred remote node)
     * @param callers   the services that called it
     * @param total     calls answered
     * @param faults    calls that failed on the dependency's side (5xx, X-Ray's {@code fault})
     * @param throttles calls throttled (429, X-Ray's {@code throttle})
     */
    record Calls(String name, List<String> callers, long total, long faults, long throttles) {
        public Calls {
            callers = List.copyOf(callers);
        }
    }

    List<Calls> dependencies(Instant start, Instant end);
}
