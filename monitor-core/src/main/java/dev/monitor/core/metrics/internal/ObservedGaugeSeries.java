package dev.monitor.core.metrics.internal;

import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/** Samples a value once per period on the collector thread; NaN means "no value this period". */
final class ObservedGaugeSeries extends Series {
    private final DoubleSupplier sampler;
    private final LongAdder invalidValues;

    ObservedGaugeSeries(MetricId id, DoubleSupplier sampler, LongAdder invalidValues) {
        super(id);
        this.sampler = sampler;
        this.invalidValues = invalidValues;
    }

    @Override
    Datapoint collect(Instant periodStart) {
        double value;
        try {
            value = sampler.getAsDouble();
        } catch (RuntimeException e) {
            value = Double.POSITIVE_INFINITY;
        }
        if (Double.isNaN(value)) {
            return null;
        }
        if (!acceptable(value)) {
            invalidValues.increment();
            return null;
        }
        return Datapoint.single(id, periodStart, value);
    }
}
