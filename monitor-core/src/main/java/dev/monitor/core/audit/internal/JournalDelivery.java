package dev.monitor.core.audit.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.metrics.Counter;
import dev.monitor.core.export.AuditRecord;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.files.DataLayout;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not API: hands the journal's closed segments to the audit exporters, oldest first, one batch
 * per segment ({@link Exporter#export}, which delivers to every exporter and throws when one failed); a segment is deleted only once every exporter
 * took its records, else it is kept and offered again at the next delivery, whole. Lines that are
 * not records are quarantined ({@link DataLayout#auditQuarantine()}), never delivered.
 */
public final class JournalDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(JournalDelivery.class);

    private final DataLayout layout;
    private final Exporter<AuditRecord> exporters;
    private final FileModes modes;
    private final Counter quarantined;
    private final ObjectMapper json = new ObjectMapper();
    /** Closed segments not yet delivered: left by the last run, or whose delivery failed; guarded by itself. */
    private final List<Path> undelivered = new ArrayList<>();

    public JournalDelivery(DataLayout layout, Exporter<AuditRecord> exporters, FileModes modes, Counter quarantined) {
        this.layout = layout;
        this.exporters = exporters;
        this.modes = modes;
        this.quarantined = quarantined;
    }

    /** Adds closed segments to deliver: those the journal rotated, or those a run left. */
    public void add(List<Path> segments) {
        synchronized (undelivered) {
            for (Path segment : segments) {
                if (!undelivered.contains(segment)) {
                    undelivered.add(segment);
                }
            }
        }
    }

    /** Forgets what is listed and lists every segment in the journal: at close, when all are closed. */
    public void addEverySegment() throws IOException {
        synchronized (undelivered) {
            undelivered.clear();
            undelivered.addAll(Journal.segments(layout.auditJournal()));
        }
    }

    /**
     * Delivers the closed segments not yet delivered, oldest first; one that fails is logged and kept
     * for the next delivery, and the others still go out. One that is gone (its disk went) is dropped.
     */
    public void deliverPending(String what) {
        synchronized (undelivered) {
            for (Iterator<Path> pending = undelivered.iterator(); pending.hasNext(); ) {
                Path segment = pending.next();
                try {
                    if (Files.exists(segment)) {
                        deliver(segment);
                    } else {
                        LOG.warn("the audit journal segment {} is gone; its records cannot be delivered", segment);
                    }
                    pending.remove();
                } catch (InterruptedIOException e) {
                    Thread.currentThread().interrupt();
                    LOG.warn("audit delivery was interrupted; the journal keeps the segment {} {} for the next attempt",
                            segment.getFileName(), what);
                    return;
                } catch (IOException | RuntimeException e) {
                    LOG.error("audit delivery failed; the journal keeps the records for the next attempt: the segment {} {} could not"
                            + " be delivered: {}", segment.getFileName(), what, e.toString());
                }
            }
        }
    }

    /**
     * Hands one closed segment's records to every audit exporter, then deletes the segment. A
     * delivery repeated after a crash or a failure offers the same records, with the same ids.
     */
    private void deliver(Path segment) throws IOException {
        JournalRecords.Parsed read = JournalRecords.parse(segment);
        int kept = JournalRecords.quarantine(layout, segment, read.bad(), modes, json);
        if (kept > 0) {
            quarantined.increment(kept);
            LOG.warn("{} line(s) of the audit journal {} are not records and were quarantined in {}: {}", kept, segment.getFileName(),
                    JournalRecords.quarantineOf(layout, segment), read.bad().get(0).reason());
        }
        List<AuditRecord> batch = new ArrayList<>(read.good().size());
        for (JournalRecords.Good good : read.good()) {
            batch.add(new AuditRecord(good.eventId(), good.time(), good.text()));
        }
        Path legacyName = segment.resolveSibling(segment.getFileName() + ".name");
        if (!batch.isEmpty() && Files.isRegularFile(legacyName)) {
            adoptLegacyName(legacyName, batch.get(0).record());
        }
        exporters.export(batch);
        Files.delete(segment);
        Files.deleteIfExists(legacyName);
    }

    /**
     * A name kept beside its segment by a version before audit exporters, whose delivery a crash cut
     * short: kept where cloudtrail-files looks, so that the repeat finds the file that run wrote.
     */
    private void adoptLegacyName(Path legacyName, String firstRecord) throws IOException {
        Path kept = CloudTrailFilesExporter.keptName(layout, firstRecord);
        if (!Files.exists(kept)) {
            modes.folders(kept.getParent());
            Files.copy(legacyName, kept);
        }
    }
}
