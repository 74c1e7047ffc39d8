package dev.monitor.core;

import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.CounterBuilder;
import dev.monitor.api.metrics.Distribution;
import dev.monitor.api.metrics.DistributionBuilder;
import dev.monitor.api.metrics.Gauge;
import dev.monitor.api.metrics.GaugeBuilder;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.metrics.Timer;
import dev.monitor.api.metrics.TimerBuilder;
import java.util.LinkedHashSet;
import java.util.Set;

/** Passes registrations on to a registry and keeps the names: the dashboard lists built-in metrics after the application's. */
final class NameRecorder implements Metrics {
    private final Metrics target;
    private final Set<String> names = new LinkedHashSet<>();

    NameRecorder(Metrics target) {
        this.target = target;
    }

    Set<String> names() {
        return Set.copyOf(names);
    }

    @Override
    public CounterBuilder counterBuilder(String name) {
        names.add(name);
        return target.counterBuilder(name);
    }

    @Override
    public GaugeBuilder gaugeBuilder(String name) {
        names.add(name);
        return target.gaugeBuilder(name);
    }

    @Override
    public TimerBuilder timerBuilder(String name) {
        names.add(name);
        return target.timerBuilder(name);
    }

    @Override
    public DistributionBuilder distributionBuilder(String name) {
        names.add(name);
        return target.distributionBuilder(name);
    }

    @Override
    public Counter counter(String name, String... dimensionPairs) {
        names.add(name);
        return target.counter(name, dimensionPairs);
    }

    @Override
    public Gauge gauge(String name, String... dimensionPairs) {
        names.add(name);
        return target.gauge(name, dimensionPairs);
    }

    @Override
    public Timer timer(String name, String... dimensionPairs) {
        names.add(name);
        return target.timer(name, dimensionPairs);
    }

    @Override
    public Distribution distribution(String name, String... dimensionPairs) {
        names.add(name);
        return target.distribution(name, dimensionPairs);
    }
}
