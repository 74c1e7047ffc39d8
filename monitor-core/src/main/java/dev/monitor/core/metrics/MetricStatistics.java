package dev.monitor.core.metrics;

import dev.monitor.api.metrics.Unit;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer to a {@link StatisticsQuery}, shaped like {@code GetMetricStatistics}'s: a label (the
 * metric name) and one datapoint per period that holds data, oldest first.
 */
public record MetricStatistics(String label, List<Point> datapoints) {

    public MetricStatistics {
        datapoints = List.copyOf(datapoints);
    }

    /**
     * One period's statistics.
     *
     * @param timestamp          the period's start
     * @param statistics         the requested statistics by name, in the order requested
     * @param extendedStatistics the requested percentiles by name ({@code p99}), in order
     * @param unit               the metric's unit
     */
    public record Point(Instant timestamp, Map<String, Double> statistics,
                        Map<String, Double> extendedStatistics, Unit unit) {
    }
}
