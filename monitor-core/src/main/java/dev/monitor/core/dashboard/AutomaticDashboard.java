package dev.monitor.core.dashboard;

/**
 * One automatic dashboard: the metrics of one namespace (or Monitor's built-in JVM and process metrics),
 * a graph per metric name with a line per dimension set.
 *
 * @param name      a valid dashboard name for it, such as {@code Shop_Orders} or {@code Application-JVM}
 * @param namespace the namespace its metrics are in
 * @param section   which group of dashboards it belongs to
 * @param body      its widgets
 */
public record AutomaticDashboard(String name, String namespace, Section section, DashboardBody body) {
    /** The groups of automatic dashboards, in the order they are listed. */
    public enum Section {
        /** The application's own metrics. */
        APPLICATION,
        /** Monitor's self metrics, namespace {@code Monitor}. */
        MONITOR,
        /** The built-in JVM and process metrics ({@code JvmHeapUsed}, {@code CPUUtilization}, ...). */
        BUILT_IN
    }
}
