package dev.monitor.core.metrics.internal;

import dev.monitor.core.metrics.Values;
import java.util.Arrays;

/**
 * One period's durations (non-negative nanoseconds), as counts in fixed log-linear buckets with
 * the exact count, sum, minimum and maximum beside them: the sibling of {@link LogLinearCounts}
 * for a timer's longs. A bucket is indexed from {@link Long#numberOfLeadingZeros}: below 256 ns
 * every nanosecond has its own bucket, and above, the top bit picks the binade and the next
 * {@value #SUB_BITS} bits one of its 128 equal sub-buckets, so a bucket is at most 1/128 of its
 * lower bound wide and its midpoint is within 1/256 (0.4%) of every value in it, from 0 to
 * {@link Long#MAX_VALUE}. That is the resolution of the 2-significant-digit HdrHistogram it
 * replaced (which also kept 256 exact values below 256), without its range checks and resizing
 * on the recording path.
 *
 * <p>Memory: {@value #CHUNKS} chunks of 128 counts (1,040 bytes each), one per binade plus one for
 * 0 to 127 ns, made on first use from a table of {@value #CHUNKS} slots. The collector drops the
 * chunks a period left empty, so a buffer holds only the binades its last period used, and never
 * more than all of them (59 KB, what the HdrHistogram held for a duration near Long.MAX_VALUE):
 * no duration is ever refused. Not thread-safe: one writer at a time, as the stripe that holds it
 * guarantees.
 */
final class DurationCounts {
    /** Sub-buckets per binade, as bits after the top one. */
    static final int SUB_BITS = 7;
    private static final int CHUNK_SIZE = 1 << SUB_BITS;
    private static final int CHUNK_MASK = CHUNK_SIZE - 1;
    /** Chunk 0 holds 0 to 127 exactly; chunk c > 0 the binade [2^(c+6), 2^(c+7)). */
    static final int CHUNKS = 64 - SUB_BITS;
    /** Bucket index of Long.MAX_VALUE; indexes run from 0 to this. */
    static final int MAX_INDEX = CHUNKS * CHUNK_SIZE - 1;

    private final long[][] chunks = new long[CHUNKS][];
    private int held;
    long count;
    /** The sum modulo 2^63; {@link #sumWraps} counts the 2^63s carried out of it. */
    long sum;
    long sumWraps;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;

    /** The chunk of a non-negative duration: 0 below 128 ns, else its binade's. */
    static int chunk(long nanos) {
        return Math.max(0, 57 - Long.numberOfLeadingZeros(nanos));
    }

    /** The bucket of a non-negative duration. */
    static int index(long nanos) {
        int chunk = chunk(nanos);
        int shift = Math.max(0, chunk - 1);
        return (chunk << SUB_BITS) | (int) ((nanos >>> shift) & CHUNK_MASK);
    }

    /** The smallest duration in bucket {@code index}. */
    static long lowerBound(int index) {
        int chunk = index >>> SUB_BITS;
        long slot = index & CHUNK_MASK;
        return chunk == 0 ? slot : (CHUNK_SIZE + slot) << (chunk - 1);
    }

    /** How many durations bucket {@code index} holds. */
    static long width(int index) {
        int chunk = index >>> SUB_BITS;
        return chunk == 0 ? 1 : 1L << (chunk - 1);
    }

    /** The duration a bucket's counts stand for: its midpoint, as HdrHistogram's median-equivalent value. */
    static long midpoint(int index) {
        return lowerBound(index) + (width(index) >>> 1);
    }

    /** Records a duration of {@code nanos}, which must not be negative. */
    void record(long nanos) {
        int chunk = chunk(nanos);
        long[] counts = chunks[chunk];
        if (counts == null) {
            counts = newChunk(chunk);
        }
        counts[(int) ((nanos >>> Math.max(0, chunk - 1)) & CHUNK_MASK)]++;
        count++;
        long total = sum + nanos;
        if (total < 0) { // both were below 2^63: carry the one bit out
            total &= Long.MAX_VALUE;
            sumWraps++;
        }
        sum = total;
        if (nanos < min) {
            min = nanos;
        }
        if (nanos > max) {
            max = nanos;
        }
    }

    private long[] newChunk(int chunk) {
        long[] counts = new long[CHUNK_SIZE];
        chunks[chunk] = counts;
        held++;
        return counts;
    }

    /** How many chunks are held now: for tests of the memory bound. */
    int chunksHeld() {
        return held;
    }

    /**
     * The recorded durations, ascending, times {@code scale}: each bucket's midpoint kept within
     * {@code [min, max]} (the exact extremes, so no reported value lies outside them), with its
     * count; null when nothing was recorded. Leaves this empty (read the statistics first) and
     * drops the chunks the period did not use.
     */
    Values drain(double scale) {
        if (count == 0) {
            if (held > 0) {
                java.util.Arrays.fill(chunks, null);
                held = 0;
            }
            return null;
        }
        int distinct = 0;
        for (int c = 0; c < CHUNKS; c++) {
            long[] counts = chunks[c];
            if (counts != null) {
                int used = 0;
                for (long n : counts) {
                    if (n != 0) {
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
        for (int c = 0; c < CHUNKS; c++) {
            long[] chunk = chunks[c];
            if (chunk != null) {
                int base = c << SUB_BITS;
                for (int i = 0; i < CHUNK_SIZE; i++) {
                    if (chunk[i] != 0) {
                        double value = Math.min(max, Math.max(min, midpoint(base + i))) * scale;
                        // Two buckets can meet in one double once scaled (2^62 - 1 and 2^62 ns in ms):
                        // CloudWatch's Values lists each value once, so their counts join.
                        if (next > 0 && values[next - 1] == value) {
                            counts[next - 1] += chunk[i];
                        } else {
                            values[next] = value;
                            counts[next++] = chunk[i];
                        }
                        chunk[i] = 0;
                    }
                }
            }
        }
        count = 0;
        sum = 0;
        sumWraps = 0;
        min = Long.MAX_VALUE;
        max = Long.MIN_VALUE;
        return next == distinct ? new Values(values, counts)
                : new Values(Arrays.copyOf(values, next), Arrays.copyOf(counts, next));
    }
}
