package dev.monitor.core.metrics.internal;

import dev.monitor.api.metrics.Counter;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import java.time.Instant;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keeps running totals and reports their growth per period. The totals are never reset, so an
 * increment racing with collection lands in this period or the next, never in neither.
 */
final class CounterSeries extends Series implements Counter {
    private final LongAdder increments = new LongAdder();
    private final DoubleAdder amounts = new DoubleAdder();
    private final LongAdder invalidValues;
    /** Null unless exemplars are kept. */
    private final ExemplarSlots exemplars;
    private long reportedIncrements;
    private double reportedAmounts;

    CounterSeries(MetricId id, LongAdder invalidValues) {
        this(id, invalidValues, null);
    }

    CounterSeries(MetricId id, LongAdder invalidValues, ExemplarSlots exemplars) {
        super(id);
        this.invalidValues = invalidValues;
        this.exemplars = exemplars;
    }

    @Override
    public void increment() {
        increments.increment();
        if (exemplars != null) {
            exemplars.offer(1);
        }
    }

    @Override
    public void increment(double amount) {
        if (amount >= 0 && acceptable(amount)) {
            amounts.add(amount);
            if (exemplars != null) {
                exemplars.offer(amount);
            }
        } else {
            invalidValues.increment();
        }
    }

    @Override
    ExemplarSlots exemplars() {
        return exemplars;
    }

    @Override
    Datapoint collect(Instant periodStart) {
        long totalIncrements = increments.sum();
        double totalAmounts = amounts.sum();
        double growth = (totalIncrements - reportedIncrements) + (totalAmounts - reportedAmounts);
        reportedIncrements = totalIncrements;
        reportedAmounts = totalAmounts;
        return Datapoint.single(id, periodStart, growth);
    }
}
