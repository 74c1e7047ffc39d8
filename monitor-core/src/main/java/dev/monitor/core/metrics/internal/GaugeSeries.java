package dev.monitor.core.metrics.internal;

import dev.monitor.api.metrics.Gauge;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

/** Reports the last value set; nothing until a value is first set. */
final class GaugeSeries extends Series implements Gauge {
    private final LongAdder invalidValues;
    private volatile double value = Double.NaN;

    GaugeSeries(MetricId id, LongAdder invalidValues) {
        super(id);
        this.invalidValues = invalidValues;
    }

    @Override
    public void set(double newValue) {
        if (acceptable(newValue)) {
            value = newValue;
        } else {
            invalidValues.increment();
        }
    }

    @Override
    Datapoint collect(Instant periodStart) {
        double current = value;
        return Double.isNaN(current) ? null : Datapoint.single(id, periodStart, current);
    }
}
