package dev.monitor.core.trace;

/**
 * The settings of the monitor's tracer, as {@code Monitor.Builder.traces(...)} takes them. Each
 * tracer module has its own type with a builder (monitor-xray's {@code XRaySettings}), which its
 * tracer provider also reads from the configuration's {@code traces:} section and takes
 * back at start. Implementations are immutable values.
 */
public interface TraceSettings {
}
