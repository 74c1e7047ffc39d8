package dev.monitor.core.metrics.internal;

import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/** Reads a running total kept elsewhere and reports its growth per period. */
final class ObservedCounterSeries extends Series {
    private final DoubleSupplier total;
    private final LongAdder invalidValues;
    private double reported;

    ObservedCounterSeries(MetricId id, DoubleSupplier total, LongAdder invalidValues) {
        super(id);
        this.total = total;
        this.invalidValues = invalidValues;
        this.reported = read();
    }

    private double read() {
        try {
            return total.getAsDouble();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    @Override
    Datapoint collect(Instant periodStart) {
        double now = read();
        if (!Double.isFinite(now)) {
            invalidValues.increment();
            return null;
        }
        // A total that went down was reset at its source (a restarted pool, say): count from zero.
        double growth = Double.isFinite(reported) && now >= reported ? now - reported : now;
        reported = now;
        return Datapoint.single(id, periodStart, growth);
    }
}
