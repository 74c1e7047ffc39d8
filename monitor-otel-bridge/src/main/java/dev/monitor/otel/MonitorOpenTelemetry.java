package dev.monitor.otel;

import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.trace.Tracer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import java.util.Objects;
import java.util.Set;

/**
 * The OpenTelemetry API over Monitor, without the OpenTelemetry SDK: spans become X-Ray segments
 * and subsegments of Monitor's tracer, instruments become Monitor's metrics. Install it where a
 * library asks for an {@link OpenTelemetry} (or as {@code GlobalOpenTelemetry.set(...)}).
 *
 * <p>What maps to what (the reverse of the OTLP exporters' mapping, see the README's "Interop"):
 * <ul>
 *   <li>A span with no parent, or a remote parent, is a segment (a remote parent's trace id and
 *       span id continue as X-Ray's {@code Root} and {@code Parent}); a span under a bridge span, or
 *       under the entity Monitor's own instrumentation made current, is a subsegment.</li>
 *   <li>HTTP, database and AWS SDK attributes of OpenTelemetry's semantic conventions fill X-Ray's
 *       {@code http}, {@code sql} and {@code aws} fields; other attributes go to metadata in the
 *       {@code default} namespace, or to annotations for the keys listed in
 *       {@link #withAnnotatedAttributes} (dots become underscores, as X-Ray keys allow).</li>
 *   <li>An HTTP status 429 marks throttle and error, other 4xx error, 5xx fault; an ERROR status
 *       without an HTTP status marks fault.</li>
 *   <li>Counters are counters; histograms with a time unit ({@code s}, {@code ms}, {@code us},
 *       {@code ns}) are timers and other histograms distributions; gauges and up-down counters are
 *       gauges; observable instruments are read once per period. Attributes are dimensions.</li>
 * </ul>
 *
 * <p>Not carried over: explicit start and end timestamps (X-Ray entities are timed by Monitor's
 * clock), span links, renaming a started span, and events other than exceptions.
 */
public final class MonitorOpenTelemetry implements OpenTelemetry {

    private final SpanMapping mapping;
    private final Tracer tracer;
    private final BridgeMeters meters;

    private MonitorOpenTelemetry(Metrics metrics, Tracer tracer, SpanMapping mapping) {
        this.tracer = tracer;
        this.mapping = mapping;
        this.meters = new BridgeMeters(metrics);
    }

    /** The OpenTelemetry API recording into {@code metrics} and {@code tracer} (say {@code monitor.tracer()}). */
    public static MonitorOpenTelemetry create(Metrics metrics, Tracer tracer) {
        return new MonitorOpenTelemetry(Objects.requireNonNull(metrics, "metrics"),
                Objects.requireNonNull(tracer, "tracer"), new SpanMapping(Set.of()));
    }

    /** A copy that writes the attributes named here as X-Ray annotations (searchable in filter expressions). */
    public MonitorOpenTelemetry withAnnotatedAttributes(Set<String> keys) {
        return new MonitorOpenTelemetry(meters.metrics(), tracer, new SpanMapping(Set.copyOf(keys)));
    }

    @Override
    public TracerProvider getTracerProvider() {
        return new BridgeTracer(tracer, mapping);
    }

    @Override
    public MeterProvider getMeterProvider() {
        return meters;
    }

    /** W3C trace context, which Monitor's tracer also reads from incoming requests. */
    @Override
    public ContextPropagators getPropagators() {
        return ContextPropagators.create(W3CTraceContextPropagator.getInstance());
    }
}
