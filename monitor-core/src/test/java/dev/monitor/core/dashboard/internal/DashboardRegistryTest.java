package dev.monitor.core.dashboard.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.dashboard.DashboardBody;
import dev.monitor.core.dashboard.DashboardDocument;
import dev.monitor.core.dashboard.DashboardEntry;
import dev.monitor.core.dashboard.DashboardInvalidInputException;
import dev.monitor.core.dashboard.DashboardNotFoundException;
import dev.monitor.core.dashboard.Placement;
import dev.monitor.core.dashboard.TextWidget;
import dev.monitor.core.files.DataLayout;
import dev.monitor.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PutDashboard, GetDashboard, ListDashboards and DeleteDashboards over real files
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html and its siblings).
 */
class DashboardRegistryTest {
    private static final String BODY = "{\"widgets\": [{\"type\": \"text\", \"properties\": {\"markdown\": \"Hello world\"}}]}";

    @TempDir
    Path dir;

    private final ManualClock clock = ManualClock.at("2026-12-02T10:00:00Z");

    private DashboardRegistry registry() {
        return DashboardRegistry.of(new DataLayout(dir), clock, "123456789012");
    }

    @Test
    void aPutDashboardIsGotBackExactlyAsPutAndListedWithItsArnTimeAndSize() throws Exception {
        DashboardRegistry dashboards = registry();
        assertEquals(List.of(), dashboards.putDashboard("Shop-Orders_1", BODY));
        clock.advance(Duration.ofMinutes(5));
        dashboards.putDashboard("Payments", "{\"widgets\":[]}");

        DashboardDocument got = dashboards.getDashboard("Shop-Orders_1");
        assertEquals(new DashboardDocument("Shop-Orders_1", "arn:aws:cloudwatch::123456789012:dashboard/Shop-Orders_1", BODY,
                Instant.parse("2026-12-02T10:00:00Z")), got);
        assertEquals(BODY, Files.readString(dir.resolve("dashboards/Shop-Orders_1.json")), "one file per dashboard, the body as put");
        assertEquals(List.of(
                new DashboardEntry("Payments", "arn:aws:cloudwatch::123456789012:dashboard/Payments", Instant.parse("2026-12-02T10:05:00Z"), 14),
                new DashboardEntry("Shop-Orders_1", "arn:aws:cloudwatch::123456789012:dashboard/Shop-Orders_1",
                        Instant.parse("2026-12-02T10:00:00Z"), BODY.getBytes(StandardCharsets.UTF_8).length)),
                dashboards.listDashboards(null));
        assertEquals(List.of("Shop-Orders_1"), dashboards.listDashboards("Shop").stream().map(DashboardEntry::dashboardName).toList());
        try (Stream<Path> files = Files.list(dir.resolve("dashboards"))) {
            assertEquals(2, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void aSecondPutReplacesTheBodyWhole() {
        DashboardRegistry dashboards = registry();
        dashboards.putDashboard("d", BODY);
        clock.advance(Duration.ofSeconds(30));
        dashboards.putDashboard("d", "{\"widgets\":[]}");
        assertEquals("{\"widgets\":[]}", dashboards.getDashboard("d").dashboardBody());
        assertEquals(Instant.parse("2026-12-02T10:00:30Z"), dashboards.getDashboard("d").lastModified());
    }

    @Test
    void aBodyBuiltInCodeIsPutAsItsJson() {
        DashboardRegistry dashboards = registry();
        DashboardBody body = DashboardBody.of(List.of(new TextWidget(new Placement(0, 0, 24, 2), "# Orders", false)));
        dashboards.putDashboard("code", body);
        assertEquals(body, dashboards.parse(dashboards.getDashboard("code").dashboardBody()));
    }

    @Test
    void namesAreCheckedAsPutDashboardChecksThem() {
        DashboardRegistry dashboards = registry();
        DashboardInvalidInputException invalid = assertThrows(DashboardInvalidInputException.class,
                () -> dashboards.putDashboard("my dashboard", BODY));
        assertEquals("The value for field DashboardName contains invalid characters. It can only contain alphanumerics, dash (-) and "
                + "underscore (_).", invalid.getMessage());
        assertThrows(DashboardInvalidInputException.class, () -> dashboards.putDashboard("../escape", BODY));
        assertThrows(DashboardInvalidInputException.class, () -> dashboards.putDashboard("a".repeat(256), BODY));
        dashboards.putDashboard("a".repeat(255), BODY);
        dashboards.putDashboard("b".repeat(250), BODY);
        assertEquals(List.of("a".repeat(255), "b".repeat(250)), dashboards.listDashboards(null).stream().map(DashboardEntry::dashboardName).toList(),
                "a name of 255 characters is a file too");
        assertEquals(BODY, dashboards.getDashboard("a".repeat(255)).dashboardBody());
        assertFalse(Files.exists(dir.resolve("escape.json")));
        assertThrows(DashboardNotFoundException.class, () -> dashboards.getDashboard("../dashboards/x"));
    }

    @Test
    void aBadBodyIsRefusedAndNothingIsWritten() {
        DashboardRegistry dashboards = registry();
        dashboards.putDashboard("d", BODY);
        assertThrows(DashboardInvalidInputException.class, () -> dashboards.putDashboard("d", "{\"widgets\": {}}"));
        assertEquals(BODY, dashboards.getDashboard("d").dashboardBody(), "the refused put left the dashboard as it was");
    }

    @Test
    void getAndDeleteOfAMissingDashboardAreResourceNotFound() {
        DashboardRegistry dashboards = registry();
        DashboardNotFoundException missing = assertThrows(DashboardNotFoundException.class, () -> dashboards.getDashboard("nope"));
        assertEquals("Dashboard nope does not exist", missing.getMessage());
        assertEquals("ResourceNotFound", missing.code());
        dashboards.putDashboard("a", BODY);
        dashboards.putDashboard("b", BODY);
        assertThrows(DashboardNotFoundException.class, () -> dashboards.deleteDashboards(List.of("a", "nope", "b")));
        assertEquals(List.of(), dashboards.listDashboards(null), "as many as exist are deleted, as DeleteDashboards does");
    }

    @Test
    void aFileDroppedIntoTheFolderIsADashboard() throws Exception {
        Files.createDirectories(dir.resolve("dashboards"));
        Files.writeString(dir.resolve("dashboards/copied.json"), BODY);
        Files.writeString(dir.resolve("dashboards/notes.txt"), "not a dashboard");
        assertEquals(List.of("copied"), registry().listDashboards("").stream().map(DashboardEntry::dashboardName).toList());
        assertEquals(BODY, registry().getDashboard("copied").dashboardBody());
    }

    @Test
    void configuredDashboardsAreObjectsOrFilesAndEachProblemNamesItsDashboard() throws Exception {
        Files.writeString(dir.resolve("ops.json"), BODY);
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("inline", Map.of("widgets", List.of(Map.of("type", "text", "properties", Map.of("markdown", "hi")))));
        section.put("fromFile", "ops.json");
        section.put("broken", Map.of("widgets", List.of(Map.of("type", "metric", "properties", Map.of()))));
        section.put("bad name", Map.of("widgets", List.of()));
        section.put("missingFile", "nowhere.json");
        List<String> problems = new ArrayList<>();
        Map<String, String> bodies = DashboardRegistry.readConfig(ConfigNode.of("dashboards", section, problems), dir);
        assertEquals(List.of("inline", "fromFile"), List.copyOf(bodies.keySet()));
        assertEquals(BODY, bodies.get("fromFile"));
        assertEquals(5 - 2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("dashboards.broken: The dashboard body is invalid, there are 1 validation errors:"), problems.get(0));
        assertTrue(problems.get(1).startsWith("dashboards.bad name: The value for field DashboardName contains invalid characters"), problems.get(1));
        assertTrue(problems.get(2).startsWith("dashboards.missingFile: the dashboard body file " + dir.resolve("nowhere.json")), problems.get(2));
    }
}
