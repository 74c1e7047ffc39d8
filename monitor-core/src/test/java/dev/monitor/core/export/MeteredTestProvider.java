package dev.monitor.core.export;

import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.metrics.Datapoint;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A metrics exporter type for tests that bills like an AWS exporter: {@code type: metered-test}
 * reports one {@code AmazonCloudWatch CW:Requests} per batch to its {@link UsageMeter}, as a
 * PutMetricData call would, and keeps each batch it exported by exporter name. Listed in the test
 * resources' {@code META-INF/services}; each test uses exporter names of its own.
 */
public final class MeteredTestProvider implements ExporterProvider {
    static final Map<String, List<List<Datapoint>>> EXPORTED = new ConcurrentHashMap<>();

    @Override
    public String type() {
        return "metered-test";
    }

    @Override
    public Set<Signal<?>> signals() {
        return Set.of(Signal.METRICS);
    }

    @Override
    public <T> Exporter<T> create(Signal<T> signal, ExporterContext context, ConfigNode settings) {
        List<List<Datapoint>> batches = EXPORTED.computeIfAbsent(context.name(), n -> new CopyOnWriteArrayList<>());
        Exporter<Datapoint> exporter = batch -> {
            batches.add(List.copyOf(batch));
            context.usage().record("AmazonCloudWatch", "CW:Requests", 1);
        };
        return signal.as(Signal.METRICS, exporter);
    }
}
