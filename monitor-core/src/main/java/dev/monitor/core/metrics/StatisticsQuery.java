package dev.monitor.core.metrics;

import dev.monitor.api.metrics.Dimension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@code GetMetricStatistics} request: one metric (namespace, name and its exact, complete set
 * of dimensions), a time range (start inclusive, end exclusive), a period, and the statistics
 * wanted.
 *
 * @param statistics         any of SampleCount, Average, Sum, Minimum, Maximum
 * @param extendedStatistics percentiles {@code p0} to {@code p100} with up to two decimals, such as {@code p99.9}
 */
public record StatisticsQuery(String namespace, String metricName, List<Dimension> dimensions,
                              Instant startTime, Instant endTime, int period,
                              List<String> statistics, List<String> extendedStatistics) {

    static final Set<String> STATISTICS = Set.of("SampleCount", "Average", "Sum", "Minimum", "Maximum");
    private static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,2}(\\.\\d{1,2})?|100(\\.0{1,2})?)");

    public StatisticsQuery {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(metricName, "metricName");
        dimensions = List.copyOf(dimensions);
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(endTime, "endTime");
        statistics = List.copyOf(statistics);
        extendedStatistics = List.copyOf(extendedStatistics);
    }

    /**
     * The rules this query breaks, as CloudWatch would report them; empty when it is valid.
     * Periods follow {@code GetMetricStatistics}: 1, 5, 10, 20, 30 or a multiple of 60 seconds.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (statistics.isEmpty() && extendedStatistics.isEmpty()) {
            problems.add("give at least one of statistics or extended statistics");
        }
        for (String statistic : statistics) {
            if (!STATISTICS.contains(statistic)) {
                problems.add("statistic '" + statistic + "' is not one of SampleCount, Average, Sum, Minimum, Maximum");
            }
        }
        for (String percentile : extendedStatistics) {
            if (!PERCENTILE.matcher(percentile).matches()) {
                problems.add("extended statistic '" + percentile
                        + "' is not a percentile such as p99 or p99.9 (p0 to p100, at most two decimals)");
            }
        }
        if (period <= 0 || (period % 60 != 0 && period != 1 && period != 5 && period != 10 && period != 20 && period != 30)) {
            problems.add("period " + period + " is not 1, 5, 10, 20, 30 or a multiple of 60 seconds");
        }
        if (!startTime.isBefore(endTime)) {
            problems.add("start time " + startTime + " is not before end time " + endTime);
        }
        String dimensionsError = CloudWatchNames.dimensionsError(dimensions);
        if (dimensionsError != null) {
            problems.add(dimensionsError);
        }
        return problems;
    }

    /** The percentile named by {@code p99.9}, as a number: 99.9. */
    static double percentileOf(String extendedStatistic) {
        return Double.parseDouble(extendedStatistic.substring(1));
    }
}
