package dev.monitor.xray;

import dev.monitor.api.trace.Segment;
import dev.monitor.api.trace.Subsegment;
import dev.monitor.api.trace.TraceEntity;
import dev.monitor.api.trace.Tracer;
import java.time.Duration;

/**
 * What {@code monitor.tracer()} is when {@code monitor-xray} is on the classpath: the API's
 * {@link Tracer} in X-Ray's segment document format, configured by {@link XRaySettings}, plus what
 * only an X-Ray tracer can do: sampling by the request's host, method and path, subsegments for
 * work that ends on another thread, and queries over the traces it sent recently.
 *
 * <p>The application's thread only records and, when a segment ends, queues it (a full queue drops
 * it, counted in {@code Monitor/SegmentsDropped}); one emitter thread writes the documents and hands
 * them to the traces signal's exporters (by default the X-Ray daemon over UDP and segment files).
 * Thread-safe. The monitor closes it.
 */
public interface XRayTracer extends Tracer {

    /** What {@link #beginSubsegment(String)} does when there is no current entity. */
    enum MissingContext { IGNORE, LOG, THROW }

    /**
     * A segment for an incoming request: it continues the trace of {@code incomingHeader} (a
     * malformed one is counted and a new trace begins), honours an upstream {@code Sampled=1|0},
     * and otherwise lets the sampling rules decide from {@code host}, {@code method} and
     * {@code path} (any may be null).
     */
    Segment beginSegment(String name, String incomingHeader, String host, String method, String path);

    /**
     * A subsegment of {@code parent} that is not made current: for work that ends on another
     * thread, such as an asynchronous HTTP call.
     */
    Subsegment beginDetached(TraceEntity parent, String name);

    /**
     * The traces this tracer sent recently (the last 10,000 documents by default): ask it for the
     * service map, for traces matching a filter expression, or for an SLA check.
     */
    TraceIndex traces();

    /**
     * Waits until queued segments are written and their documents exported and flushed by every
     * exporter, at most {@code timeout}. Whether all finished in time. Blocks: not for hot paths.
     */
    boolean flush(Duration timeout);
}
