package dev.monitor.core.alarms;

import dev.monitor.api.metrics.Dimension;
import java.util.List;
import java.util.Objects;

/**
 * One metric's statistic over a period, as in a {@code MetricDataQuery}'s {@code MetricStat}.
 *
 * @param namespace     the metric's namespace
 * @param metricName    its name
 * @param dimensions    exactly its dimensions, in any order
 * @param periodSeconds 10, 20, 30 or a multiple of 60
 * @param stat          the statistic of each period
 */
public record MetricStat(String namespace, String metricName, List<Dimension> dimensions, int periodSeconds,
                         Statistic stat) {

    public MetricStat {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(metricName, "metricName");
        Objects.requireNonNull(stat, "stat");
        dimensions = dimensions.stream().sorted(java.util.Comparator.comparing(Dimension::name)).toList();
    }
}
