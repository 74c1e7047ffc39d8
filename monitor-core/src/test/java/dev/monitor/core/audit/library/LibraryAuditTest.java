package dev.monitor.core.audit.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.Telemetry;
import dev.monitor.testing.ManualClock;
import dev.monitor.core.Monitor;
import dev.monitor.core.audit.AuditSettings;
import dev.monitor.core.audit.internal.TrailFiles;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.files.DataLayout.TrailKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A library that knows only monitor-api audits itself through Telemetry: into the monitor's trail files, or nowhere. */
class LibraryAuditTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aLibrarysCallsAppearInTheTrailFilesOfTheMonitorItWasGiven() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-22T10:00:00Z"));
        try (Monitor monitor = Monitor.builder().dataDir(dir).clock(clock).tickEvery(Duration.ZERO)
                .audit(AuditSettings.builder().sync().build()).build()) {
            OrderLibrary library = new OrderLibrary(monitor);
            assertEquals("o-1", library.placeOrder("ann", "book"));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> library.cancelOrder("bob", "o-1"));
            assertEquals("order o-1 has shipped", e.getMessage(), "the library's own exception, untouched");
        }
        List<JsonNode> records = new ArrayList<>();
        for (Path file : TrailFiles.everyAccount(new DataLayout(dir), TrailKind.RECORDS)) {
            JSON.readTree(TrailFiles.gunzip(file)).path("Records").forEach(records::add);
        }
        assertEquals(2, records.size(), records.toString());
        JsonNode placed = records.get(0);
        assertEquals("PlaceOrder", placed.get("eventName").asText());
        assertEquals("orders.library.example", placed.get("eventSource").asText());
        assertEquals("ann", placed.at("/userIdentity/userName").asText());
        assertEquals("198.51.100.7", placed.get("sourceIPAddress").asText());
        assertEquals("book", placed.at("/requestParameters/item").asText());
        assertFalse(placed.at("/requestParameters/apiToken").asText().contains("s3cr3t"), "secrets are hidden");
        assertEquals("o-1", placed.at("/responseElements/orderId").asText());
        assertEquals("arn:library:orders:::order/o-1", placed.at("/resources/0/ARN").asText());
        assertFalse(placed.get("readOnly").asBoolean());
        JsonNode cancelled = records.get(1);
        assertEquals("CancelOrder", cancelled.get("eventName").asText());
        assertEquals("IllegalStateException", cancelled.get("errorCode").asText());
        assertEquals("req-7", cancelled.get("requestID").asText());
    }

    @Test
    void withNoopTelemetryTheLibraryRunsAndNothingIsRecordedOrThrown() {
        OrderLibrary library = new OrderLibrary(Telemetry.noop());
        assertEquals("o-1", library.placeOrder("ann", "book"));
        assertThrows(IllegalStateException.class, () -> library.cancelOrder("bob", "o-1"), "only the library's own exception");
        assertTrue(Files.notExists(new DataLayout(dir).audit()));
    }
}
