/**
 * Not API: the parts of monitor-xray that only the monitor's wiring uses, public only so that
 * {@code dev.monitor.xray} and {@link java.util.ServiceLoader} can reach them. The tracer's
 * emitter thread ({@link dev.monitor.xray.internal.EmitterThread}) and the two exporter types of
 * segment documents: {@code segment-files} and {@code xray-daemon}. They may change in any release.
 * This package depends on monitor-core only, never on {@code dev.monitor.xray}.
 */
package dev.monitor.xray.internal;
