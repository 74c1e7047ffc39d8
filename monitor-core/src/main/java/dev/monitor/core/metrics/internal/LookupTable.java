package dev.monitor.core.metrics.internal;

import java.util.Arrays;

/**
 * Finds a series by its metric name and dimension strings exactly as a caller passed them, so
 * that a repeated lookup costs a few cached string hashes and reference comparisons and allocates
 * nothing. Readers take no lock and never throw (a null name or string simply misses); writers
 * copy on growth. A miss (a new or reordered dimension set) is resolved by the caller through the
 * canonical, sorted key and then added here.
 *
 * <p>Holds at most {@code limit} entries; past that, lookups of new strings keep working through
 * the slow path.
 */
final class LookupTable {
    /**
     * One way of naming a series. The first three pairs are also kept in fields, so that the
     * common lookups compare references without going through the array.
     */
    private static final class Entry {
        final int hash;
        final String name;
        final String[] pairs;
        final Series series;
        final int arity;
        final String k1, v1, k2, v2, k3, v3;

        Entry(int hash, String name, String[] pairs, Series series) {
            this.hash = hash;
            this.name = name;
            this.pairs = pairs;
            this.series = series;
            this.arity = pairs.length / 2;
            this.k1 = at(pairs, 0);
            this.v1 = at(pairs, 1);
            this.k2 = at(pairs, 2);
            this.v2 = at(pairs, 3);
            this.k3 = at(pairs, 4);
            this.v3 = at(pairs, 5);
        }

        private static String at(String[] pairs, int index) {
            return index < pairs.length ? pairs[index] : null;
        }
    }

    /** Equal strings; {@code expected} is never null. Most callers pass the very same constant. */
    private static boolean same(String expected, String given) {
        return expected == given || expected.equals(given);
    }

    private final int limit;
    private volatile Entry[] table = new Entry[64];
    private int size;

    LookupTable(int limit) {
        this.limit = limit;
    }

    private static int hash(String s) {
        return s == null ? 0 : s.hashCode();
    }

    /**
     * Hashes the name and the dimension values only: dimension names are nearly always the same
     * constants, so hashing them would cost time and spread nothing. They are still compared.
     */
    static int hash(String name, String[] pairs) {
        int hash = hash(name);
        if (pairs != null) {
            for (int i = 1; i < pairs.length; i += 2) {
                hash = 31 * hash + hash(pairs[i]);
            }
        }
        return hash;
    }

    /** The same hash as {@link #hash(String, String[])} of {@code pairs} pairs whose values are given. */
    private static int hash(String name, int pairs, String v1, String v2, String v3) {
        int hash = hash(name);
        if (pairs >= 1) {
            hash = 31 * hash + hash(v1);
        }
        if (pairs >= 2) {
            hash = 31 * hash + hash(v2);
        }
        if (pairs == 3) {
            hash = 31 * hash + hash(v3);
        }
        return hash;
    }

    Series find(String name, String[] pairs) {
        int hash = hash(name, pairs);
        Entry[] entries = table;
        int mask = entries.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            Entry entry = entries[i];
            if (entry == null) {
                return null;
            }
            if (entry.hash == hash && entry.name.equals(name) && Arrays.equals(entry.pairs, pairs)) {
                // entries hold no nulls, so a null argument never matches
                return entry.series;
            }
        }
    }

    /** Finds by up to three pairs passed as arguments; unused ones are ignored. */
    Series find(String name, int pairs, String k1, String v1, String k2, String v2, String k3, String v3) {
        int hash = hash(name, pairs, v1, v2, v3);
        Entry[] entries = table;
        int mask = entries.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            Entry entry = entries[i];
            if (entry == null) {
                return null;
            }
            if (entry.hash == hash && entry.arity == pairs && same(entry.name, name)
                    && (pairs < 1 || (same(entry.k1, k1) && same(entry.v1, v1)))
                    && (pairs < 2 || (same(entry.k2, k2) && same(entry.v2, v2)))
                    && (pairs < 3 || (same(entry.k3, k3) && same(entry.v3, v3)))) {
                // entries hold no nulls, so a null argument never matches
                return entry.series;
            }
        }
    }

    synchronized void add(String name, String[] pairs, Series series) {
        if (size >= limit || find(name, pairs) != null) {
            return;
        }
        Entry entry = new Entry(hash(name, pairs), name, pairs, series);
        Entry[] entries = table;
        if ((size + 1) * 2 > entries.length) {
            Entry[] grown = new Entry[entries.length * 2];
            for (Entry e : entries) {
                if (e != null) {
                    insert(grown, e);
                }
            }
            insert(grown, entry);
            table = grown;
        } else {
            // A reader racing this store sees null (and takes the slow path) or the whole entry.
            insert(entries, entry);
            table = entries;
        }
        size++;
    }

    private static void insert(Entry[] entries, Entry entry) {
        int mask = entries.length - 1;
        int i = entry.hash & mask;
        while (entries[i] != null) {
            i = (i + 1) & mask;
        }
        entries[i] = entry;
    }
}
