package dev.monitor.core.metrics.internal;

import dev.monitor.api.metrics.Dimension;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Unit;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * All series of one metric name: one per dimension set, at most {@code cardinalityLimit} of them,
 * then one overflow series that every further dimension set folds into. A namespace's
 * name-overflow family ({@link #NAME_OVERFLOW}) has only that series: every metric of a name past
 * the namespace's limit folds into it, whatever its dimensions.
 */
final class Family {
    /** The order of a metric id's dimensions (as {@code MetricId} sorts them). */
    private static final java.util.Comparator<dev.monitor.api.metrics.Dimension> DIMENSIONS_BY_NAME =
            java.util.Comparator.comparing(dev.monitor.api.metrics.Dimension::name);

    /** The dimension of the series that dimension sets past the cardinality limit fold into. */
    static final Dimension OVERFLOW = new Dimension("Overflow", "true");
    /** The metric name that names past a namespace's limit fold into, one family per kind. */
    static final String NAME_OVERFLOW = "MetricNameOverflow";

    final String namespace;
    final String name;
    final Kind kind;
    final Unit unit;
    final Resolution resolution;
    private final int cardinalityLimit;
    private final ConcurrentHashMap<List<Dimension>, Series> series = new ConcurrentHashMap<>();
    private final Runnable onOverflow;
    private volatile Series overflow;
    /** Whether this is a namespace's name-overflow family. */
    final boolean foldsNames;

    Family(String namespace, String name, Kind kind, Unit unit, Resolution resolution,
           int cardinalityLimit, Runnable onOverflow) {
        this.namespace = namespace;
        this.name = name;
        this.kind = kind;
        this.unit = unit;
        this.resolution = resolution;
        this.cardinalityLimit = cardinalityLimit;
        this.onOverflow = onOverflow;
        this.foldsNames = false;
    }

    /** A namespace's name-overflow family for {@code kind}: its one series has dimensions Kind and Overflow=true. */
    private Family(String namespace, Kind kind, Resolution resolution, Function<MetricId, Series> create) {
        this.namespace = namespace;
        this.name = NAME_OVERFLOW;
        this.kind = kind;
        this.unit = kind.defaultUnit;
        this.resolution = resolution;
        this.cardinalityLimit = 0;
        this.onOverflow = () -> { };
        this.foldsNames = true;
        this.overflow = create.apply(id(List.of(new Dimension("Kind", kind.title()), OVERFLOW)));
    }

    static Family nameOverflow(String namespace, Kind kind, Resolution resolution, Function<MetricId, Series> create) {
        return new Family(namespace, kind, resolution, create);
    }

    /**
     * The series for {@code dimensions}, made by {@code create} if it is new and the limit allows,
     * else the overflow series (and the overflow is counted).
     */
    Series resolve(List<Dimension> dimensions, Function<MetricId, Series> create) {
        if (foldsNames) {
            return overflow;
        }
        List<Dimension> key = dimensions.stream().sorted(DIMENSIONS_BY_NAME).toList();
        Series found = series.get(key);
        if (found == null) {
            synchronized (this) {
                found = series.get(key);
                if (found == null) {
                    if (series.size() >= cardinalityLimit) {
                        onOverflow.run();
                        return overflow(create);
                    }
                    found = create.apply(id(key));
                    series.put(key, found);
                }
            }
        }
        return found;
    }

    /** The series of {@code sortedDimensions} (as a metric id holds them), or null. */
    Series find(List<Dimension> sortedDimensions) {
        Series folded = overflow;
        if (folded != null && folded.id.dimensions().equals(sortedDimensions)) {
            return folded;
        }
        return series.get(sortedDimensions);
    }

    MetricId id(List<Dimension> dimensions) {
        return new MetricId(namespace, name, dimensions, unit, resolution);
    }

    /** Called holding this family's lock. */
    private Series overflow(Function<MetricId, Series> create) {
        if (overflow == null) {
            overflow = create.apply(id(List.of(OVERFLOW)));
        }
        return overflow;
    }

    /** Removes {@code s} (an observed series whose handle was closed); the overflow series stays. */
    synchronized void remove(Series s) {
        series.values().remove(s);
    }

    boolean isOverflow(Series s) {
        return s == overflow;
    }

    int seriesCount() {
        return series.size();
    }

    /** Collects every series; one that throws (an Error included) loses its datapoint and goes to {@code failed}. */
    void collect(Instant periodStart, Collection<Datapoint> into, java.util.function.Consumer<Throwable> failed) {
        for (Series s : series.values()) {
            add(s, periodStart, into, failed);
        }
        Series folded = overflow;
        if (folded != null) {
            add(folded, periodStart, into, failed);
        }
    }

    private static void add(Series s, Instant periodStart, Collection<Datapoint> into,
                            java.util.function.Consumer<Throwable> failed) {
        try {
            Datapoint datapoint = s.collect(periodStart);
            if (datapoint != null) {
                into.add(datapoint);
            }
        } catch (Throwable e) { // OutOfMemoryError or a callback's Error: the other series still report
            failed.accept(e);
        }
    }
}
