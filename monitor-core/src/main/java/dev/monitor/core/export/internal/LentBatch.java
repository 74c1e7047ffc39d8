package dev.monitor.core.export.internal;

import java.util.List;

/**
 * A batch its producer lends to an {@link ExportPipeline} ({@link ExportPipeline#lend}) rather than
 * gives: its items borrow memory the producer reuses once the pipeline hands the batch back through
 * {@link #returned()}, which it does once no exporter will read the items again. The log writer
 * lends its events so, and recycles the buffers that hold their bytes.
 *
 * @param <T> the signal's items
 */
public interface LentBatch<T> {

    /** The items; neither the list nor the items change until {@link #returned()}. */
    List<T> items();

    /**
     * Items equal to {@link #items()} that borrow nothing: what an exporter that
     * {@linkplain dev.monitor.core.export.Exporter#keepsItems() keeps items} is given. Called on
     * the lending thread, during {@link ExportPipeline#lend}, at most once per lending.
     */
    List<T> ownedCopy();

    /**
     * The pipeline is done with the batch: every exporter it was lent to has returned from it, or
     * it was dropped before an exporter saw it. Called once per lending, on any thread (an exporter's
     * lane, the lending thread itself); must neither block nor throw. A batch an exporter is stuck
     * in when the pipeline abandons that exporter at close is handed back only if that export ever
     * returns; until then its memory stays with the stuck exporter.
     */
    void returned();
}
