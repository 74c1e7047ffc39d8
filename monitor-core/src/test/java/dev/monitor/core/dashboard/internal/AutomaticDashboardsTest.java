package dev.monitor.core.dashboard.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Dimension;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Unit;
import dev.monitor.core.dashboard.AutomaticDashboard;
import dev.monitor.core.dashboard.MetricRow;
import dev.monitor.core.dashboard.MetricWidget;
import dev.monitor.core.dashboard.TextWidget;
import dev.monitor.core.dashboard.Widget;
import dev.monitor.core.metrics.MetricId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One automatic dashboard per namespace, as CloudWatch's automatic dashboards: the application's first. */
class AutomaticDashboardsTest {
    private static MetricId metric(String namespace, String name, String... dimensionPairs) {
        List<Dimension> dimensions = new ArrayList<>();
        for (int i = 0; i < dimensionPairs.length; i += 2) {
            dimensions.add(new Dimension(dimensionPairs[i], dimensionPairs[i + 1]));
        }
        return new MetricId(namespace, name, dimensions, Unit.COUNT, Resolution.STANDARD);
    }

    @Test
    void theApplicationsNamespacesComeFirstThenMonitorsOwnThenTheJvms() {
        List<MetricId> known = List.of(
                metric("Monitor", "Dropped", "Signal", "logs"),
                metric("Shop", "JvmHeapUsed"),
                metric("Billing", "Invoices"),
                metric("Shop", "Orders", "Route", "/b"),
                metric("Shop", "Orders", "Route", "/a"),
                metric("Shop", "Orders", "Route", "/a"),
                metric("Shop", "Latency"));
        List<AutomaticDashboard> dashboards = AutomaticDashboards.build(known, id -> id.name().equals("Orders"), "Shop",
                Set.of("JvmHeapUsed", "CPUUtilization"));
        assertEquals(List.of("Shop", "Billing", "Monitor", "Shop-JVM"), dashboards.stream().map(AutomaticDashboard::name).toList());
        assertEquals(List.of(AutomaticDashboard.Section.APPLICATION, AutomaticDashboard.Section.APPLICATION,
                AutomaticDashboard.Section.MONITOR, AutomaticDashboard.Section.BUILT_IN),
                dashboards.stream().map(AutomaticDashboard::section).toList());

        List<Widget> shop = dashboards.get(0).body().widgets();
        assertTrue(shop.get(0) instanceof TextWidget heading && heading.markdown().equals("# Shop"));
        MetricWidget latency = (MetricWidget) shop.get(1);
        MetricWidget orders = (MetricWidget) shop.get(2);
        assertEquals("Latency", latency.title());
        assertEquals("Average", latency.stat());
        assertEquals("Sum", orders.stat(), "a counter is graphed as its sum");
        assertEquals(List.of(new MetricRow.Metric("Shop", "Orders", List.of(new Dimension("Route", "/a"))),
                new MetricRow.Metric("Shop", "Orders", List.of(new Dimension("Route", "/b")))), orders.metrics(),
                "a line per dimension set, each once");
        assertEquals(List.of(0, 8), List.of(latency.placement().x(), orders.placement().x()), "three graphs to a row");
        MetricWidget heap = (MetricWidget) dashboards.get(3).body().widgets().get(1);
        assertEquals("JvmHeapUsed", heap.title());
    }

    @Test
    void aDashboardIsAValidBodyWhateverTheNamesAndCounts() {
        List<MetricId> known = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            known.add(metric("Odd/Name space", "M" + i));
        }
        for (int i = 0; i < 25; i++) {
            known.add(metric("Odd/Name space", "AMany", "Id", "v" + i));
        }
        AutomaticDashboard dashboard = AutomaticDashboards.build(known, id -> false, "App", Set.of()).get(0);
        assertEquals("Odd_Name_space", dashboard.name());
        DashboardRegistry.checkName(dashboard.name());
        assertEquals(500, dashboard.body().widgets().size());
        assertTrue(((TextWidget) dashboard.body().widgets().get(0)).markdown().contains("102 more metrics are not shown"));
        String json = DashboardBodyWriter.write(dashboard.body());
        assertEquals(dashboard.body(), DashboardBodyParser.parse(json), "it is a body PutDashboard takes");
        MetricWidget many = (MetricWidget) dashboard.body().widgets().stream()
                .filter(w -> w instanceof MetricWidget m && m.title().startsWith("AMany")).findFirst().orElseThrow();
        assertEquals("AMany (10 of 25 dimension sets)", many.title());
        assertEquals(10, many.metrics().size());
        assertEquals(List.of(), AutomaticDashboards.build(List.of(), id -> false, "App", Set.of()));
    }
}
