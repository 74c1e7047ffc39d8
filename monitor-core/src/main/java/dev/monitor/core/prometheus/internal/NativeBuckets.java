package dev.monitor.core.prometheus.internal;

import dev.monitor.core.internal.ExponentialIndex;

/**
 * Prometheus' native histogram buckets at a standard schema {@code s} (-4 to 8,
 * https://prometheus.io/docs/specs/native_histograms/#schema): bucket {@code i} holds the magnitudes
 * in {@code (2^((i-1) * 2^-s), 2^(i * 2^-s)]}, so 1 is the upper bound of bucket 0. Indexes are exact
 * ({@link ExponentialIndex}, shared with the OTLP exporter's exponential histograms), and at a
 * coarser schema by merging, since bucket {@code i} at schema {@code s - 1} is buckets {@code 2i - 1}
 * and {@code 2i} at schema {@code s}.
 */
final class NativeBuckets {
    static final int MAX_SCHEMA = ExponentialIndex.MAX_SCALE;
    static final int MIN_SCHEMA = -4;

    private NativeBuckets() {
    }

    /** The index at {@code schema} of the bucket holding a positive finite magnitude. */
    static int index(double magnitude, int schema) {
        if (schema > MAX_SCHEMA || schema < MIN_SCHEMA) {
            throw new IllegalArgumentException("schema " + schema + " is outside " + MIN_SCHEMA + " to " + MAX_SCHEMA);
        }
        // Prometheus' bucket is OpenTelemetry's plus one: merging pairs (2i - 1, 2i) is (k >> 1) + 1 on the 0-based k
        return (int) (ExponentialIndex.finest(magnitude) >> (MAX_SCHEMA - schema)) + 1;
    }

    /** The upper bound of bucket {@code index} at {@code schema}: {@code 2^(index * 2^-schema)}, +Inf past the largest double. */
    static double upperBound(int index, int schema) {
        return Math.pow(2, Math.scalb((double) index, -schema));
    }
}
