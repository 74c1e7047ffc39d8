package dev.monitor.core.metrics;

import java.time.Instant;
import java.util.Objects;

/**
 * One metric's statistics over one period, as exporters receive them.
 *
 * @param metric      the metric
 * @param timestamp   the start of the period
 * @param sampleCount how many values were recorded (1 for counters and gauges)
 * @param sum         their sum (a counter's increase in the period)
 * @param minimum     the least value, exact
 * @param maximum     the greatest value, exact
 * @param values      the distribution of the values, from which percentiles are computed
 */
public record Datapoint(MetricId metric, Instant timestamp, long sampleCount, double sum,
                        double minimum, double maximum, Values values) {

    public Datapoint {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(values, "values");
    }

    /** A datapoint of one value, as counters and gauges produce. */
    public static Datapoint single(MetricId metric, Instant timestamp, double value) {
        return new Datapoint(metric, timestamp, 1, value, value, value, Values.single(value));
    }

    /** Sum divided by SampleCount. */
    public double average() {
        return sum / sampleCount;
    }
}
