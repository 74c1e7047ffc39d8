package dev.monitor.benchmarks;

import dev.monitor.core.Monitor;
import dev.monitor.core.metrics.BuiltinMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;

/**
 * Each library set up the way its documentation recommends, with nothing exported during the
 * measurement: Monitor with its collector thread and no exporters; Micrometer's
 * {@code SimpleMeterRegistry}; the OpenTelemetry SDK with an in-memory reader (a provider with no
 * reader records nothing); a Prometheus registry; a Dropwizard registry.
 */
final class Peers implements AutoCloseable {
    final Monitor monitor;
    final SimpleMeterRegistry micrometer = new SimpleMeterRegistry();
    final SdkMeterProvider otelProvider = SdkMeterProvider.builder().registerMetricReader(InMemoryMetricReader.create()).build();
    final Meter otel = otelProvider.get("benchmarks");
    final PrometheusRegistry prometheus = new PrometheusRegistry();
    final com.codahale.metrics.MetricRegistry dropwizard = new com.codahale.metrics.MetricRegistry();

    Peers() {
        try {
            Monitor.Builder builder = Monitor.builder().namespace("Bench")
                    .dataDir(Files.createTempDirectory("monitor-bench"));
            for (BuiltinMetrics.Group group : BuiltinMetrics.Group.values()) {
                builder.builtin(group, false);
            }
            monitor = builder.build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        monitor.close();
        micrometer.close();
        otelProvider.close();
    }
}
