package dev.monitor.otlp.internal;

import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.ExporterContext;
import dev.monitor.core.export.Signal;
import dev.monitor.core.export.UsageMeter;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.core.metrics.MetricKind;
import dev.monitor.testing.ManualClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A loopback receiver, a manual clock, the monitor's own metrics and the waits between retries, for one test. */
final class Fixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    final ManualClock clock = new ManualClock(T0);
    final SelfMetrics self = new SelfMetrics(clock);
    final OtlpReceiver receiver;
    final List<Duration> waits = new ArrayList<>();
    final Map<MetricId, MetricKind> kinds = new HashMap<>();
    final List<String> problems = new ArrayList<>();

    Fixture() throws IOException {
        receiver = new OtlpReceiver();
    }

    ExporterContext context() {
        return new ExporterContext("otlp", new DataLayout(Path.of("target", "unused-data-dir")), clock, self.self(), Runnable::run,
                UsageMeter.NONE, id -> kinds.getOrDefault(id, MetricKind.UNKNOWN));
    }

    /** An exporter of {@code signal} to the receiver with {@code settings} (key, value, ...) and no environment. */
    <T> Exporter<T> exporter(Signal<T> signal, Object... settings) {
        return exporter(signal, Map.of(), settings);
    }

    /** As above, with the environment {@code env}; the endpoint is the receiver's unless the settings or env give one. */
    <T> Exporter<T> exporter(Signal<T> signal, Map<String, String> env, Object... settings) {
        Map<String, Object> entry = new LinkedHashMap<>();
        boolean endpointGiven = env.keySet().stream().anyMatch(k -> k.endsWith("ENDPOINT"));
        for (int i = 0; i < settings.length; i += 2) {
            entry.put((String) settings[i], settings[i + 1]);
            endpointGiven |= ((String) settings[i]).endsWith("endpoint");
        }
        if (!endpointGiven) {
            entry.put("endpoint", receiver.url());
        }
        ConfigNode node = ConfigNode.of("exporters[0]", entry, problems);
        Exporter<T> exporter = new OtlpProvider(env, duration -> waits.add(duration)).create(signal, context(), node);
        node.rejectUnknownKeys();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return exporter;
    }

    double dropped(Signal<?> signal, String reason) {
        return self.sum("Dropped", "Signal", signal.name(), "Exporter", "otlp", "Reason", reason);
    }

    @Override
    public void close() {
        receiver.close();
    }
}
