package dev.monitor.core.export;

import dev.monitor.core.metrics.Datapoint;
import java.io.IOException;
import java.util.List;

/**
 * Sends each period's datapoints somewhere. Called on the exporter's own thread, never on an
 * application thread and never concurrently with itself; one slow or failing exporter does not
 * delay the others. A call that throws is retried with backoff, then the batch is dropped and
 * counted in {@code Monitor/Dropped}.
 */
public interface MetricExporter extends AutoCloseable {

    /** Exports one batch: the datapoints of one period of one resolution. */
    void export(List<Datapoint> datapoints) throws IOException;

    /** Pushes out anything buffered. */
    default void flush() throws IOException {
    }

    /** Flushes and releases resources; called once, after the last batch. */
    @Override
    default void close() throws IOException {
        flush();
    }
}
