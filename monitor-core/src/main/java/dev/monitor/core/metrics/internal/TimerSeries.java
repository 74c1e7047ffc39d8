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
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/** Records nanosecond durations into striped HdrHistograms; reports them in the timer's unit. */
final class TimerSeries extends Series implements Timer {
    private final Stripes<Buffer> stripes = new Stripes<>(Buffer::new);
    private final LongAdder invalidValues;
    private final double unitsPerNano;

    TimerSeries(MetricId id, LongAdder invalidValues) {
        super(id);
        this.invalidValues = invalidValues;
        this.unitsPerNano = unitsPerNano(id.unit());
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
        Stripes.Stripe<Buffer> stripe = stripes.acquire();
        try {
            stripe.active.record(nanos);
        } catch (RuntimeException e) {
            invalidValues.increment();
        } finally {
            stripes.release(stripe);
        }
    }

    @Override
    Datapoint collect(Instant periodStart) {
        List<Values> parts = new ArrayList<>(1);
        long[] stats = {0, 0, Long.MAX_VALUE, Long.MIN_VALUE};
        stripes.drain(buffer -> {
            if (buffer.count > 0) {
                stats[0] += buffer.count;
                stats[1] += buffer.sum;
                stats[2] = Math.min(stats[2], buffer.min);
                stats[3] = Math.max(stats[3], buffer.max);
                parts.add(buffer.values(unitsPerNano));
            }
            buffer.reset();
        });
        if (stats[0] == 0) {
            return null;
        }
        Values values = parts.size() == 1 ? parts.get(0) : Values.merge(parts);
        return new Datapoint(id, periodStart, stats[0], stats[1] * unitsPerNano,
                stats[2] * unitsPerNano, stats[3] * unitsPerNano, values);
    }

    /** One stripe's recordings of one period. */
    static final class Buffer {
        final Histogram histogram = new Histogram(MetricRegistry.SIGNIFICANT_DIGITS);
        long count;
        long sum;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;

        void record(long nanos) {
            histogram.recordValue(nanos);
            count++;
            sum += nanos;
            if (nanos < min) {
                min = nanos;
            }
            if (nanos > max) {
                max = nanos;
            }
        }

        Values values(double scale) {
            List<Double> values = new ArrayList<>();
            List<Long> counts = new ArrayList<>();
            for (HistogramIterationValue bucket : histogram.recordedValues()) {
                long representative = histogram.medianEquivalentValue(bucket.getValueIteratedTo());
                values.add(Math.min(max, Math.max(min, representative)) * scale);
                counts.add(bucket.getCountAtValueIteratedTo());
            }
            return new Values(values.stream().mapToDouble(Double::doubleValue).toArray(),
                    counts.stream().mapToLong(Long::longValue).toArray());
        }

        void reset() {
            histogram.reset();
            count = 0;
            sum = 0;
            min = Long.MAX_VALUE;
            max = Long.MIN_VALUE;
        }
    }
}
