package dev.monitor.otel;

import dev.monitor.api.trace.TraceEntity;
import dev.monitor.api.trace.Tracer;
import dev.monitor.xray.XRayTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Collects what a span starts with, then begins the X-Ray entity that stands for it. */
final class BridgeSpanBuilder implements SpanBuilder {

    private final Tracer tracer;
    private final SpanMapping mapping;
    private final String name;
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private Context parent;
    private boolean noParent;
    private SpanKind kind = SpanKind.INTERNAL;

    BridgeSpanBuilder(Tracer tracer, SpanMapping mapping, String name) {
        this.tracer = tracer;
        this.mapping = mapping;
        this.name = name;
    }

    @Override
    public SpanBuilder setParent(Context context) {
        if (context != null) {
            parent = context;
            noParent = false;
        }
        return this;
    }

    @Override
    public SpanBuilder setNoParent() {
        noParent = true;
        parent = null;
        return this;
    }

    @Override
    public SpanBuilder addLink(SpanContext spanContext) {
        return this;
    }

    @Override
    public SpanBuilder addLink(SpanContext spanContext, Attributes attributes) {
        return this;
    }

    @Override
    public SpanBuilder setAttribute(String key, String value) {
        return put(key, value);
    }

    @Override
    public SpanBuilder setAttribute(String key, long value) {
        return put(key, value);
    }

    @Override
    public SpanBuilder setAttribute(String key, double value) {
        return put(key, value);
    }

    @Override
    public SpanBuilder setAttribute(String key, boolean value) {
        return put(key, value);
    }

    @Override
    public <T> SpanBuilder setAttribute(AttributeKey<T> key, T value) {
        return key == null ? this : put(key.getKey(), value);
    }

    private SpanBuilder put(String key, Object value) {
        if (key != null) {
            if (value == null) {
                attributes.remove(key);
            } else {
                attributes.put(key, value);
            }
        }
        return this;
    }

    @Override
    public SpanBuilder setSpanKind(SpanKind spanKind) {
        if (spanKind != null) {
            kind = spanKind;
        }
        return this;
    }

    /** X-Ray times an entity by Monitor's clock from when it begins: an explicit start is not kept. */
    @Override
    public SpanBuilder setStartTimestamp(long startTimestamp, TimeUnit unit) {
        return this;
    }

    @Override
    public Span startSpan() {
        Span parentSpan = noParent ? Span.getInvalid() : Span.fromContext(parent != null ? parent : Context.current());
        String entityName = mapping.entityName(name, attributes);
        TraceEntity entity;
        if (parentSpan instanceof BridgeSpan bridged) {
            entity = child(bridged.entity(), entityName);
        } else if (parentSpan.getSpanContext().isValid()) {
            entity = segment(entityName, SpanMapping.traceparent(parentSpan.getSpanContext()));
        } else if (!noParent && tracer.current() != null) {
            entity = child(tracer.current(), entityName);
        } else {
            entity = segment(entityName, null);
        }
        return new BridgeSpan(entity, kind, attributes, mapping);
    }

    /**
     * A subsegment that is not made current in Monitor's context: an OpenTelemetry span becomes
     * current only through its own {@code makeCurrent()}, and may end on another thread.
     */
    private TraceEntity child(TraceEntity parentEntity, String entityName) {
        if (tracer instanceof XRayTracer xray) {
            return xray.beginDetached(parentEntity, entityName);
        }
        dev.monitor.api.context.Context before = dev.monitor.api.context.Context.current();
        TraceEntity entity = tracer.beginSubsegment(parentEntity, entityName);
        before.makeCurrent();
        return entity;
    }

    /** A segment, continuing {@code traceparent} when given; sampling rules see the request's host, method and path. */
    private TraceEntity segment(String entityName, String traceparent) {
        dev.monitor.api.context.Context before = dev.monitor.api.context.Context.current();
        TraceEntity entity;
        if (tracer instanceof XRayTracer xray) {
            entity = xray.beginSegment(entityName, traceparent, mapping.host(attributes), mapping.method(attributes),
                    mapping.path(attributes));
        } else {
            entity = traceparent == null ? tracer.beginSegment(entityName) : tracer.beginSegment(entityName, traceparent);
        }
        // Monitor makes a segment current on this thread; the span is current only when made so.
        before.makeCurrent();
        return entity;
    }
}
