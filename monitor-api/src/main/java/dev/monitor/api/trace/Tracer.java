package dev.monitor.api.trace;

/**
 * Starts segments and subsegments. The current entity lives in the scoped
 * {@link dev.monitor.api.context.Context}, so it follows work across threads wrapped with
 * {@code Context.wrap(...)}; {@link #current()} returns it, and passing that handle to another
 * thread's {@link #beginSubsegment(TraceEntity, String)} works too.
 */
public interface Tracer {

    /** A segment of a new trace (sampling decides whether it records), made current until closed. */
    Segment beginSegment(String name);

    /**
     * A segment continuing the trace of an incoming {@code X-Amzn-Trace-Id} (or W3C
     * {@code traceparent}) header; a malformed header starts a new trace.
     */
    Segment beginSegment(String name, String incomingHeader);

    /**
     * A subsegment of the current entity, made current until closed. With no current entity the
     * configured strategy applies: by default a no-op subsegment is returned and nothing throws.
     */
    Subsegment beginSubsegment(String name);

    /** A subsegment of {@code parent}: the explicit way, from any thread. */
    Subsegment beginSubsegment(TraceEntity parent, String name);

    /** The current entity, or null. */
    TraceEntity current();

    static Tracer noop() {
        return NoopTracer.INSTANCE;
    }
}
