package dev.monitor.api;

import dev.monitor.api.logs.Logs;
import dev.monitor.api.metrics.Metrics;

/**
 * What a library instruments itself against: the capabilities of a monitor, without the runtime.
 *
 * <p>An application builds a {@code dev.monitor.core.Monitor} (which implements this interface)
 * and hands it to the libraries it uses. A library that is given nothing uses {@link #noop()},
 * whose every call is a cheap no-op, so it never needs the runtime on its classpath.
 *
 * <p>Implementations are thread-safe.
 */
public interface Telemetry {

    /** The metrics capability: counters, gauges, timers and distributions. */
    Metrics metrics();

    /** The logs capability: structured loggers. */
    default Logs logs() {
        return Logs.noop();
    }

    /** The tracing capability: segments and subsegments; a no-op unless a tracing module is present. */
    default dev.monitor.api.trace.Tracer tracer() {
        return dev.monitor.api.trace.Tracer.noop();
    }

    /**
     * The audit trail: CloudTrail records of the library's own API calls in the monitor's trail.
     * A no-op (the work runs, nothing is recorded) unless the monitor gives its trail.
     */
    default dev.monitor.api.audit.AuditTrail audit() {
        return dev.monitor.api.audit.AuditTrail.noop();
    }

    /**
     * The event buses: puts the application's events, EventBridge style. A no-op (each entry is
     * checked and answered, nothing is kept) unless the monitor gives its buses.
     */
    default dev.monitor.api.events.Events events() {
        return dev.monitor.api.events.Events.noop();
    }

    /** A telemetry whose instruments record nothing; calls cost a virtual call and nothing else. */
    static Telemetry noop() {
        return NoopTelemetry.INSTANCE;
    }
}
