package dev.monitor.core.export.internal;

import java.time.Duration;

/**
 * A capability that holds items of a signal before they reach its {@link ExportPipeline}: the log
 * writer's queue, the tracer's emitter batch, the audit trail's journal. {@code Monitor.flush}
 * asks each to hand over what it holds, then flushes the pipelines, all within one timeout.
 */
@FunctionalInterface
public interface SignalProducer {

    /**
     * Hands every item produced before this call to the pipeline (for audit: delivers it), waiting
     * at most {@code timeout}. Blocks: not for hot paths.
     *
     * @return whether everything was handed over in time
     */
    boolean flush(Duration timeout);
}
