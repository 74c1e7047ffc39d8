package dev.monitor.core.dashboard.internal;

import dev.monitor.core.dashboard.AutomaticDashboard;
import dev.monitor.core.dashboard.DashboardBody;
import dev.monitor.core.dashboard.MetricRow;
import dev.monitor.core.dashboard.MetricWidget;
import dev.monitor.core.dashboard.Placement;
import dev.monitor.core.dashboard.RenderOptions;
import dev.monitor.core.dashboard.TextWidget;
import dev.monitor.core.dashboard.Widget;
import dev.monitor.core.metrics.MetricId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Builds a dashboard per namespace from the metrics known, as CloudWatch's automatic dashboards do for
 * each service: a heading, then one graph per metric name (three to a row) with a line per dimension set.
 * The application's namespaces come first (its own namespace before the others), then Monitor's self
 * metrics, then the built-in JVM and process metrics, which live in the application's namespace and are
 * told apart by name. A pure function of its arguments.
 */
public final class AutomaticDashboards {
    /** The self metrics' namespace. */
    static final String MONITOR_NAMESPACE = "Monitor";
    /** Graphs per row, and their size. */
    static final int PER_ROW = 3;
    static final int GRAPH_WIDTH = Placement.COLUMNS / PER_ROW;
    static final int GRAPH_HEIGHT = 6;
    /** Lines per graph: beyond it a graph is unreadable; the title says how many were left out. */
    static final int MAX_LINES = 10;
    /** The period of the graphs: a minute, so that a monitor's recent minutes show. */
    static final int PERIOD = 60;

    private AutomaticDashboards() {
    }

    /**
     * @param metrics           every metric known (namespace, name, dimensions); repeats are ignored
     * @param counters          which of them are counters (graphed as Sum; the others as Average)
     * @param appNamespace      the application's own namespace
     * @param builtinNames      the names of the built-in JVM and process metrics in {@code appNamespace}
     */
    public static List<AutomaticDashboard> build(Collection<MetricId> metrics, Predicate<MetricId> counters, String appNamespace,
                                                 Set<String> builtinNames) {
        // namespace -> metric name -> dimension sets (sorted for a stable page)
        Map<String, Map<String, List<MetricId>>> application = new TreeMap<>();
        Map<String, List<MetricId>> self = new TreeMap<>();
        Map<String, List<MetricId>> builtin = new TreeMap<>();
        for (MetricId id : metrics) {
            Map<String, List<MetricId>> into;
            if (id.namespace().equals(MONITOR_NAMESPACE)) {
                into = self;
            } else if (id.namespace().equals(appNamespace) && builtinNames.contains(id.name())) {
                into = builtin;
            } else {
                into = application.computeIfAbsent(id.namespace(), n -> new TreeMap<>());
            }
            List<MetricId> sets = into.computeIfAbsent(id.name(), n -> new ArrayList<>());
            if (sets.stream().noneMatch(known -> known.dimensions().equals(id.dimensions()))) {
                sets.add(id);
            }
        }
        List<AutomaticDashboard> dashboards = new ArrayList<>();
        Set<String> taken = new java.util.HashSet<>();
        Map<String, List<MetricId>> own = application.remove(appNamespace);
        if (own != null) {
            dashboards.add(dashboard(appNamespace, unique(name(appNamespace), taken), AutomaticDashboard.Section.APPLICATION, own, counters));
        }
        application.forEach((namespace, byName) ->
                dashboards.add(dashboard(namespace, unique(name(namespace), taken), AutomaticDashboard.Section.APPLICATION, byName, counters)));
        if (!self.isEmpty()) {
            dashboards.add(dashboard(MONITOR_NAMESPACE, unique(MONITOR_NAMESPACE, taken), AutomaticDashboard.Section.MONITOR, self, counters));
        }
        if (!builtin.isEmpty()) {
            dashboards.add(dashboard(appNamespace, unique(name(appNamespace) + "-JVM", taken), AutomaticDashboard.Section.BUILT_IN, builtin, counters));
        }
        return dashboards;
    }

    /** {@code name}, or it with {@code -2}, {@code -3}, ... when another dashboard has it ({@code a/b} and {@code a_b} both make {@code a_b}). */
    private static String unique(String name, Set<String> taken) {
        String candidate = name;
        for (int n = 2; !taken.add(candidate); n++) {
            candidate = name + "-" + n;
        }
        return candidate;
    }

    /** A valid dashboard name for a namespace: every character CloudWatch does not allow in one becomes {@code _}. */
    static String name(String namespace) {
        String name = namespace.replaceAll("[^A-Za-z0-9_-]", "_");
        return name.length() > 200 ? name.substring(0, 200) : name;
    }

    private static AutomaticDashboard dashboard(String namespace, String name, AutomaticDashboard.Section section,
                                                Map<String, List<MetricId>> byName, Predicate<MetricId> counters) {
        List<Widget> widgets = new ArrayList<>();
        int shown = Math.min(byName.size(), DashboardBody.MAX_WIDGETS - 1);
        String heading = switch (section) {
            case APPLICATION -> "# " + namespace;
            case MONITOR -> "# Monitor\nMonitor's own metrics: what it dropped, exported and counted.";
            case BUILT_IN -> "# JVM and process\nThe built-in metrics of this JVM, in namespace " + namespace + ".";
        };
        if (shown < byName.size()) {
            heading += "\n" + (byName.size() - shown) + " more metrics are not shown: a dashboard holds at most "
                    + DashboardBody.MAX_WIDGETS + " widgets.";
        }
        widgets.add(new TextWidget(new Placement(0, 0, Placement.COLUMNS, 2), heading, true));
        int i = 0;
        for (Map.Entry<String, List<MetricId>> metric : byName.entrySet()) {
            if (i == shown) {
                break;
            }
            List<MetricId> sets = new ArrayList<>(metric.getValue());
            sets.sort(Comparator.comparing(id -> id.dimensions().toString()));
            List<MetricRow> rows = new ArrayList<>();
            for (MetricId id : sets.subList(0, Math.min(MAX_LINES, sets.size()))) {
                rows.add(new MetricRow.Metric(id.namespace(), id.name(), id.dimensions(), RenderOptions.NONE));
            }
            String title = metric.getKey() + (sets.size() > MAX_LINES ? " (" + MAX_LINES + " of " + sets.size() + " dimension sets)" : "");
            String stat = counters.test(sets.get(0)) ? "Sum" : "Average";
            Placement placement = new Placement((i % PER_ROW) * GRAPH_WIDTH, 2 + (i / PER_ROW) * GRAPH_HEIGHT, GRAPH_WIDTH, GRAPH_HEIGHT);
            widgets.add(new MetricWidget(placement, rows, title, MetricWidget.View.TIME_SERIES, false, stat, PERIOD, null, null,
                    false, false, null, null, null, null, null));
            i++;
        }
        return new AutomaticDashboard(name, namespace, section, DashboardBody.of(widgets));
    }
}
