package dev.monitor.core.metrics.internal;

import dev.monitor.api.metrics.Timer;
import dev.monitor.api.metrics.Unit;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.core.metrics.Values;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Records nanosecond durations into striped {@link DurationCounts}: a bucket index from the
 * duration's leading zeros and one array increment, with the exact count, sum, minimum and maximum
 * beside it; reports them in the timer's unit. The buckets become the period's {@link Values} at
 * collection, off the recording path.
 */
final class TimerSeries extends Series implements Timer {
    private final Stripes<DurationCounts> stripes = new Stripes<>(DurationCounts::new);
    private final LongAdder invalidValues;
    private final double unitsPerNano;
    /** Null unless exemplars are kept. */
    private final ExemplarSlots exemplars;

    TimerSeries(MetricId id, LongAdder invalidValues) {
        this(id, invalidValues, null);
    }

    TimerSeries(MetricId id, LongAdder invalidValues, ExemplarSlots exemplars) {
        super(id);
        this.invalidValues = invalidValues;
        this.unitsPerNano = unitsPerNano(id.unit());
        this.exemplars = exemplars;
    }

    static double unitsPerNano(Unit unit) {
        return switch (unit) {
            case SECONDS -> 1e-9;
            case MILLISECONDS -> 1e-6;
            case MICROSECONDS -> 1e-3;
            default -> throw new IllegalArgumentException(
                    "unit '" + unit.apiName() + "' is not a time unit; a timer reports Seconds, Milliseconds or Microseconds");
        };
    }

    @Override
    public void recordNanos(long nanos) {
        if (nanos < 0) {
            invalidValues.increment();
            return;
        }
        Stripes.Stripe<DurationCounts> stripe = stripes.acquire();
        try {
            stripe.active.record(nanos);
        } finally {
            stripes.release(stripe);
        }
        if (exemplars != null) {
            exemplars.offer(nanos * unitsPerNano);
        }
    }

    @Override
    ExemplarSlots exemplars() {
        return exemplars;
    }

    @Override
    Datapoint collect(Instant periodStart) {
        List<Values> parts = new ArrayList<>(1);
        // count, sum modulo 2^63, the 2^63s carried out of it, minimum, maximum
        long[] stats = {0, 0, 0, Long.MAX_VALUE, Long.MIN_VALUE};
        stripes.drain(buffer -> {
            if (buffer.count > 0) {
                stats[0] += buffer.count;
                long sum = stats[1] + buffer.sum;
                stats[2] += buffer.sumWraps + (sum < 0 ? 1 : 0);
                stats[1] = sum & Long.MAX_VALUE;
                stats[3] = Math.min(stats[3], buffer.min);
                stats[4] = Math.max(stats[4], buffer.max);
            }
            Values values = buffer.drain(unitsPerNano);
            if (values != null) {
                parts.add(values);
            }
        });
        if (stats[0] == 0) {
            return null;
        }
        Values values = parts.size() == 1 ? parts.get(0) : Values.merge(parts);
        double sumNanos = stats[2] * 0x1p63 + stats[1];
        return new Datapoint(id, periodStart, stats[0], sumNanos * unitsPerNano,
                stats[3] * unitsPerNano, stats[4] * unitsPerNano, values);
    }
}
