package dev.monitor.xray.internal;

import dev.monitor.api.metrics.Counter;
import dev.monitor.core.export.SegmentDocument;
import dev.monitor.core.internal.JsonBytes;
import dev.monitor.xray.TraceIndex;
import dev.monitor.xray.XRayTracer;
import dev.monitor.xray.internal.DaemonExporter;
import dev.monitor.xray.internal.EmitterThread;
import java.time.Clock;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * What the emitter thread does with a finished entity: writes its segment document, kept in the
 * index of recent traces, in the schema's text ({@link Documents}). No document exceeds what a
 * datagram to the daemon carries: an oversized one is written again without its metadata and long
 * SQL (marked {@code metadata.monitor.truncated}), and then with its subsegments on their own. A
 * segment whose subsegments are still open is written in progress from a copy of its tree taken
 * under its lock. Every ~100 ms it also writes the segments held too long ({@link HeldSegments}).
 */
final class SegmentWriter implements EmitterThread.Work<Entity> {
    private final HeldSegments held;
    private final Clock clock;
    private final Counter dropped;
    /** Null when nothing reads the documents: no exporter and no index of recent traces. */
    private final TraceIndex recent;
    private final boolean write;

    /**
     * @param recent  where written documents are kept for queries; null for nowhere
     * @param write   whether anything reads the documents (an exporter or {@code recent})
     * @param dropped counts entities that could not be written
     */
    SegmentWriter(HeldSegments held, Clock clock, Counter dropped, TraceIndex recent, boolean write) {
        this.held = held;
        this.clock = clock;
        this.dropped = dropped;
        this.recent = recent;
        this.write = write;
    }

    @Override
    public void tick(List<SegmentDocument> out) {
        held.takeOverdue(clock.millis(), root -> write(root, out));
    }

    @Override
    public void write(Entity entity, List<SegmentDocument> out) {
        if (!write) {
            return;
        }
        try {
            Documents.Snapshot snapshot = null;
            if (entity.root == entity) {
                entity.lock();
                try {
                    if (entity.openEntities != 0) {
                        // Sent in progress: its tree may still change, so its shape is copied under the
                        // segment's lock, and redacted and written outside it (the application's threads
                        // beginning and ending subsegments wait only for the copy).
                        snapshot = Documents.Snapshot.of(entity);
                    }
                } finally {
                    entity.unlock();
                }
            }
            JsonBytes whole = Documents.write(entity, entity.parent != null, false, snapshot);
            if (DaemonExporter.fits(whole.size())) {
                add(entity, whole.text(), out);
            } else {
                smaller(entity, snapshot != null ? snapshot : Documents.Snapshot.of(entity), out);
            }
        } catch (RuntimeException e) {
            // A value Jackson cannot make a tree of (a user's metadata object, say) loses this segment only.
            dropped.increment();
            LoggerFactory.getLogger(XRayTracer.class).warn("segment {} could not be written: {}", entity.id(), e.toString());
        }
    }

    private void add(Entity entity, String document, List<SegmentDocument> out) {
        if (recent != null) {
            recent.add(entity.traceId, document);
        }
        out.add(new SegmentDocument(entity.traceId, entity.id(), document));
    }

    /**
     * Documents of {@code entity} that fit datagrams: without metadata and long SQL, then split.
     * Written from {@code snapshot}, which is cut down instead of the live tree: a segment sent in
     * progress keeps its subsegments for the whole document sent when they end.
     */
    private void smaller(Entity entity, Documents.Snapshot snapshot, List<SegmentDocument> out) {
        boolean alone = entity.parent != null;
        JsonBytes cut = Documents.write(entity, alone, true, snapshot);
        if (DaemonExporter.fits(cut.size())) {
            add(entity, cut.text(), out);
            return;
        }
        // Still too large: the children go out on their own, then the entity without them.
        for (Entity child : snapshot.children(entity)) {
            JsonBytes whole = Documents.write(child, true, false, snapshot);
            if (DaemonExporter.fits(whole.size())) {
                add(child, whole.text(), out);
            } else {
                smaller(child, snapshot, out);
            }
        }
        snapshot.detach(entity);
        add(entity, Documents.write(entity, alone, true, snapshot).text(), out);
    }
}
