/**
 * Not API: monitor-xray's implementation, public only so that the monitor's wiring and
 * {@link java.util.ServiceLoader} can reach it. The tracer ({@link dev.monitor.xray.internal.TraceEngine},
 * what {@code monitor.tracer()} returns as a {@link dev.monitor.xray.XRayTracer}) with its entities,
 * documents and emitter thread; the provider the monitor finds it through
 * ({@link dev.monitor.xray.internal.XRayTracerProvider}), which hands it the monitor's traces pipeline;
 * and the two exporter types of segment documents, {@code segment-files} and {@code xray-daemon}.
 * They may change in any release. This package depends on {@code dev.monitor.xray} (the settings,
 * the sampler, the trace index), never the reverse, so the two form no cycle.
 */
package dev.monitor.xray.internal;
