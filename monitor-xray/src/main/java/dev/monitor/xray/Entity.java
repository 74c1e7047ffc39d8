package dev.monitor.xray;

import dev.monitor.api.context.Context;
import dev.monitor.api.context.Scope;
import dev.monitor.api.trace.Segment;
import dev.monitor.api.trace.Subsegment;
import dev.monitor.api.trace.TraceEntity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A segment or subsegment being recorded. Its state is written by the application until it is
 * closed, then read once by the emitter thread; writes after close are ignored. The segment
 * counts its open entities and is sent when the count reaches zero.
 */
final class Entity implements Segment, Subsegment {
    private static final Pattern ANNOTATION_KEY = Pattern.compile("[a-zA-Z0-9_]{1,500}");

    final XRayTracer tracer;
    final Entity root;
    final Entity parent;
    final String traceId;
    final String id;
    final String name;
    final boolean sampled;
    final String upstreamParent;
    final long startMicros;
    volatile long endMicros = -1;
    String namespace;
    String user;
    String serviceVersion;
    String origin;
    final Map<String, Object> annotations = new LinkedHashMap<>();
    final Map<String, Map<String, Object>> metadata = new LinkedHashMap<>();
    final Map<String, Object> httpRequest = new LinkedHashMap<>();
    final Map<String, Object> sql = new LinkedHashMap<>();
    final Map<String, Object> aws = new LinkedHashMap<>();
    int status = -1;
    long contentLength = -1;
    boolean error;
    boolean fault;
    boolean throttle;
    final List<Throwable> exceptions = new ArrayList<>();
    final List<Entity> children = new ArrayList<>();
    /** On the root: entities not yet closed, and subsegments recorded. */
    final AtomicInteger open;
    final AtomicInteger subsegments;
    private final Thread creator;
    private Scope scope;

    Entity(XRayTracer tracer, Entity parent, String traceId, String name, boolean sampled, String upstreamParent) {
        this.tracer = tracer;
        this.parent = parent;
        this.root = parent == null ? this : parent.root;
        this.traceId = traceId;
        this.id = Ids.entityId();
        this.name = name;
        this.sampled = sampled;
        this.upstreamParent = upstreamParent;
        Instant now = tracer.clock().instant();
        this.startMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
        this.open = parent == null ? new AtomicInteger() : null;
        this.subsegments = parent == null ? new AtomicInteger() : null;
        this.creator = Thread.currentThread();
        root.open.incrementAndGet();
        if (parent != null) {
            synchronized (root) {
                parent.children.add(this);
            }
            root.subsegments.incrementAndGet();
        }
    }

    /** Makes this the current entity of the creating thread until it is closed there. */
    Entity makeCurrent() {
        scope = Context.current().with(XRayTracer.CURRENT, this).withTrace(traceId, id).makeCurrent();
        return this;
    }

    /** Details are kept only when the trace is sampled; outcome flags always (segment metrics count them). */
    boolean writable() {
        return sampled && endMicros < 0;
    }

    private boolean open() {
        return endMicros < 0;
    }

    @Override
    public String traceId() {
        return traceId;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean sampled() {
        return sampled;
    }

    @Override
    public Entity putAnnotation(String key, Object value) {
        boolean validValue = value instanceof String || value instanceof Number || value instanceof Boolean;
        if (key == null || !ANNOTATION_KEY.matcher(key).matches() || !validValue) {
            tracer.invalid();
            return this;
        }
        if (writable()) {
            annotations.put(key, value);
        }
        return this;
    }

    @Override
    public Entity putMetadata(String namespace, String key, Object value) {
        if (writable() && key != null) {
            metadata.computeIfAbsent(namespace == null ? "default" : namespace, n -> new LinkedHashMap<>()).put(key, value);
        }
        return this;
    }

    @Override
    public Entity putHttpRequest(String key, Object value) {
        if (writable() && key != null) {
            httpRequest.put(key, value);
        }
        return this;
    }

    @Override
    public Entity setHttpResponse(int status, long contentLength) {
        if (open()) {
            this.status = status;
            this.contentLength = contentLength;
            // As the X-Ray SDKs flag them: 4xx an error, 429 also a throttle, 5xx a fault.
            if (status >= 400 && status < 500) {
                error = true;
                throttle |= status == 429;
            } else if (status >= 500) {
                fault = true;
            }
        }
        return this;
    }

    @Override
    public Entity addException(Throwable throwable) {
        if (open() && throwable != null) {
            if (sampled) {
                exceptions.add(throwable);
            }
            if ("remote".equals(namespace)) {
                error = true;
            } else {
                fault = true;
            }
        }
        return this;
    }

    @Override
    public Entity setError(boolean error) {
        if (open()) {
            this.error = error;
        }
        return this;
    }

    @Override
    public Entity setFault(boolean fault) {
        if (open()) {
            this.fault = fault;
        }
        return this;
    }

    @Override
    public Entity setThrottle(boolean throttle) {
        if (open()) {
            this.throttle = throttle;
        }
        return this;
    }

    @Override
    public String traceHeader() {
        return new TraceHeader(traceId, id, sampled, null, Map.of()).toString();
    }

    @Override
    public Entity setUser(String user) {
        if (writable()) {
            this.user = user;
        }
        return this;
    }

    @Override
    public Entity setServiceVersion(String version) {
        if (writable()) {
            this.serviceVersion = version;
        }
        return this;
    }

    @Override
    public Entity setOrigin(String origin) {
        if (writable()) {
            this.origin = origin;
        }
        return this;
    }

    @Override
    public Entity setNamespace(String namespace) {
        if (open() && ("remote".equals(namespace) || "aws".equals(namespace))) {
            this.namespace = namespace;
        }
        return this;
    }

    @Override
    public Entity putSql(String key, String value) {
        if (writable() && key != null) {
            sql.put(key, value);
        }
        return this;
    }

    @Override
    public Entity putAws(String key, Object value) {
        if (writable() && key != null) {
            aws.put(key, value);
        }
        return this;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (endMicros >= 0) {
                return;
            }
            Instant now = tracer.clock().instant();
            endMicros = Math.max(startMicros, now.getEpochSecond() * 1_000_000L + now.getNano() / 1000);
        }
        // A scope restores only the thread that opened it: closing elsewhere leaves that thread alone.
        if (scope != null && Thread.currentThread() == creator) {
            scope.close();
        }
        tracer.ended(this);
    }
}
