package dev.monitor.core.metrics.internal;

import dev.monitor.api.metrics.Distribution;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.core.metrics.Values;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.DoubleHistogram;
import org.HdrHistogram.DoubleHistogramIterationValue;

/**
 * Records any values into striped auto-ranging {@code DoubleHistogram}s: one for positive values,
 * one (made on first use) for the magnitudes of negative ones, and a count of zeros.
 */
final class DistributionSeries extends Series implements Distribution {
    private final Stripes<Buffer> stripes = new Stripes<>(Buffer::new);
    private final LongAdder invalidValues;

    DistributionSeries(MetricId id, LongAdder invalidValues) {
        super(id);
        this.invalidValues = invalidValues;
    }

    @Override
    public void record(double value) {
        if (!acceptable(value)) {
            invalidValues.increment();
            return;
        }
        Stripes.Stripe<Buffer> stripe = stripes.acquire();
        try {
            stripe.active.record(value);
        } catch (RuntimeException e) {
            // beyond the dynamic range one period's auto-ranging histogram can cover
            invalidValues.increment();
        } finally {
            stripes.release(stripe);
        }
    }

    @Override
    Datapoint collect(Instant periodStart) {
        List<Values> parts = new ArrayList<>(1);
        long[] count = {0};
        double[] stats = {0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        stripes.drain(buffer -> {
            if (buffer.count > 0) {
                count[0] += buffer.count;
                stats[0] += buffer.sum;
                stats[1] = Math.min(stats[1], buffer.min);
                stats[2] = Math.max(stats[2], buffer.max);
                parts.add(buffer.values());
            }
            buffer.reset();
        });
        if (count[0] == 0) {
            return null;
        }
        Values values = parts.size() == 1 ? parts.get(0) : Values.merge(parts);
        return new Datapoint(id, periodStart, count[0], stats[0], stats[1], stats[2], values);
    }

    /** One stripe's recordings of one period. */
    static final class Buffer {
        final DoubleHistogram positive = new DoubleHistogram(MetricRegistry.SIGNIFICANT_DIGITS);
        DoubleHistogram negative;
        long zeros;
        long count;
        double sum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;

        void record(double value) {
            if (value > 0) {
                positive.recordValue(value);
            } else if (value < 0) {
                if (negative == null) {
                    negative = new DoubleHistogram(MetricRegistry.SIGNIFICANT_DIGITS);
                }
                negative.recordValue(-value);
            } else {
                zeros++;
            }
            count++;
            sum += value;
            min = Math.min(min, value);
            max = Math.max(max, value);
        }

        Values values() {
            List<Double> values = new ArrayList<>();
            List<Long> counts = new ArrayList<>();
            if (negative != null && negative.getTotalCount() > 0) {
                List<Double> magnitudes = new ArrayList<>();
                List<Long> magnitudeCounts = new ArrayList<>();
                bucketsOf(negative, magnitudes, magnitudeCounts);
                for (int i = magnitudes.size() - 1; i >= 0; i--) {
                    values.add(clamp(-magnitudes.get(i)));
                    counts.add(magnitudeCounts.get(i));
                }
            }
            if (zeros > 0) {
                values.add(0.0);
                counts.add(zeros);
            }
            List<Double> positives = new ArrayList<>();
            List<Long> positiveCounts = new ArrayList<>();
            bucketsOf(positive, positives, positiveCounts);
            for (int i = 0; i < positives.size(); i++) {
                values.add(clamp(positives.get(i)));
                counts.add(positiveCounts.get(i));
            }
            return new Values(values.stream().mapToDouble(Double::doubleValue).toArray(),
                    counts.stream().mapToLong(Long::longValue).toArray());
        }

        private double clamp(double value) {
            return Math.min(max, Math.max(min, value));
        }

        private static void bucketsOf(DoubleHistogram histogram, List<Double> values, List<Long> counts) {
            for (DoubleHistogramIterationValue bucket : histogram.recordedValues()) {
                values.add(histogram.medianEquivalentValue(bucket.getValueIteratedTo()));
                counts.add(bucket.getCountAtValueIteratedTo());
            }
        }

        void reset() {
            positive.reset();
            if (negative != null) {
                negative.reset();
            }
            zeros = 0;
            count = 0;
            sum = 0;
            min = Double.POSITIVE_INFINITY;
            max = Double.NEGATIVE_INFINITY;
        }
    }
}
