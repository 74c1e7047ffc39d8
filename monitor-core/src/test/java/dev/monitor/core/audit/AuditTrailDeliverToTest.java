package dev.monitor.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.export.AuditRecord;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.StderrCapture;
import dev.monitor.testing.ManualClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trail built on its own: its builder takes the data directory as a setting, and
 * {@code deliverTo(exporter)} (how a monitor's trail reaches the monitor's audit exporters, with no
 * pipeline in the public builder) replaces the trail's own exporters without handing it their lifecycle.
 */
class AuditTrailDeliverToTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0);

    /** Keeps the event ids of every record it is given; throws while {@code failing}; counts flushes and closes. */
    private static final class Target implements Exporter<AuditRecord> {
        final List<String> eventIds = Collections.synchronizedList(new ArrayList<>());
        volatile boolean failing;
        volatile int flushes;
        volatile boolean closed;

        @Override
        public void export(List<AuditRecord> batch) throws IOException {
            if (failing) {
                throw new IOException("the monitor's exporters are down");
            }
            batch.forEach(record -> eventIds.add(record.eventId()));
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void aTrailWithoutADataDirectoryIsRefusedNamingTheSetter() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> AuditTrail.builder().sync().build());
        assertTrue(refused.getMessage().contains("dataDir"), refused.getMessage());
    }

    @Test
    void deliverToTakesEverySegmentInPlaceOfTheTrailFilesAndIsFlushedButNeverClosed() throws Exception {
        Target target = new Target();
        try (AuditTrail trail = AuditTrail.builder().dataDir(dir).sync().clock(clock).deliverEvery(Duration.ofHours(1), 100_000)
                .deliverTo(target).build()) {
            trail.call("PlaceOrder").source("orders.shop").user("ann").run(() -> { });
            trail.call("CancelOrder").source("orders.shop").user("ann").run(() -> { });
            trail.deliverNow();
            assertEquals(2, target.eventIds.size(), "both records reached the exporter: " + target.eventIds);
            trail.digestNow();
            assertTrue(target.flushes >= 1, "a digest flushes the exporter");
            assertEquals(List.of(), trail.trailFiles(), "no cloudtrail-files of the trail's own wrote anything");
        }
        assertFalse(target.closed, "its owner closes it, not the trail");
    }

    @Test
    void aFailedDeliveryKeepsTheSegmentInTheJournalForTheNextOne() throws Exception {
        Target target = new Target();
        target.failing = true;
        try (StderrCapture log = new StderrCapture();
             AuditTrail trail = AuditTrail.builder().dataDir(dir).sync().clock(clock).deliverEvery(Duration.ofHours(1), 100_000)
                     .deliverTo(target).build()) {
            trail.call("PlaceOrder").source("orders.shop").user("ann").run(() -> { });
            trail.deliverNow();
            assertEquals(List.of(), target.eventIds);
            assertEquals(1, AuditTrail.pendingRecords(dir), "the record waits in the journal");
            assertTrue(log.text().contains("the monitor's exporters are down"), log.text());

            target.failing = false;
            trail.deliverNow();
            assertEquals(1, target.eventIds.size(), "the next delivery offered it again: " + target.eventIds);
            assertEquals(0, AuditTrail.pendingRecords(dir));
        }
    }
}
