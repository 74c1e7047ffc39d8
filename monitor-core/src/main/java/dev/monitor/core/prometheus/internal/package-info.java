/**
 * The runtime behind {@link dev.monitor.core.prometheus.PrometheusSettings}: the totals kept from
 * each ended period ({@code Totals}), CloudWatch names in Prometheus' rules ({@code Names}), the
 * text format 0.0.4 and OpenMetrics 1.0 writer ({@code Exposition}), the protobuf writer with native
 * histograms ({@code ProtobufExposition}, {@code ProtoWriter}, {@code NativeBuckets}) and the HTTP handler Monitor
 * serves on its dashboard server ({@link dev.monitor.core.prometheus.internal.PrometheusEndpoint}).
 * Exemplars are kept by the metrics runtime ({@code MetricRegistry.keepExemplars}) and only read
 * here. Not API: the public type here serves Monitor's wiring and may change in any release.
 */
package dev.monitor.core.prometheus.internal;
