package dev.monitor.core.metrics;

import java.util.List;
import java.util.Objects;

/**
 * One metric a monitor holds in memory, with its recent datapoints oldest first: what a console
 * lists and graphs without reading files.
 *
 * @param metric     the metric
 * @param origin     whose metric it is, for listing the application's own first
 * @param counter    whether it counts (its Sum is what a reader wants) rather than measures (its Average)
 * @param datapoints its datapoints held in memory, oldest first; never empty
 */
public record RecentMetric(MetricId metric, Origin origin, boolean counter, List<Datapoint> datapoints) {

    /** Whose metric it is, in the order a reader wants them listed. */
    public enum Origin {
        /** The application's own, in any namespace but Monitor's and AWS's. */
        APPLICATION,
        /** What Monitor's capabilities publish as the AWS service they imitate would, in an {@code AWS/} namespace ({@code AWS/Events}). */
        SERVICE,
        /** A built-in JVM or process metric. */
        BUILTIN,
        /** Monitor's own, in the {@code Monitor} namespace. */
        MONITOR
    }

    public RecentMetric {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(origin, "origin");
        datapoints = List.copyOf(datapoints);
    }

    /** The newest datapoint. */
    public Datapoint latest() {
        return datapoints.get(datapoints.size() - 1);
    }
}
