package dev.monitor.core.metrics;

import java.util.Arrays;

/**
 * Finds a series by its metric name and dimension strings exactly as a caller passed them, so
 * that a repeated lookup costs a few cached string hashes and reference comparisons and allocates
 * nothing. Readers take no lock and never throw (a null name or string simply misses); writers
 * copy on growth. A miss (a new or reordered dimension set)
 * is resolved by the caller through the canonical, sorted key and then added here.
 *
 * <p>Holds at most {@code limit} entries; past that, lookups of new strings keep working through
 * the slow path.
 */
final class LookupTable {
    private record Entry(int hash, String name, String[] pairs, Series series) {
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
            String[] p = entry.pairs;
            if (entry.hash == hash && p.length == 2 * pairs && entry.name.equals(name)
                    && (pairs < 1 || (p[0].equals(k1) && p[1].equals(v1)))
                    && (pairs < 2 || (p[2].equals(k2) && p[3].equals(v2)))
                    && (pairs < 3 || (p[4].equals(k3) && p[5].equals(v3)))) {
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
