package dev.monitor.core.metrics.internal;

import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import java.time.Instant;

/**
 * One metric (a name and one set of dimensions) and the state its instrument records into.
 * Recording methods run on application threads; {@link #collect} runs on the monitor's collector
 * thread only, one call at a time.
 */
abstract class Series {
    /** CloudWatch rejects values beyond 2^360 in magnitude, and non-zero ones below 2^-360. */
    static final double MAX_MAGNITUDE = Math.scalb(1.0, 360);
    static final double MIN_MAGNITUDE = Math.scalb(1.0, -360);

    final MetricId id;

    Series(MetricId id) {
        this.id = id;
    }

    /** This series' exemplars, or null when it keeps none. */
    ExemplarSlots exemplars() {
        return null;
    }

    /** The period's datapoint, or null when there is nothing to report. */
    abstract Datapoint collect(Instant periodStart);

    /** Whether CloudWatch would accept {@code value} (see {@code MetricDatum.Value}). */
    static boolean acceptable(double value) {
        double magnitude = Math.abs(value);
        return magnitude <= MAX_MAGNITUDE && (magnitude >= MIN_MAGNITUDE || value == 0.0);
    }
}
