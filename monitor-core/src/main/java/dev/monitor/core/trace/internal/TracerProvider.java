package dev.monitor.core.trace.internal;

import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.trace.Tracer;
import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.ExporterContext;
import dev.monitor.core.export.SegmentDocument;
import dev.monitor.core.export.internal.ExportPipeline;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.trace.TraceSettings;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * Makes the monitor's tracer; found with {@code ServiceLoader}, so that putting
 * {@code monitor-xray} on the classpath is all it takes. Without one, {@code Monitor.tracer()}
 * is a no-op tracer.
 *
 * <p>The monitor reads the {@code traces:} section with {@link #read} (or takes settings given in
 * code), adds the provider's {@linkplain #defaultExporters default exporters} to the traces
 * signal unless the {@code exporters:} list has an entry of the same type for traces, starts the
 * pipelines, and then {@linkplain #create creates} the tracer with the traces pipeline.
 */
public interface TracerProvider {

    /**
     * What a tracer gets from the monitor.
     *
     * @param layout   the data directory
     * @param self     the monitor's own metrics (namespace {@code Monitor}): drops, malformed headers
     * @param metrics  the application's metrics, which each finished segment feeds
     * @param pipeline where the tracer hands its segment documents; the monitor flushes and closes it
     * @param background where the tracer runs periodic background work (a sampling poller): the monitor's I/O lane,
     *                   which refuses {@code shutdown} (cancel the futures instead); null when the tracer must make its own
     */
    record Context(DataLayout layout, Clock clock, Metrics self, Metrics metrics, ExportPipeline<SegmentDocument> pipeline,
                   ScheduledExecutorService background) {
        /** A context without a background lane. */
        public Context(DataLayout layout, Clock clock, Metrics self, Metrics metrics, ExportPipeline<SegmentDocument> pipeline) {
            this(layout, clock, self, metrics, pipeline, null);
        }
    }

    /**
     * An exporter of segment documents the monitor adds unless configured otherwise.
     *
     * @param type    the exporter type it stands for: an {@code exporters:} entry of this type that
     *                takes traces replaces it
     * @param factory makes it, given its context (named by its type); may throw
     *                {@link java.io.UncheckedIOException} or {@link IllegalArgumentException},
     *                which fail the monitor's start with the message
     */
    record DefaultExporter(String type, Function<ExporterContext, Exporter<SegmentDocument>> factory) {
        public DefaultExporter {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(factory, "factory");
        }
    }

    /**
     * The settings of the configuration's {@code traces:} section (empty when absent). Problems go
     * to the section's list, and unknown keys are rejected there.
     */
    TraceSettings read(ConfigNode section);

    /** The exporters segment documents go to by default with {@code settings}; none unless overridden. */
    default List<DefaultExporter> defaultExporters(TraceSettings settings) {
        return List.of();
    }

    /**
     * @param settings what {@link #read} returned, or settings given in code
     * @return a tracer that the monitor closes when it closes, before the pipelines
     * @throws IllegalArgumentException when {@code settings} are not of this provider's type
     */
    Tracer create(Context context, TraceSettings settings);
}
