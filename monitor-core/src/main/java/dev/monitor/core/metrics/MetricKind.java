package dev.monitor.core.metrics;

/**
 * The instrument a metric was registered as: what an exporter to a typed format (OTLP's Sum,
 * Gauge and histograms; Prometheus' TYPE) needs and a {@link Datapoint} alone does not say, as a
 * counter's and a gauge's datapoints look alike.
 */
public enum MetricKind {
    /** Counts up; each datapoint's sum is the period's increase. */
    COUNTER,
    /** The last value set. */
    GAUGE,
    /** Durations, with their distribution. */
    TIMER,
    /** Values, with their distribution. */
    DISTRIBUTION,
    /** Not registered in this monitor (a datapoint read back from a file, or made by a test). */
    UNKNOWN
}
