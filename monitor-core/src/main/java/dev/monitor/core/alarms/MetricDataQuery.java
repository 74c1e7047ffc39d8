package dev.monitor.core.alarms;

import java.util.Objects;

/**
 * One entry of a metric-math alarm's {@code Metrics}: either a metric ({@code MetricStat}) or a
 * math {@code Expression} over the other entries' ids.
 *
 * @param id         starts with a lower-case letter; letters, digits and underscores
 * @param metricStat the metric, or null for an expression
 * @param expression the expression, or null for a metric
 * @param label      a label for humans; may be null
 * @param returnData whether this is the series the alarm compares (exactly one is, or two with a band)
 */
public record MetricDataQuery(String id, MetricStat metricStat, String expression, String label, boolean returnData) {

    public MetricDataQuery {
        Objects.requireNonNull(id, "id");
    }

    public static MetricDataQuery metric(String id, MetricStat metricStat, boolean returnData) {
        return new MetricDataQuery(id, Objects.requireNonNull(metricStat, "metricStat"), null, null, returnData);
    }

    public static MetricDataQuery expression(String id, String expression, boolean returnData) {
        return new MetricDataQuery(id, null, Objects.requireNonNull(expression, "expression"), null, returnData);
    }
}
