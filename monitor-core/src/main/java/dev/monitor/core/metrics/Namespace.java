package dev.monitor.core.metrics;

import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.CounterBuilder;
import dev.monitor.api.metrics.Dimension;
import dev.monitor.api.metrics.Distribution;
import dev.monitor.api.metrics.DistributionBuilder;
import dev.monitor.api.metrics.Gauge;
import dev.monitor.api.metrics.GaugeBuilder;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Timer;
import dev.monitor.api.metrics.TimerBuilder;
import dev.monitor.api.metrics.Unit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/** The instruments of one CloudWatch namespace. */
final class Namespace implements Metrics {
    final String name;
    private final MetricRegistry registry;
    private final ConcurrentHashMap<String, Family> families = new ConcurrentHashMap<>();

    Namespace(String name, MetricRegistry registry) {
        this.name = name;
        this.registry = registry;
    }

    // ---- lookups: the hot path. Never throw; a bad lookup yields a no-op instrument.

    @Override
    public Counter counter(String metricName, String... dimensionPairs) {
        try {
            Family family = families.get(metricName);
            if (family != null && family.kind == Kind.COUNTER
                    && family.find(dimensionPairs) instanceof Counter counter) {
                return counter;
            }
        } catch (RuntimeException e) {
            // a null name or dimension string: reported by the slow path below
        }
        return lookupSlowly(Kind.COUNTER, metricName, dimensionPairs, Counter.class, MetricRegistry.NOOP.counter(""));
    }

    @Override
    public Timer timer(String metricName, String... dimensionPairs) {
        try {
            Family family = families.get(metricName);
            if (family != null && family.kind == Kind.TIMER && family.find(dimensionPairs) instanceof Timer timer) {
                return timer;
            }
        } catch (RuntimeException e) {
            // reported by the slow path
        }
        return lookupSlowly(Kind.TIMER, metricName, dimensionPairs, Timer.class, MetricRegistry.NOOP.timer(""));
    }

    @Override
    public Distribution distribution(String metricName, String... dimensionPairs) {
        try {
            Family family = families.get(metricName);
            if (family != null && family.kind == Kind.DISTRIBUTION
                    && family.find(dimensionPairs) instanceof Distribution distribution) {
                return distribution;
            }
        } catch (RuntimeException e) {
            // reported by the slow path
        }
        return lookupSlowly(Kind.DISTRIBUTION, metricName, dimensionPairs, Distribution.class,
                MetricRegistry.NOOP.distribution(""));
    }

    @Override
    public Gauge gauge(String metricName, String... dimensionPairs) {
        try {
            Family family = families.get(metricName);
            if (family != null && family.kind == Kind.GAUGE && family.find(dimensionPairs) instanceof Gauge gauge) {
                return gauge;
            }
        } catch (RuntimeException e) {
            // reported by the slow path
        }
        return lookupSlowly(Kind.GAUGE, metricName, dimensionPairs, Gauge.class, MetricRegistry.NOOP.gauge(""));
    }

    private <I> I lookupSlowly(Kind kind, String metricName, String[] pairs, Class<I> type, I noop) {
        try {
            List<Dimension> dimensions = dimensionsOf(pairs);
            Series series = register(kind, metricName, dimensions, null, null, pairs.clone(), seriesFactory(kind));
            if (type.isInstance(series)) {
                return type.cast(series);
            }
            throw new IllegalArgumentException("metric '" + metricName + "' is registered as an observed "
                    + kind.label() + ", which cannot be recorded into");
        } catch (RuntimeException e) {
            registry.invalidLookup(name, metricName, e);
            return noop;
        }
    }

    private static List<Dimension> dimensionsOf(String[] pairs) {
        if (pairs == null) {
            return List.of();
        }
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException(pairs.length
                    + " dimension strings given; they must come in name, value pairs");
        }
        List<Dimension> dimensions = new ArrayList<>(pairs.length / 2);
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i] == null || pairs[i + 1] == null) {
                throw new IllegalArgumentException("dimension " + (i / 2 + 1) + " has a null name or value");
            }
            dimensions.add(new Dimension(pairs[i], pairs[i + 1]));
        }
        return dimensions;
    }

    // ---- registration

    Function<MetricId, Series> seriesFactory(Kind kind) {
        return switch (kind) {
            case COUNTER -> id -> new CounterSeries(id, invalidValues());
            case GAUGE -> id -> new GaugeSeries(id, invalidValues());
            case TIMER -> id -> new TimerSeries(id, invalidValues());
            case DISTRIBUTION -> id -> new DistributionSeries(id, invalidValues());
        };
    }

    /**
     * Finds or creates a series. A null unit or resolution means "the family's, or the default".
     *
     * @throws IllegalArgumentException naming the bad value and the rule it breaks
     */
    Series register(Kind kind, String metricName, List<Dimension> dimensions, Unit unit, Resolution resolution,
                    String[] aliasPairs, Function<MetricId, Series> create) {
        String error = CloudWatchNames.metricNameError(metricName);
        if (error == null) {
            error = CloudWatchNames.dimensionsError(dimensions);
        }
        if (error != null) {
            throw new IllegalArgumentException(error);
        }
        Family family = families.computeIfAbsent(metricName, n -> {
            Unit chosen = unit != null ? unit : kind.defaultUnit;
            if (kind == Kind.TIMER) {
                TimerSeries.unitsPerNano(chosen);
            }
            return new Family(name, n, kind, chosen, resolution != null ? resolution : registry.defaultResolution,
                    registry.cardinalityLimit, () -> registry.cardinalityExceeded(name, n));
        });
        if (family.kind != kind) {
            throw new IllegalArgumentException("metric '" + metricName + "' is already registered as a "
                    + family.kind.label() + "; it cannot also be a " + kind.label());
        }
        if (unit != null && unit != family.unit) {
            throw new IllegalArgumentException("metric '" + metricName + "' is already registered with unit "
                    + family.unit.cloudWatchName() + "; it cannot also have unit " + unit.cloudWatchName());
        }
        if (resolution != null && resolution != family.resolution) {
            throw new IllegalArgumentException("metric '" + metricName + "' is already registered with a storage resolution of "
                    + family.resolution.seconds() + " s; it cannot also have " + resolution.seconds() + " s");
        }
        return family.resolve(dimensions, aliasPairs, create);
    }

    @Override
    public CounterBuilder counterBuilder(String metricName) {
        return new Builders.OfCounter(this, metricName);
    }

    @Override
    public GaugeBuilder gaugeBuilder(String metricName) {
        return new Builders.OfGauge(this, metricName);
    }

    @Override
    public TimerBuilder timerBuilder(String metricName) {
        return new Builders.OfTimer(this, metricName);
    }

    @Override
    public DistributionBuilder distributionBuilder(String metricName) {
        return new Builders.OfDistribution(this, metricName);
    }

    void collect(Resolution resolution, Instant periodStart, Collection<Datapoint> into) {
        for (Family family : families.values()) {
            if (family.resolution == resolution) {
                family.collect(periodStart, into);
            }
        }
    }

    LongAdder invalidValues() {
        return registry.invalidValues;
    }

    int seriesCount(String metricName) {
        Family family = families.get(metricName);
        return family == null ? 0 : family.seriesCount();
    }
}
