package dev.monitor.core.logs.internal;

import dev.monitor.core.export.LogEvent;
import dev.monitor.core.export.internal.ExportPipeline;
import dev.monitor.core.export.internal.LentBatch;
import dev.monitor.core.internal.BoundedQueue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One batch of the log writer's events, lent to the logs' {@link ExportPipeline}: each event's
 * line is copied into chunks of 64 KB that the batch keeps, and the events read their bytes there
 * in place ({@link LogEvent#encoded(String, String, long, byte[], int, int)}). When the pipeline
 * hands the batch back, it is emptied and goes to the writer's pool, so that under a steady flow
 * the writer writes into the same chunks again rather than allocating a copy of every line (what
 * a sustained event cost in bytes, monitor-benchmarks/RESULTS.md). Events are added on the writer
 * thread only; the batch is emptied on whichever thread hands it back, and the pool's queue
 * publishes that to the writer.
 */
final class LogBatch implements LentBatch<LogEvent> {
    /** The size of a chunk: a line longer than this gets an array of its own, not reused. */
    static final int CHUNK_BYTES = 64 * 1024;
    /**
     * The most chunks a batch keeps for its next use (2 MB): a full batch of the writer's 4,096
     * events of a few hundred bytes fits; a flood of huge events does not pin their memory.
     */
    static final int MAX_KEPT_CHUNKS = 32;

    private final BoundedQueue<LogBatch> pool;
    private final ArrayList<byte[]> chunks = new ArrayList<>();
    /** The chunk being filled, an index into {@link #chunks} (-1: none yet), and how much of it is used. */
    private int chunk = -1;
    private int used;
    private final ArrayList<LogEvent> events = new ArrayList<>();
    private final List<LogEvent> view = Collections.unmodifiableList(events);

    /** @param pool where the batch goes once handed back and emptied; when that is full, to the garbage collector */
    LogBatch(BoundedQueue<LogBatch> pool) {
        this.pool = pool;
    }

    /**
     * Adds an event whose line is the first {@code length} bytes of {@code line}, copied into the
     * batch's chunks; returns it. The writer thread only.
     */
    LogEvent add(String group, String stream, long epochMicros, byte[] line, int length) {
        LogEvent event;
        if (length > CHUNK_BYTES) {
            event = LogEvent.encoded(group, stream, epochMicros, Arrays.copyOf(line, length));
        } else {
            if (chunk < 0 || used + length > CHUNK_BYTES) {
                chunk++;
                used = 0;
                if (chunk == chunks.size()) {
                    chunks.add(new byte[CHUNK_BYTES]);
                }
            }
            byte[] into = chunks.get(chunk);
            System.arraycopy(line, 0, into, used, length);
            event = LogEvent.encoded(group, stream, epochMicros, into, used, length);
            used += length;
        }
        events.add(event);
        return event;
    }

    int size() {
        return events.size();
    }

    boolean isEmpty() {
        return events.isEmpty();
    }

    /** How many chunks the batch holds, for tests. */
    int chunks() {
        return chunks.size();
    }

    @Override
    public List<LogEvent> items() {
        return view;
    }

    @Override
    public List<LogEvent> ownedCopy() {
        List<LogEvent> copy = new ArrayList<>(events.size());
        for (LogEvent event : events) {
            copy.add(owned(event));
        }
        return copy;
    }

    /** {@code event} with a copy of its bytes, for an exporter that keeps events. */
    static LogEvent owned(LogEvent event) {
        byte[][] bytes = new byte[1][];
        try {
            event.writeMessage((utf8, offset, length) -> bytes[0] = Arrays.copyOfRange(utf8, offset, offset + length));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("copying a message into an array cannot fail", e);
        }
        return LogEvent.encoded(event.group(), event.stream(), event.epochMicros(), bytes[0]);
    }

    /** Empties the batch and offers it to the writer's pool: no exporter reads its events any more. */
    @Override
    public void returned() {
        clear();
        pool.offer(this);
    }

    /** Forgets the events and keeps at most {@link #MAX_KEPT_CHUNKS} chunks for the next use. */
    void clear() {
        events.clear(); // keeps its array: at most the writer's largest batch
        chunk = -1;
        used = 0;
        while (chunks.size() > MAX_KEPT_CHUNKS) {
            chunks.remove(chunks.size() - 1);
        }
    }
}
