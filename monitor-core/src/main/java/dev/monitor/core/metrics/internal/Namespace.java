package dev.monitor.core.metrics.internal;

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
import dev.monitor.core.metrics.CloudWatchNames;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/** The instruments of one CloudWatch namespace. */
final class Namespace implements Metrics {
    final String name;
    private final MetricRegistry registry;
    private final ConcurrentHashMap<String, Family> families = new ConcurrentHashMap<>();
    private final LookupTable lookups = new LookupTable(65_536);
    /** Per kind, where names past the limit fold. */
    private final AtomicReferenceArray<Family> nameOverflow = new AtomicReferenceArray<>(Kind.values().length);

    Namespace(String name, MetricRegistry registry) {
        this.name = name;
        this.registry = registry;
    }

    // ---- lookups: the hot path. Never throw; a bad lookup yields a no-op instrument.
    // A hit in the lookup table is returned at once; anything else (a new dimension set, a null,
    // a name of another kind) goes the slow way, which validates, creates or reports. The fixed
    // arities keep the hot path free of arrays; each stays small and shallow so the JIT inlines it.

    @Override
    public Counter counter(String metricName, String... dimensionPairs) {
        return lookups.find(metricName, dimensionPairs) instanceof Counter found
                ? found : lookupSlowly(Kind.COUNTER, Counter.class, metricName, dimensionPairs);
    }

    @Override
    public Counter counter(String metricName) {
        return lookups.find(metricName, 0, null, null, null, null, null, null) instanceof Counter found
                ? found : lookupSlowly(Kind.COUNTER, Counter.class, metricName);
    }

    @Override
    public Counter counter(String metricName, String d1, String v1) {
        return lookups.find(metricName, 1, d1, v1, null, null, null, null) instanceof Counter found
                ? found : lookupSlowly(Kind.COUNTER, Counter.class, metricName, d1, v1);
    }

    @Override
    public Counter counter(String metricName, String d1, String v1, String d2, String v2) {
        return lookups.find(metricName, 2, d1, v1, d2, v2, null, null) instanceof Counter found
                ? found : lookupSlowly(Kind.COUNTER, Counter.class, metricName, d1, v1, d2, v2);
    }

    @Override
    public Counter counter(String metricName, String d1, String v1, String d2, String v2, String d3, String v3) {
        return lookups.find(metricName, 3, d1, v1, d2, v2, d3, v3) instanceof Counter found
                ? found : lookupSlowly(Kind.COUNTER, Counter.class, metricName, d1, v1, d2, v2, d3, v3);
    }

    @Override
    public Gauge gauge(String metricName, String... dimensionPairs) {
        return lookups.find(metricName, dimensionPairs) instanceof Gauge found
                ? found : lookupSlowly(Kind.GAUGE, Gauge.class, metricName, dimensionPairs);
    }

    @Override
    public Gauge gauge(String metricName) {
        return lookups.find(metricName, 0, null, null, null, null, null, null) instanceof Gauge found
                ? found : lookupSlowly(Kind.GAUGE, Gauge.class, metricName);
    }

    @Override
    public Gauge gauge(String metricName, String d1, String v1) {
        return lookups.find(metricName, 1, d1, v1, null, null, null, null) instanceof Gauge found
                ? found : lookupSlowly(Kind.GAUGE, Gauge.class, metricName, d1, v1);
    }

    @Override
    public Gauge gauge(String metricName, String d1, String v1, String d2, String v2) {
        return lookups.find(metricName, 2, d1, v1, d2, v2, null, null) instanceof Gauge found
                ? found : lookupSlowly(Kind.GAUGE, Gauge.class, metricName, d1, v1, d2, v2);
    }

    @Override
    public Gauge gauge(String metricName, String d1, String v1, String d2, String v2, String d3, String v3) {
        return lookups.find(metricName, 3, d1, v1, d2, v2, d3, v3) instanceof Gauge found
                ? found : lookupSlowly(Kind.GAUGE, Gauge.class, metricName, d1, v1, d2, v2, d3, v3);
    }

    @Override
    public Timer timer(String metricName, String... dimensionPairs) {
        return lookups.find(metricName, dimensionPairs) instanceof Timer found
                ? found : lookupSlowly(Kind.TIMER, Timer.class, metricName, dimensionPairs);
    }

    @Override
    public Timer timer(String metricName) {
        return lookups.find(metricName, 0, null, null, null, null, null, null) instanceof Timer found
                ? found : lookupSlowly(Kind.TIMER, Timer.class, metricName);
    }

    @Override
    public Timer timer(String metricName, String d1, String v1) {
        return lookups.find(metricName, 1, d1, v1, null, null, null, null) instanceof Timer found
                ? found : lookupSlowly(Kind.TIMER, Timer.class, metricName, d1, v1);
    }

    @Override
    public Timer timer(String metricName, String d1, String v1, String d2, String v2) {
        return lookups.find(metricName, 2, d1, v1, d2, v2, null, null) instanceof Timer found
                ? found : lookupSlowly(Kind.TIMER, Timer.class, metricName, d1, v1, d2, v2);
    }

    @Override
    public Timer timer(String metricName, String d1, String v1, String d2, String v2, String d3, String v3) {
        return lookups.find(metricName, 3, d1, v1, d2, v2, d3, v3) instanceof Timer found
                ? found : lookupSlowly(Kind.TIMER, Timer.class, metricName, d1, v1, d2, v2, d3, v3);
    }

    @Override
    public Distribution distribution(String metricName, String... dimensionPairs) {
        return lookups.find(metricName, dimensionPairs) instanceof Distribution found
                ? found : lookupSlowly(Kind.DISTRIBUTION, Distribution.class, metricName, dimensionPairs);
    }

    @Override
    public Distribution distribution(String metricName) {
        return lookups.find(metricName, 0, null, null, null, null, null, null) instanceof Distribution found
                ? found : lookupSlowly(Kind.DISTRIBUTION, Distribution.class, metricName);
    }

    @Override
    public Distribution distribution(String metricName, String d1, String v1) {
        return lookups.find(metricName, 1, d1, v1, null, null, null, null) instanceof Distribution found
                ? found : lookupSlowly(Kind.DISTRIBUTION, Distribution.class, metricName, d1, v1);
    }

    @Override
    public Distribution distribution(String metricName, String d1, String v1, String d2, String v2) {
        return lookups.find(metricName, 2, d1, v1, d2, v2, null, null) instanceof Distribution found
                ? found : lookupSlowly(Kind.DISTRIBUTION, Distribution.class, metricName, d1, v1, d2, v2);
    }

    @Override
    public Distribution distribution(String metricName, String d1, String v1, String d2, String v2, String d3, String v3) {
        return lookups.find(metricName, 3, d1, v1, d2, v2, d3, v3) instanceof Distribution found
                ? found : lookupSlowly(Kind.DISTRIBUTION, Distribution.class, metricName, d1, v1, d2, v2, d3, v3);
    }

    private <I> I lookupSlowly(Kind kind, Class<I> type, String metricName, String... pairs) {
        try {
            List<Dimension> dimensions = dimensionsOf(pairs);
            Family family = family(kind, metricName, dimensions, null, null);
            Series series = family.resolve(dimensions, seriesFactory(kind));
            if (!type.isInstance(series)) {
                throw new IllegalArgumentException("metric '" + metricName + "' is registered as an observed "
                        + kind.label() + ", which cannot be recorded into");
            }
            if (!family.isOverflow(series) && !family.foldsNames) {
                lookups.add(metricName, pairs.clone(), series);
            }
            return type.cast(series);
        } catch (RuntimeException e) {
            registry.invalidLookup(name, metricName, e);
            return noop(kind, type);
        }
    }

    private static <I> I noop(Kind kind, Class<I> type) {
        Metrics noop = MetricRegistry.NOOP;
        return type.cast(switch (kind) {
            case COUNTER -> noop.counter("");
            case GAUGE -> noop.gauge("");
            case TIMER -> noop.timer("");
            case DISTRIBUTION -> noop.distribution("");
        });
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
            case COUNTER -> id -> new CounterSeries(id, invalidValues(), registry.exemplarSlots(id, kind));
            case GAUGE -> id -> new GaugeSeries(id, invalidValues());
            case TIMER -> id -> new TimerSeries(id, invalidValues(), registry.exemplarSlots(id, kind));
            case DISTRIBUTION -> id -> new DistributionSeries(id, invalidValues(), registry.exemplarSlots(id, kind));
        };
    }

    /**
     * Finds or creates a series. A null unit or resolution means "the family's, or the default".
     *
     * @throws IllegalArgumentException naming the bad value and the rule it breaks
     */
    Series register(Kind kind, String metricName, List<Dimension> dimensions, Unit unit, Resolution resolution,
                    Function<MetricId, Series> create) {
        return family(kind, metricName, dimensions, unit, resolution).resolve(dimensions, create);
    }

    /**
     * The family of {@code metricName}, made if new, after checking the name, the dimensions and
     * that kind, unit and resolution agree with an earlier registration.
     *
     * @throws IllegalArgumentException naming the bad value and the rule it breaks
     */
    /** Stops collecting {@code series} of {@code metricName}: an observed series whose handle was closed. */
    void unregister(String metricName, Series series) {
        Family family = families.get(metricName);
        if (family != null) {
            family.remove(series);
        }
    }

    /** The series of {@code metric}, or null when this namespace has none. */
    Series find(MetricId metric) {
        Family family = families.get(metric.name());
        return family == null ? null : family.find(metric.dimensions());
    }

    /** The kind of instrument {@code metricName} was registered as, or null when it is unknown here. */
    Kind kindOf(String metricName) {
        Family family = families.get(metricName);
        return family == null ? null : family.kind;
    }

    private Family family(Kind kind, String metricName, List<Dimension> dimensions, Unit unit, Resolution resolution) {
        String error = CloudWatchNames.metricNameError(metricName);
        if (error == null) {
            error = CloudWatchNames.dimensionsError(dimensions);
        }
        if (error != null) {
            throw new IllegalArgumentException(error);
        }
        Family family = families.get(metricName);
        if (family == null) {
            family = newFamily(kind, metricName, unit, resolution);
            if (family.foldsNames) {
                return family;
            }
        }
        if (family.kind != kind) {
            throw new IllegalArgumentException("metric '" + metricName + "' is already registered as a "
                    + family.kind.label() + "; it cannot also be a " + kind.label());
        }
        if (unit != null && unit != family.unit) {
            throw new IllegalArgumentException("metric '" + metricName + "' is already registered with unit "
                    + family.unit.apiName() + "; it cannot also have unit " + unit.apiName());
        }
        if (resolution != null && resolution != family.resolution) {
            throw new IllegalArgumentException("metric '" + metricName + "' is already registered with a storage resolution of "
                    + family.resolution.seconds() + " s; it cannot also have " + resolution.seconds() + " s");
        }
        return family;
    }

    /**
     * Makes the family of a new name, or, when the namespace already holds its limit of names,
     * counts the fold and returns the name-overflow family of {@code kind}.
     */
    private Family newFamily(Kind kind, String metricName, Unit unit, Resolution resolution) {
        if (full()) {
            return folded(kind); // without a lock: lookups of folded names never wait for each other
        }
        synchronized (this) {
            Family family = families.get(metricName);
            if (family != null) {
                return family;
            }
            if (full()) {
                return folded(kind);
            }
            return create(kind, metricName, unit, resolution);
        }
    }

    /** Whether the namespace holds its limit of names; Monitor's own is exempt (its names are fixed in code). */
    private boolean full() {
        return families.size() >= registry.nameLimit && !name.equals(MetricRegistry.SELF_NAMESPACE);
    }

    /** Counts a fold and returns the name-overflow family of {@code kind}, made on first use. */
    private Family folded(Kind kind) {
        registry.nameLimitReached(name);
        Family folded = nameOverflow.get(kind.ordinal());
        if (folded == null) {
            nameOverflow.compareAndSet(kind.ordinal(), null,
                    Family.nameOverflow(name, kind, registry.defaultResolution, seriesFactory(kind)));
            folded = nameOverflow.get(kind.ordinal());
        }
        return folded;
    }

    /** Called holding this namespace's lock. */
    private Family create(Kind kind, String metricName, Unit unit, Resolution resolution) {
        Unit chosen = unit != null ? unit : kind.defaultUnit;
        if (kind == Kind.TIMER) {
            TimerSeries.unitsPerNano(chosen);
        }
        Family family = new Family(name, metricName, kind, chosen, resolution != null ? resolution : registry.defaultResolution,
                registry.cardinalityLimit, () -> registry.cardinalityExceeded(name, metricName));
        families.put(metricName, family);
        return family;
    }

    /** Whether {@code series} holds metrics of names past the namespace's limit. */
    boolean foldsNames(Series series) {
        List<Dimension> dimensions = series.id.dimensions();
        return series.id.name().equals(Family.NAME_OVERFLOW) && dimensions.size() == 2
                && dimensions.get(0).name().equals("Kind") && dimensions.contains(Family.OVERFLOW);
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
                family.collect(periodStart, into, registry::collectFailed);
            }
        }
        for (int i = 0; i < nameOverflow.length(); i++) {
            Family family = nameOverflow.get(i);
            if (family != null && family.resolution == resolution) {
                family.collect(periodStart, into, registry::collectFailed);
            }
        }
    }

    /** How many metric names this namespace holds, not counting the name-overflow metric. */
    int nameCount() {
        return families.size();
    }

    LongAdder invalidValues() {
        return registry.invalidValues;
    }

    int seriesCount(String metricName) {
        Family family = families.get(metricName);
        return family == null ? 0 : family.seriesCount();
    }
}
