package dev.monitor.api.trace;

/** Entities that record nothing and a tracer that hands them out. */
final class NoopTracer implements Tracer, Segment, Subsegment {
    static final NoopTracer INSTANCE = new NoopTracer();

    private NoopTracer() {
    }

    @Override
    public Segment beginSegment(String name) {
        return this;
    }

    @Override
    public Segment beginSegment(String name, String incomingHeader) {
        return this;
    }

    @Override
    public Subsegment beginSubsegment(String name) {
        return this;
    }

    @Override
    public Subsegment beginSubsegment(TraceEntity parent, String name) {
        return this;
    }

    @Override
    public TraceEntity current() {
        return null;
    }

    @Override
    public String traceId() {
        return null;
    }

    @Override
    public String id() {
        return null;
    }

    @Override
    public boolean sampled() {
        return false;
    }

    @Override
    public NoopTracer putAnnotation(String key, Object value) {
        return this;
    }

    @Override
    public NoopTracer putMetadata(String namespace, String key, Object value) {
        return this;
    }

    @Override
    public NoopTracer putHttpRequest(String key, Object value) {
        return this;
    }

    @Override
    public NoopTracer setHttpResponse(int status, long contentLength) {
        return this;
    }

    @Override
    public NoopTracer addException(Throwable throwable) {
        return this;
    }

    @Override
    public NoopTracer setError(boolean error) {
        return this;
    }

    @Override
    public NoopTracer setFault(boolean fault) {
        return this;
    }

    @Override
    public NoopTracer setThrottle(boolean throttle) {
        return this;
    }

    @Override
    public String traceHeader() {
        return null;
    }

    @Override
    public void close() {
    }

    @Override
    public Segment setUser(String user) {
        return this;
    }

    @Override
    public Segment setServiceVersion(String version) {
        return this;
    }

    @Override
    public Segment setOrigin(String origin) {
        return this;
    }

    @Override
    public Subsegment setNamespace(String namespace) {
        return this;
    }

    @Override
    public Subsegment putSql(String key, String value) {
        return this;
    }

    @Override
    public Subsegment putAws(String key, Object value) {
        return this;
    }

    @Override
    public Subsegment addPrecursor(Subsegment sibling) {
        return this;
    }
}
