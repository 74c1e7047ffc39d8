package dev.monitor.core.dashboard.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.monitor.api.metrics.Dimension;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Unit;
import dev.monitor.core.dashboard.AutomaticDashboard;
import dev.monitor.core.dashboard.MetricRow;
import dev.monitor.core.dashboard.MetricWidget;
import dev.monitor.core.metrics.MetricId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Automatic dashboards over any metrics: valid bodies PutDashboard takes, each metric shown once, in its namespace's dashboard. */
class AutomaticDashboardsProperties {
    @Property(tries = 200)
    void everyMetricIsGraphedOnceInAValidDashboard(@ForAll("metricSets") List<MetricId> metrics) {
        List<AutomaticDashboard> dashboards = AutomaticDashboards.build(metrics, id -> id.name().startsWith("C"), "App",
                Set.of("JvmHeapUsed"));
        Set<String> names = new HashSet<>();
        Set<String> graphed = new HashSet<>();
        for (AutomaticDashboard dashboard : dashboards) {
            DashboardRegistry.checkName(dashboard.name());
            assertEquals(true, names.add(dashboard.name()), "dashboard names are unique: " + dashboard.name());
            assertEquals(dashboard.body(), DashboardBodyParser.parse(DashboardBodyWriter.write(dashboard.body())));
            dashboard.body().widgets().stream().filter(w -> w instanceof MetricWidget).map(w -> (MetricWidget) w)
                    .flatMap(w -> w.metrics().stream()).map(row -> (MetricRow.Metric) row).forEach(row -> {
                        assertEquals(dashboard.namespace(), row.namespace());
                        String key = row.namespace() + "|" + row.metricName() + "|" + row.dimensions();
                        assertEquals(true, graphed.add(key), "graphed once: " + key);
                    });
        }
        Set<String> known = new HashSet<>();
        metrics.forEach(id -> known.add(id.namespace() + "|" + id.name() + "|" + id.dimensions()));
        assertEquals(known, graphed, "few enough metrics that none is left out");
        if (!dashboards.isEmpty() && metrics.stream().anyMatch(id -> id.namespace().equals("App") && !id.name().equals("JvmHeapUsed"))) {
            assertEquals("App", dashboards.get(0).namespace(), "the application's own namespace first");
        }
    }

    @Provide
    Arbitrary<List<MetricId>> metricSets() {
        Arbitrary<String> namespace = Arbitraries.of("App", "Monitor", "Shop/Orders", "Shop_Orders", "Billing", "ünïcode ns", "App-JVM");
        Arbitrary<String> name = Arbitraries.of("Count", "Latency", "JvmHeapUsed", "Errors", "CPU");
        Arbitrary<Dimension> dimension = Combinators.combine(Arbitraries.of("Route", "Status"), Arbitraries.of("/a", "/b", "200"))
                .as(Dimension::new);
        return Combinators.combine(namespace, name, dimension.set().ofMaxSize(2))
                .as((ns, n, dims) -> new MetricId(ns, n, List.copyOf(dims), Unit.COUNT, Resolution.STANDARD)).list().ofMaxSize(30);
    }
}
