package dev.monitor.core.export;

import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.metrics.Datapoint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * A metrics exporter type for tests, registered in the test resources' {@code META-INF/services}:
 * {@code type: test-metrics} with the settings {@code label} and {@code billed} (when true, it reports
 * one {@code AmazonCloudWatch CW:Requests} per batch to its {@link UsageMeter}, as a PutMetricData call
 * would). Every exporter it makes is kept in {@link #made} with its label, so a test can see which
 * entry made which exporter.
 */
public final class TestMetricsProvider implements ExporterProvider {
    /** What each exporter was made with and received; tests clear it. */
    public static final List<Made> made = Collections.synchronizedList(new ArrayList<>());

    /** One exporter and what it received. */
    public record Made(String name, String label, List<Datapoint> received, UsageMeter usage, List<Integer> batches)
            implements Exporter<Datapoint> {
        public Made(String name, String label, List<Datapoint> received) {
            this(name, label, received, UsageMeter.NONE, Collections.synchronizedList(new ArrayList<>()));
        }

        @Override
        public void export(List<Datapoint> batch) {
            received.addAll(batch);
            batches.add(batch.size());
            usage.record("AmazonCloudWatch", "CW:Requests", 1);
        }
    }

    @Override
    public String type() {
        return "test-metrics";
    }

    @Override
    public Set<Signal<?>> signals() {
        return Set.of(Signal.METRICS);
    }

    @Override
    public <T> Exporter<T> create(Signal<T> signal, ExporterContext context, ConfigNode settings) {
        Made exporter = new Made(context.name(), settings.string("label", "configured"),
                Collections.synchronizedList(new ArrayList<>()), settings.bool("billed", false) ? context.usage() : UsageMeter.NONE,
                Collections.synchronizedList(new ArrayList<>()));
        made.add(exporter);
        return signal.as(Signal.METRICS, exporter);
    }
}
