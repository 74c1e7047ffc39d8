package dev.monitor.core.metrics;

import dev.monitor.api.metrics.Unit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Computes {@code GetMetricStatistics} answers from datapoints, wherever they come from (the
 * in-memory rings or the files the exporters wrote).
 *
 * <p>Periods are aligned to multiples of the period since the epoch, as CloudWatch aligns them;
 * a datapoint belongs to the period holding its timestamp. Percentiles are nearest-rank over the
 * merged value distributions, so they carry the histogram's relative error (1%).
 */
public final class Statistics {
    private Statistics() {
    }

    /**
     * Aggregates the datapoints of the queried metric in the queried range.
     *
     * @throws IllegalArgumentException listing every rule the query breaks
     */
    public static MetricStatistics answer(StatisticsQuery query, Iterable<Datapoint> datapoints) {
        List<String> problems = query.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        long periodMillis = query.period() * 1000L;
        TreeMap<Long, Bucket> buckets = new TreeMap<>();
        Unit unit = null;
        for (Datapoint datapoint : datapoints) {
            MetricId id = datapoint.metric();
            Instant at = datapoint.timestamp();
            if (!id.namespace().equals(query.namespace()) || !id.name().equals(query.metricName())
                    || !id.hasDimensions(query.dimensions())
                    || at.isBefore(query.startTime()) || !at.isBefore(query.endTime())) {
                continue;
            }
            unit = id.unit();
            long start = Math.floorDiv(at.toEpochMilli(), periodMillis) * periodMillis;
            buckets.computeIfAbsent(start, s -> new Bucket()).add(datapoint);
        }
        List<MetricStatistics.Point> points = new ArrayList<>(buckets.size());
        for (Map.Entry<Long, Bucket> entry : buckets.entrySet()) {
            points.add(entry.getValue().point(Instant.ofEpochMilli(entry.getKey()), query, unit));
        }
        return new MetricStatistics(query.metricName(), points);
    }

    /** The datapoints of one period. */
    private static final class Bucket {
        long sampleCount;
        double sum;
        double minimum = Double.POSITIVE_INFINITY;
        double maximum = Double.NEGATIVE_INFINITY;
        final List<Values> values = new ArrayList<>();

        void add(Datapoint datapoint) {
            sampleCount += datapoint.sampleCount();
            sum += datapoint.sum();
            minimum = Math.min(minimum, datapoint.minimum());
            maximum = Math.max(maximum, datapoint.maximum());
            values.add(datapoint.values());
        }

        MetricStatistics.Point point(Instant timestamp, StatisticsQuery query, Unit unit) {
            Map<String, Double> statistics = new LinkedHashMap<>();
            for (String statistic : query.statistics()) {
                statistics.put(statistic, switch (statistic) {
                    case "SampleCount" -> (double) sampleCount;
                    case "Sum" -> sum;
                    case "Minimum" -> minimum;
                    case "Maximum" -> maximum;
                    default -> sum / sampleCount;
                });
            }
            Map<String, Double> extended = new LinkedHashMap<>();
            if (!query.extendedStatistics().isEmpty()) {
                Values merged = values.size() == 1 ? values.get(0) : Values.merge(values);
                for (String percentile : query.extendedStatistics()) {
                    double value = merged.percentile(StatisticsQuery.percentileOf(percentile));
                    extended.put(percentile, Math.min(maximum, Math.max(minimum, value)));
                }
            }
            return new MetricStatistics.Point(timestamp, statistics, extended, unit);
        }
    }
}
