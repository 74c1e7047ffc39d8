package dev.monitor.core.metrics.internal;

import dev.monitor.core.metrics.Values;

/**
 * One period's values, as counts in fixed log-linear buckets with the exact sum, minimum and
 * maximum beside them (the count is the buckets' total). Buckets are indexed straight from a
 * double's bits: the exponent picks the binade and the top {@value #SUB_BITS} mantissa bits one of
 * its 128 equal sub-buckets, so a bucket is at most 1/128 of its lower bound wide and its midpoint
 * is within 1/256 (0.4%) of every value in it, for every magnitude CloudWatch accepts (2^-360 to
 * 2^360). That is the resolution of the 2-significant-digit HdrHistogram it replaced, without its
 * range checks and resizing on the recording path.
 *
 * <p>Memory: the 92,161 buckets of each sign are held in chunks of 2 binades (256 counts, 2 KB)
 * made on first use, from a table of 722 chunk slots (2.9 KB). The collector drops the chunks a
 * period left empty, so a buffer holds only what its last period used, and at most
 * {@value #MAX_CHUNKS} chunks (69 KB in all): a value that would need one more in the same period
 * is refused and counted as invalid, as the auto-ranging HdrHistogram refused values beyond its
 * dynamic range. Not thread-safe: one writer at a time, as the stripe that holds it guarantees.
 */
final class LogLinearCounts {
    /** Sub-buckets per binade, as mantissa bits. */
    static final int SUB_BITS = 7;
    /** The bits of the smallest non-zero magnitude CloudWatch accepts, 2^-360. */
    static final long LOWEST_BITS = Double.doubleToRawLongBits(Series.MIN_MAGNITUDE);
    /** The bits of the largest magnitude CloudWatch accepts, 2^360. */
    static final long HIGHEST_BITS = Double.doubleToRawLongBits(Series.MAX_MAGNITUDE);
    private static final int SHIFT = 52 - SUB_BITS;
    /** Bucket index of the largest accepted magnitude; indexes run from 0 to this. */
    static final int MAX_INDEX = (int) ((HIGHEST_BITS - LOWEST_BITS) >>> SHIFT);
    private static final int CHUNK_BITS = SUB_BITS + 1;
    private static final int CHUNK_SIZE = 1 << CHUNK_BITS;
    private static final int CHUNK_MASK = CHUNK_SIZE - 1;
    /** Chunks per sign; negative magnitudes use the upper half of the table. */
    private static final int CHUNKS = (MAX_INDEX >>> CHUNK_BITS) + 1;
    /** Chunks one buffer may hold in a period: any values within a ratio of 2^62 fit, however aligned. */
    static final int MAX_CHUNKS = 32;

    private final long[][] chunks = new long[2 * CHUNKS][];
    private int held;
    /** Whether chunks kept from the last period may be empty in this one (see {@link #reclaim}). */
    private boolean carried;
    private long zeros;
    double sum;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;

    /**
     * Whether {@code value} lies in the range CloudWatch accepts (as {@link Series#acceptable}),
     * from its bits alone: zero, or a magnitude from 2^-360 to 2^360. NaN and infinities fail.
     */
    static boolean acceptable(long bits) {
        long magnitude = bits & Long.MAX_VALUE;
        return Long.compareUnsigned(magnitude - LOWEST_BITS, HIGHEST_BITS - LOWEST_BITS) <= 0 || magnitude == 0;
    }

    /** The bucket of an accepted non-zero magnitude's bits (sign cleared). */
    static int index(long magnitudeBits) {
        return (int) ((magnitudeBits - LOWEST_BITS) >>> SHIFT);
    }

    /** The smallest magnitude in bucket {@code index}; {@code lowerBound(index + 1)} bounds it above. */
    static double lowerBound(int index) {
        return Double.longBitsToDouble(LOWEST_BITS + ((long) index << SHIFT));
    }

    /** The value a bucket's counts stand for: its midpoint. */
    static double midpoint(int index) {
        return (lowerBound(index) + lowerBound(index + 1)) / 2;
    }

    /**
     * Records {@code value}, whose {@code bits} passed {@link #acceptable}; false, leaving
     * everything as it was, when its bucket would need a chunk beyond {@link #MAX_CHUNKS}.
     */
    boolean record(double value, long bits) {
        long magnitude = bits & Long.MAX_VALUE;
        if (magnitude != 0) {
            int index = index(magnitude);
            int chunk = (index >>> CHUNK_BITS) + (int) (bits >>> 63) * CHUNKS;
            long[] counts = chunks[chunk];
            if (counts == null) {
                counts = newChunk(chunk);
                if (counts == null) {
                    return false;
                }
            }
            counts[index & CHUNK_MASK]++;
        } else {
            zeros++;
        }
        sum += value;
        // a compare first, as new extremes are rare; Math.min/max then order -0.0 below 0.0
        if (value <= min) {
            min = Math.min(min, value);
        }
        if (value >= max) {
            max = Math.max(max, value);
        }
        return true;
    }

    /** Whether nothing was recorded since the last {@link #drain}. */
    boolean isEmpty() {
        return min == Double.POSITIVE_INFINITY;
    }

    /** A new chunk in slot {@code chunk}, or null when this period already fills {@link #MAX_CHUNKS}. */
    private long[] newChunk(int chunk) {
        if (held == MAX_CHUNKS && !reclaim()) {
            return null;
        }
        long[] counts = new long[CHUNK_SIZE];
        chunks[chunk] = counts;
        held++;
        return counts;
    }

    /**
     * Drops the chunks kept from this buffer's last period that this one has not used, so the
     * bound counts only this period's chunks; whether there is room now. Scans once per period.
     */
    private boolean reclaim() {
        if (!carried) {
            return false;
        }
        carried = false;
        for (int c = 0; c < chunks.length; c++) {
            if (chunks[c] != null && isZero(chunks[c])) {
                chunks[c] = null;
                held--;
            }
        }
        return held < MAX_CHUNKS;
    }

    private static boolean isZero(long[] counts) {
        for (long count : counts) {
            if (count != 0) {
                return false;
            }
        }
        return true;
    }

    /** How many chunks are held now: for tests of the memory bound. */
    int chunksHeld() {
        return held;
    }

    /**
     * The recorded values, ascending: each bucket's midpoint kept within {@code [min, max]} (the
     * exact extremes, so no reported value lies outside them), with its count; null when nothing
     * was recorded. Leaves this empty (read {@link #sum}, {@link #min} and {@link #max} first) and
     * drops the chunks the period did not use, so a buffer holds only what its last period used.
     */
    Values drain() {
        if (isEmpty()) {
            if (held > 0) {
                java.util.Arrays.fill(chunks, null);
                held = 0;
            }
            carried = false;
            return null;
        }
        int distinct = zeros > 0 ? 1 : 0;
        for (int c = 0; c < chunks.length; c++) {
            long[] counts = chunks[c];
            if (counts != null) {
                int used = 0;
                for (long count : counts) {
                    if (count != 0) {
                        used++;
                    }
                }
                if (used == 0) {
                    chunks[c] = null;
                    held--;
                }
                distinct += used;
            }
        }
        double[] values = new double[distinct];
        long[] counts = new long[distinct];
        int next = 0;
        for (int c = 2 * CHUNKS - 1; c >= CHUNKS; c--) { // negative: largest magnitude first
            long[] chunk = chunks[c];
            if (chunk != null) {
                int base = (c - CHUNKS) << CHUNK_BITS;
                for (int i = CHUNK_SIZE - 1; i >= 0; i--) {
                    if (chunk[i] != 0) {
                        values[next] = clamp(-midpoint(base + i));
                        counts[next++] = chunk[i];
                        chunk[i] = 0;
                    }
                }
            }
        }
        if (zeros > 0) {
            values[next] = 0.0;
            counts[next++] = zeros;
            zeros = 0;
        }
        for (int c = 0; c < CHUNKS; c++) {
            long[] chunk = chunks[c];
            if (chunk != null) {
                int base = c << CHUNK_BITS;
                for (int i = 0; i < CHUNK_SIZE; i++) {
                    if (chunk[i] != 0) {
                        values[next] = clamp(midpoint(base + i));
                        counts[next++] = chunk[i];
                        chunk[i] = 0;
                    }
                }
            }
        }
        sum = 0;
        min = Double.POSITIVE_INFINITY;
        max = Double.NEGATIVE_INFINITY;
        carried = held > 0;
        return new Values(values, counts);
    }

    private double clamp(double value) {
        return Math.min(max, Math.max(min, value));
    }
}
