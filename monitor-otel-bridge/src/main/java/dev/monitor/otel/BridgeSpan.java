package dev.monitor.otel;

import dev.monitor.api.trace.TraceEntity;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An OpenTelemetry span standing for one X-Ray entity. What the span is given is kept here and
 * written to the entity once, when the span ends, on the thread that ends it: an X-Ray entity has
 * one writer, while a span may be touched from several threads.
 */
final class BridgeSpan implements Span {

    private final TraceEntity entity;
    private final SpanKind kind;
    private final SpanMapping mapping;
    private final SpanContext context;
    private final Map<String, Object> attributes;
    private final List<Throwable> exceptions = new ArrayList<>(0);
    private StatusCode status = StatusCode.UNSET;
    private boolean ended;

    BridgeSpan(TraceEntity entity, SpanKind kind, Map<String, Object> attributes, SpanMapping mapping) {
        this.entity = entity;
        this.kind = kind;
        this.mapping = mapping;
        this.attributes = new LinkedHashMap<>(attributes);
        this.context = spanContext(entity);
    }

    TraceEntity entity() {
        return entity;
    }

    /** X-Ray's {@code 1-5759e988-bd862e3fe1be46a994272793} is W3C's {@code 5759e988bd862e3fe1be46a994272793}. */
    private static SpanContext spanContext(TraceEntity entity) {
        String traceId = entity.traceId();
        String id = entity.id();
        if (traceId == null || traceId.length() != 35 || id == null || id.length() != 16) {
            return SpanContext.getInvalid();
        }
        String hex = traceId.substring(2, 10) + traceId.substring(11);
        return SpanContext.create(hex, id, entity.sampled() ? TraceFlags.getSampled() : TraceFlags.getDefault(),
                TraceState.getDefault());
    }

    @Override
    public synchronized <T> Span setAttribute(AttributeKey<T> key, T value) {
        if (!ended && key != null && entity.sampled()) {
            if (value == null) {
                attributes.remove(key.getKey());
            } else {
                attributes.put(key.getKey(), value);
            }
        }
        return this;
    }

    /** Events other than exceptions have no place in an X-Ray document. */
    @Override
    public Span addEvent(String name, Attributes attributes) {
        return this;
    }

    @Override
    public Span addEvent(String name, Attributes attributes, long timestamp, TimeUnit unit) {
        return this;
    }

    @Override
    public synchronized Span setStatus(StatusCode statusCode, String description) {
        // OK is final in OpenTelemetry: a later ERROR does not undo it.
        if (!ended && statusCode != null && status != StatusCode.OK) {
            status = statusCode;
        }
        return this;
    }

    @Override
    public synchronized Span recordException(Throwable exception, Attributes additionalAttributes) {
        if (!ended && exception != null) {
            exceptions.add(exception);
        }
        return this;
    }

    /** An X-Ray entity's name is fixed when it begins. */
    @Override
    public Span updateName(String name) {
        return this;
    }

    @Override
    public void end() {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
        }
        mapping.finish(entity, kind, attributes, status, exceptions);
        entity.close();
    }

    /** X-Ray entities end by Monitor's clock: an explicit end time is not kept. */
    @Override
    public void end(long timestamp, TimeUnit unit) {
        end();
    }

    @Override
    public SpanContext getSpanContext() {
        return context;
    }

    @Override
    public synchronized boolean isRecording() {
        return !ended && entity.sampled();
    }
}
