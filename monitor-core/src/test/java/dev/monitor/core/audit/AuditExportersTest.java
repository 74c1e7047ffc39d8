package dev.monitor.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.Monitor;
import dev.monitor.core.audit.internal.TrailFiles;
import dev.monitor.core.export.AuditRecord;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.Signal;
import dev.monitor.core.export.StderrCapture;
import dev.monitor.core.files.DataLayout;
import dev.monitor.testing.ManualClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Audit exporters beside cloudtrail-files: what one that fails does to the journal, the trail files and the others. */
class AuditExportersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0);

    /** Keeps the event ids of every record it is given; throws while {@code failing}. */
    private static final class Recording implements Exporter<AuditRecord> {
        final List<String> eventIds = Collections.synchronizedList(new ArrayList<>());
        volatile boolean failing;

        @Override
        public void export(List<AuditRecord> batch) throws IOException {
            if (failing) {
                throw new IOException("the collector is down");
            }
            batch.forEach(record -> eventIds.add(record.eventId()));
        }
    }

    private List<String> trailFileEventIds(AuditTrail trail) throws Exception {
        List<String> ids = new ArrayList<>();
        for (Path file : trail.trailFiles()) {
            JSON.readTree(TrailFiles.gunzip(file)).path("Records").forEach(r -> ids.add(r.get("eventID").asText()));
        }
        return ids;
    }

    @Test
    void aFailingExporterKeepsTheSegmentAndTheNextDeliveryOffersItAgainWhileTheTrailFilesHoldEachRecordOnce() throws Exception {
        Recording working = new Recording();
        Recording failing = new Recording();
        failing.failing = true;
        try (StderrCapture log = new StderrCapture();
             AuditTrail trail = AuditTrail.builder().dataDir(dir).sync().clock(clock).deliverEvery(Duration.ofHours(1), 100_000)
                     .exporter("working", working).exporter("collector", failing).build()) {
            trail.call("PlaceOrder").source("orders.shop").user("ann").run(() -> { });
            trail.call("CancelOrder").source("orders.shop").user("ann").run(() -> { });
            trail.deliverNow();

            List<String> written = trailFileEventIds(trail);
            assertEquals(2, written.size(), "cloudtrail-files took the records");
            assertEquals(written, working.eventIds);
            assertEquals(List.of(), failing.eventIds);
            assertEquals(2, AuditTrail.pendingRecords(dir), "the segment stays in the journal while an exporter fails");
            assertTrue(log.text().contains("audit exporter 'collector' failed 3 times"), log.text());

            failing.failing = false;
            clock.advance(Duration.ofMinutes(5));
            trail.deliverNow();

            assertEquals(written, failing.eventIds, "the next delivery offers the same records, with the same ids");
            assertEquals(List.of(written.get(0), written.get(1), written.get(0), written.get(1)), working.eventIds,
                    "a working exporter may see a record again: at least once");
            assertEquals(written, trailFileEventIds(trail), "the trail files hold each record once");
            assertEquals(1, trail.trailFiles().size());
            assertEquals(0, AuditTrail.pendingRecords(dir), "delivered to every exporter, then deleted");
        }
    }

    @Test
    void aMonitorsAuditExporterReceivesWhatTheTrailFilesHold() throws Exception {
        Recording collector = new Recording();
        try (Monitor monitor = Monitor.builder().dataDir(dir).clock(clock).tickEvery(Duration.ZERO)
                .exporter(Signal.AUDIT, "collector", collector).audit(AuditSettings.builder().sync().build()).build()) {
            monitor.audit().call("PlaceOrder").source("orders.shop").request(Map.of("orderId", "o-1")).run(() -> { });
            monitor.audit().deliverNow();
            assertEquals(trailFileEventIds(monitor.audit()), collector.eventIds);
            assertEquals(1, collector.eventIds.size());
        }
    }

    @Test
    void aConfiguredCloudTrailFilesEntryReplacesTheDefaultWithItsSettings() throws Exception {
        try (Monitor monitor = Monitor.builder().dataDir(dir).clock(clock).tickEvery(Duration.ZERO)
                .exporterOfType("cloudtrail-files", Map.of("account", "123456789012", "region", "eu-west-1", "trailName", "shop"))
                .audit(AuditSettings.builder().sync().build()).build()) {
            monitor.audit().call("PlaceOrder").source("orders.shop").run(() -> { });
            monitor.audit().digestNow();
        }
        DataLayout layout = new DataLayout(dir);
        List<Path> files = TrailFiles.everyAccount(layout, DataLayout.TrailKind.RECORDS);
        assertEquals(1, files.size(), files.toString());
        assertTrue(files.get(0).startsWith(layout.trailDay("123456789012", DataLayout.TrailKind.RECORDS, "eu-west-1", T0)),
                files.get(0).toString());
        List<Path> digests = TrailFiles.everyAccount(layout, DataLayout.TrailKind.DIGESTS);
        assertTrue(digests.stream().allMatch(d -> d.getFileName().toString().contains("_shop_eu-west-1_")), digests.toString());
        JsonNode answer = AuditTrail.lookupEventsTree(dir, null, T0.minusSeconds(60), T0.plusSeconds(60), 50, null, new java.util.ArrayList<>());
        assertEquals(1, answer.get("Events").size(), answer.toString());
    }
}
