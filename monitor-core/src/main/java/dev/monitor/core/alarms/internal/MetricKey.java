package dev.monitor.core.alarms.internal;

import dev.monitor.api.metrics.Dimension;
import dev.monitor.core.alarms.MetricStat;
import dev.monitor.core.metrics.MetricId;
import java.util.List;

/** A metric's identity without unit or resolution: what datapoints are matched to alarms by. */
record MetricKey(String namespace, String metricName, List<Dimension> dimensions) {

    static MetricKey of(MetricStat stat) {
        return new MetricKey(stat.namespace(), stat.metricName(), stat.dimensions());
    }

    /** {@link MetricId} sorts its dimensions by name, as {@link MetricStat} does. */
    static MetricKey of(MetricId metric) {
        return new MetricKey(metric.namespace(), metric.name(), metric.dimensions());
    }
}
