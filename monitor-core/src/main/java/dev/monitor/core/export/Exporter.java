package dev.monitor.core.export;

import java.io.IOException;
import java.util.List;

/**
 * Sends batches of one signal's items somewhere. Called on a monitor thread, never on an
 * application thread and never concurrently with itself; one slow or failing exporter delays
 * neither the application nor the other exporters.
 *
 * <p>A call that throws is retried with backoff. For signals that {@linkplain Signal#mayDrop()
 * may drop} (metrics, logs, traces) a batch that still fails, or that finds the exporter's
 * bounded buffer full, is dropped and counted in {@code Monitor/Dropped} (dimensions
 * {@code Signal}, {@code Exporter}). Audit records are never dropped: a batch that fails stays in
 * the audit trail's journal and is offered again at the next delivery, so an audit exporter may
 * see a record twice (same {@link AuditRecord#eventId()}) after a failure or a crash.
 *
 * <p><b>Keeping items.</b> An exporter that {@linkplain #keepsItems() keeps} a batch or its items
 * past {@link #export} (to send them from {@link #flush}, on a timer or on a thread of its own) is
 * given items of its own, which it may keep for ever; that is the default. One that declares it
 * keeps nothing is lent the producer's items instead, valid only until {@code export} returns
 * (and the retries of that batch): the log writer reuses the buffers behind its
 * {@link LogEvent}s once every such exporter has returned from the batch, so an item kept after
 * that reads another event's bytes. What such an exporter takes out of an item during the call
 * ({@link LogEvent#message()}, {@link LogEvent#timestamp()}, the group's name) is its own.
 *
 * @param <T> the signal's items
 */
public interface Exporter<T> extends AutoCloseable {

    /**
     * Exports one batch; returns once the items are handed on (written, sent). For an exporter that
     * does not {@linkplain #keepsItems() keep items}, the batch and its items are valid during this
     * call only (a retry is a new call with the same batch).
     */
    void export(List<T> batch) throws IOException;

    /**
     * Whether this exporter may touch a batch, or any of its items, after {@link #export} has
     * returned: true (the default) unless it is done with both by then. Answer false only when
     * neither the list nor an item is referenced once {@code export} returns, not from
     * {@link #flush}, not from another thread; the monitor then lends it the producer's items
     * without copying them, and reuses their memory (a {@link LogEvent}'s bytes) afterwards. With
     * true, it gets items of its own, copied for it where the producer lends them. Asked once,
     * when the exporter is given to the monitor.
     */
    default boolean keepsItems() {
        return true;
    }

    /** Pushes out anything buffered. */
    default void flush() throws IOException {
    }

    /** Flushes and releases resources; called once, after the last batch. */
    @Override
    default void close() throws IOException {
        flush();
    }
}
