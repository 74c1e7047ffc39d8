package dev.monitor.core.metrics;

/**
 * A recent recording made inside a trace, kept beside a metric so that a backend can link the metric
 * to the trace (Prometheus' exemplars).
 *
 * @param value       the value recorded, in the metric's unit (a timer's duration in its unit)
 * @param traceId     the trace's id as the tracer writes it, such as {@code 1-5759e988-bd862e3fe1be46a994272793}
 * @param epochMillis when it was recorded, by the monitor's clock
 */
public record Exemplar(double value, String traceId, long epochMillis) {
}
