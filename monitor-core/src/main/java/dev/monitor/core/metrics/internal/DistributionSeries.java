package dev.monitor.core.metrics.internal;

import dev.monitor.api.metrics.Distribution;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.core.metrics.Values;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Records any values into striped {@link LogLinearCounts}: a bucket index computed from the
 * value's bits and one array increment per value, with the exact sum, minimum and maximum beside
 * it. The buckets become the period's {@link Values} at collection, off the recording path.
 */
final class DistributionSeries extends Series implements Distribution {
    private final Stripes<LogLinearCounts> stripes = new Stripes<>(LogLinearCounts::new);
    private final LongAdder invalidValues;
    /** Null unless exemplars are kept. */
    private final ExemplarSlots exemplars;

    DistributionSeries(MetricId id, LongAdder invalidValues) {
        this(id, invalidValues, null);
    }

    DistributionSeries(MetricId id, LongAdder invalidValues, ExemplarSlots exemplars) {
        super(id);
        this.invalidValues = invalidValues;
        this.exemplars = exemplars;
    }

    @Override
    public void record(double value) {
        long bits = Double.doubleToRawLongBits(value);
        if (!LogLinearCounts.acceptable(bits)) {
            invalidValues.increment();
            return;
        }
        Stripes.Stripe<LogLinearCounts> stripe = stripes.acquire();
        boolean recorded;
        try {
            recorded = stripe.active.record(value, bits);
        } finally {
            stripes.release(stripe);
        }
        if (!recorded) {
            // a period spread over more binades than a buffer's memory bound holds
            invalidValues.increment();
        } else if (exemplars != null) {
            exemplars.offer(value);
        }
    }

    @Override
    ExemplarSlots exemplars() {
        return exemplars;
    }

    @Override
    Datapoint collect(Instant periodStart) {
        List<Values> parts = new ArrayList<>(1);
        double[] stats = {0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        stripes.drain(buffer -> {
            if (!buffer.isEmpty()) {
                stats[0] += buffer.sum;
                stats[1] = Math.min(stats[1], buffer.min);
                stats[2] = Math.max(stats[2], buffer.max);
            }
            Values values = buffer.drain();
            if (values != null) {
                parts.add(values);
            }
        });
        if (parts.isEmpty()) {
            return null;
        }
        Values values = parts.size() == 1 ? parts.get(0) : Values.merge(parts);
        return new Datapoint(id, periodStart, values.sampleCount(), stats[0], stats[1], stats[2], values);
    }
}
