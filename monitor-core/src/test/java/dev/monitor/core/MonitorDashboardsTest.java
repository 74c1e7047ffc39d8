package dev.monitor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.config.ConfigException;
import dev.monitor.core.dashboard.AutomaticDashboard;
import dev.monitor.core.dashboard.DashboardEntry;
import dev.monitor.core.dashboard.MetricRow;
import dev.monitor.core.dashboard.MetricWidget;
import dev.monitor.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code monitor.dashboards()}: dashboards from monitor.yaml, from code, and one automatic dashboard per namespace. */
class MonitorDashboardsTest {
    @TempDir
    Path dir;

    @Test
    void dashboardsOfTheConfigurationAreStoredAndCodeAddsMore() throws Exception {
        Files.writeString(dir.resolve("ops.json"), "{\"widgets\":[{\"type\":\"text\",\"properties\":{\"markdown\":\"# Ops\"}}]}");
        Path config = Files.writeString(dir.resolve("monitor.yaml"), """
                namespace: Shop
                dataDir: '%s'
                account: '123456789012'
                dashboards:
                  Orders:
                    widgets:
                      - type: metric
                        properties:
                          metrics: [[Shop, Orders, Route, /checkout]]
                          stat: Sum
                  Ops: ops.json
                """.formatted(dir.resolve("data")));
        ManualClock clock = ManualClock.at("2026-12-02T10:00:00Z");
        try (Monitor monitor = Monitor.builder().config(config).clock(clock).tickEvery(Duration.ZERO).build()) {
            monitor.dashboards().putDashboard("FromCode", "{\"widgets\":[]}");
            assertEquals(List.of("FromCode", "Ops", "Orders"),
                    monitor.dashboards().listDashboards(null).stream().map(DashboardEntry::dashboardName).toList());
            assertEquals("arn:aws:cloudwatch::123456789012:dashboard/Orders", monitor.dashboards().getDashboard("Orders").dashboardArn());
            MetricWidget orders = (MetricWidget) monitor.dashboards().parse(monitor.dashboards().getDashboard("Orders").dashboardBody())
                    .widgets().get(0);
            assertEquals("Sum", orders.stat());
            assertTrue(Files.exists(dir.resolve("data/dashboards/Orders.json")));
        }
    }

    @Test
    void aBadDashboardInTheConfigurationIsAConfigurationProblemNamingIt() throws Exception {
        Path config = Files.writeString(dir.resolve("monitor.yaml"), """
                dataDir: '%s'
                dashboards:
                  Broken: {widgets: [{type: metric, properties: {metrics: [[Shop, Orders, {stat: Sum}, Route]]}}]}
                """.formatted(dir.resolve("data")));
        ConfigException e = assertThrows(ConfigException.class, () -> Monitor.fromConfig(config));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith("dashboards.Broken: The dashboard body is invalid, there are 1 validation errors:"),
                e.problems().get(0));
        assertTrue(e.problems().get(0).contains("\"dataPath\": \"/widgets/0/properties/metrics/0/2\""), e.problems().get(0));
    }

    @Test
    void automaticDashboardsShowTheApplicationsMetricsFirst() {
        ManualClock clock = ManualClock.at("2026-12-02T10:00:00Z");
        try (Monitor monitor = Monitor.builder().namespace("Shop").dataDir(dir).clock(clock).tickEvery(Duration.ZERO).build()) {
            monitor.metrics().counter("Orders", "Route", "/checkout").increment();
            monitor.metrics().timer("Latency").record(Duration.ofMillis(12));
            clock.advance(Duration.ofMinutes(1));
            monitor.flush(Duration.ofSeconds(10));
            List<AutomaticDashboard> dashboards = monitor.dashboards().automaticDashboards();
            AutomaticDashboard shop = dashboards.get(0);
            assertEquals("Shop", shop.name());
            assertEquals(AutomaticDashboard.Section.APPLICATION, shop.section());
            List<String> titles = shop.body().widgets().stream().filter(w -> w instanceof MetricWidget)
                    .map(w -> ((MetricWidget) w).title()).toList();
            assertEquals(List.of("Latency", "Orders"), titles, "only the application's metrics, the JVM's apart");
            MetricWidget orders = (MetricWidget) shop.body().widgets().get(2);
            assertEquals("Sum", orders.stat());
            assertEquals("/checkout", ((MetricRow.Metric) orders.metrics().get(0)).dimensions().get(0).value());
            assertEquals(AutomaticDashboard.Section.BUILT_IN, dashboards.get(dashboards.size() - 1).section(),
                    "the JVM's metrics last: " + dashboards.stream().map(AutomaticDashboard::name).toList());
        }
    }
}
