package dev.monitor.core.metrics;

import dev.monitor.api.metrics.Dimension;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Unit;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * All series of one metric name: one per dimension set, at most {@code cardinalityLimit} of them,
 * then one overflow series that every further dimension set folds into.
 *
 * <p>Lookups by the dimension strings exactly as the caller passed them go through a small
 * open-addressing table of aliases, so that a repeated lookup hashes a few cached string hashes,
 * compares references and allocates nothing. A miss falls back to the canonical map, keyed by the
 * sorted dimension list, and adds an alias.
 */
final class Family {
    /** The dimension of the series that dimension sets past the cardinality limit fold into. */
    static final Dimension OVERFLOW = new Dimension("Overflow", "true");

    private record Alias(int hash, String[] pairs, Series series) {
    }

    final String namespace;
    final String name;
    final Kind kind;
    final Unit unit;
    final Resolution resolution;
    private final int cardinalityLimit;
    private final int aliasLimit;
    private final ConcurrentHashMap<List<Dimension>, Series> series = new ConcurrentHashMap<>();
    private final Runnable onOverflow;
    private volatile Alias[] aliases = new Alias[16];
    private int aliasCount;
    private volatile Series overflow;

    Family(String namespace, String name, Kind kind, Unit unit, Resolution resolution,
           int cardinalityLimit, Runnable onOverflow) {
        this.namespace = namespace;
        this.name = name;
        this.kind = kind;
        this.unit = unit;
        this.resolution = resolution;
        this.cardinalityLimit = cardinalityLimit;
        this.aliasLimit = 2 * cardinalityLimit + 16;
        this.onOverflow = onOverflow;
    }

    static int hash(String[] pairs) {
        int hash = 1;
        for (String s : pairs) {
            hash = 31 * hash + s.hashCode();
        }
        return hash;
    }

    /** The series the caller's exact dimension strings were last resolved to, or null. */
    Series find(String[] pairs) {
        int hash = hash(pairs);
        Alias[] table = aliases;
        int mask = table.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            Alias alias = table[i];
            if (alias == null) {
                return null;
            }
            if (alias.hash == hash && Arrays.equals(alias.pairs, pairs)) {
                return alias.series;
            }
        }
    }

    /**
     * The series for {@code dimensions}, made by {@code create} if it is new and the limit allows,
     * else the overflow series. {@code pairs}, when given, become an alias for later {@link #find}s.
     */
    Series resolve(List<Dimension> dimensions, String[] pairs, Function<MetricId, Series> create) {
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
        if (pairs != null) {
            addAlias(pairs, found);
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

    private synchronized void addAlias(String[] pairs, Series target) {
        if (aliasCount >= aliasLimit || find(pairs) != null) {
            return;
        }
        Alias[] table = aliases;
        if ((aliasCount + 1) * 2 > table.length) {
            Alias[] grown = new Alias[table.length * 2];
            for (Alias alias : table) {
                if (alias != null) {
                    insert(grown, alias);
                }
            }
            insert(grown, new Alias(hash(pairs), pairs, target));
            aliases = grown;
        } else {
            // Readers racing this store see null (and take the slow path) or the complete alias.
            insert(table, new Alias(hash(pairs), pairs, target));
            aliases = table;
        }
        aliasCount++;
    }

    private static void insert(Alias[] table, Alias alias) {
        int mask = table.length - 1;
        int i = alias.hash & mask;
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        table[i] = alias;
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
