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
 * @param <T> the signal's items
 */
public interface Exporter<T> extends AutoCloseable {

    /** Exports one batch; returns once the items are handed on (written, sent). */
    void export(List<T> batch) throws IOException;

    /** Pushes out anything buffered. */
    default void flush() throws IOException {
    }

    /** Flushes and releases resources; called once, after the last batch. */
    @Override
    default void close() throws IOException {
        flush();
    }
}
