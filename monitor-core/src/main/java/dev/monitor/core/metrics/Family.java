package dev.monitor.core.metrics;

import dev.monitor.api.metrics.Dimension;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Unit;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * All series of one metric name: one per dimension set, at most {@code cardinalityLimit} of them,
 * then one overflow series that every further dimension set folds into.
 */
final class Family {
    /** The dimension of the series that dimension sets past the cardinality limit fold into. */
    static final Dimension OVERFLOW = new Dimension("Overflow", "true");

    final String namespace;
    final String name;
    final Kind kind;
    final Unit unit;
    final Resolution resolution;
    private final int cardinalityLimit;
    private final ConcurrentHashMap<List<Dimension>, Series> series = new ConcurrentHashMap<>();
    private final Runnable onOverflow;
    private volatile Series overflow;

    Family(String namespace, String name, Kind kind, Unit unit, Resolution resolution,
           int cardinalityLimit, Runnable onOverflow) {
        this.namespace = namespace;
        this.name = name;
        this.kind = kind;
        this.unit = unit;
        this.resolution = resolution;
        this.cardinalityLimit = cardinalityLimit;
        this.onOverflow = onOverflow;
    }

    /**
     * The series for {@code dimensions}, made by {@code create} if it is new and the limit allows,
     * else the overflow series (and the overflow is counted).
     */
    Series resolve(List<Dimension> dimensions, Function<MetricId, Series> create) {
        List<Dimension> key = dimensions.stream().sorted(MetricId.BY_NAME).toList();
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

    boolean isOverflow(Series s) {
        return s == overflow;
    }

    int seriesCount() {
        return series.size();
    }

    void collect(Instant periodStart, Collection<Datapoint> into) {
        for (Series s : series.values()) {
            add(s, periodStart, into);
        }
        Series folded = overflow;
        if (folded != null) {
            add(folded, periodStart, into);
        }
    }

    private static void add(Series s, Instant periodStart, Collection<Datapoint> into) {
        Datapoint datapoint = s.collect(periodStart);
        if (datapoint != null) {
            into.add(datapoint);
        }
    }
}
