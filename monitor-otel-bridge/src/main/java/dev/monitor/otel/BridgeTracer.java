package dev.monitor.otel;

import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerBuilder;
import io.opentelemetry.api.trace.TracerProvider;

/** One tracer for every instrumentation scope: X-Ray has no notion of scope. */
final class BridgeTracer implements TracerProvider, TracerBuilder, Tracer {

    private final dev.monitor.api.trace.Tracer tracer;
    private final SpanMapping mapping;

    BridgeTracer(dev.monitor.api.trace.Tracer tracer, SpanMapping mapping) {
        this.tracer = tracer;
        this.mapping = mapping;
    }

    @Override
    public Tracer get(String instrumentationScopeName) {
        return this;
    }

    @Override
    public Tracer get(String instrumentationScopeName, String instrumentationScopeVersion) {
        return this;
    }

    @Override
    public TracerBuilder tracerBuilder(String instrumentationScopeName) {
        return this;
    }

    @Override
    public TracerBuilder setSchemaUrl(String schemaUrl) {
        return this;
    }

    @Override
    public TracerBuilder setInstrumentationVersion(String instrumentationScopeVersion) {
        return this;
    }

    @Override
    public Tracer build() {
        return this;
    }

    @Override
    public SpanBuilder spanBuilder(String spanName) {
        return new BridgeSpanBuilder(tracer, mapping, spanName);
    }
}
