package dev.monitor.core.export.internal;

import dev.monitor.core.export.Exporter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A pipeline of a signal that must not drop (audit), seen as one {@link Exporter}: what a
 * capability that delivers its own batches (the audit trail's journal) is given, so that it needs
 * no runtime type in its public builder. {@link #export} delivers to every exporter of the
 * pipeline on the caller's thread, with the pipeline's retries, and throws when one still failed;
 * {@link #close} does nothing: the pipeline's owner (the monitor) closes it.
 *
 * @param <T> the signal's items
 */
public final class PipelineDelivery<T> implements Exporter<T> {
    /** How long a flush waits for the pipeline's exporters, as the trail always waited. */
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(60);

    private final ExportPipeline<T> pipeline;

    public PipelineDelivery(ExportPipeline<T> pipeline) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    }

    @Override
    public void export(List<T> batch) throws IOException {
        try {
            pipeline.deliver(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("the delivery was interrupted");
            interrupted.initCause(e);
            throw interrupted;
        }
    }

    @Override
    public void flush() throws IOException {
        if (!pipeline.flush(FLUSH_TIMEOUT)) {
            throw new IOException("the exporters did not finish flushing within " + FLUSH_TIMEOUT.toSeconds() + "s");
        }
    }

    /** Leaves the pipeline open: its owner closes it. */
    @Override
    public void close() {
    }
}
