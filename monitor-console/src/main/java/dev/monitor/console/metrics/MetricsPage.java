package dev.monitor.console.metrics;

import dev.monitor.api.metrics.Dimension;
import dev.monitor.console.ApiException;
import dev.monitor.console.ApiRequest;
import dev.monitor.console.ConsoleApi;
import dev.monitor.console.ConsolePage;
import dev.monitor.core.Monitor;
import dev.monitor.core.export.EmfReader;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.core.metrics.MetricStatistics;
import dev.monitor.core.metrics.RecentMetric;
import dev.monitor.core.metrics.Statistics;
import dev.monitor.core.metrics.StatisticsQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metrics: every metric the monitor holds, the application's own first, with its latest
 * statistics and a graph of any statistic over the chosen range.
 *
 * <ul>
 *   <li>{@code GET /api/metrics/list}: every metric held in memory, its latest datapoint and its recent values;</li>
 *   <li>{@code GET /api/metrics/data?namespace=..&name=..&dimension=Name=Value&stat=Average&period=60&start=-PT3H&end=..}:
 *       one statistic (or percentile, {@code p99}) of one metric per period, as {@code GetMetricStatistics} answers it,
 *       from memory and, for a range older than memory holds, from the metric files.</li>
 * </ul>
 */
public final class MetricsPage implements ConsolePage {
    /** Values per metric in the list: an hour of minutes. */
    static final int POINTS_PER_METRIC = 60;

    @Override
    public String id() {
        return "metrics";
    }

    @Override
    public String title() {
        return "Metrics";
    }

    @Override
    public int order() {
        return 20;
    }

    @Override
    public void install(ConsoleApi api, Monitor monitor) {
        api.get("list", request -> list(monitor));
        api.get("data", request -> data(monitor, request));
    }

    /** One metric in the list. */
    record Listed(String namespace, String name, Map<String, String> dimensions, String unit, int storageResolution,
                  String origin, String statistic, Latest latest, List<Point> points) {
    }

    /** A metric's newest datapoint. */
    record Latest(Instant timestamp, long sampleCount, double sum, double average, double minimum, double maximum, double p99) {
    }

    /** One value of a graph. */
    record Point(Instant t, double value) {
    }

    /** A graph's line. */
    record Series(String label, String statistic, int period, List<Point> points) {
    }

    static Map<String, Object> list(Monitor monitor) {
        List<Listed> listed = new ArrayList<>();
        for (RecentMetric metric : monitor.recentMetrics()) {
            MetricId id = metric.metric();
            Datapoint last = metric.latest();
            List<Datapoint> points = metric.datapoints();
            List<Point> recent = new ArrayList<>();
            for (Datapoint point : points.subList(Math.max(0, points.size() - POINTS_PER_METRIC), points.size())) {
                recent.add(new Point(point.timestamp(), metric.counter() ? point.sum() : point.average()));
            }
            listed.add(new Listed(id.namespace(), id.name(), dimensions(id.dimensions()), id.unit().apiName(),
                    id.resolution().seconds(), metric.origin().name().toLowerCase(java.util.Locale.ROOT),
                    metric.counter() ? "Sum" : "Average",
                    new Latest(last.timestamp(), last.sampleCount(), last.sum(), last.average(), last.minimum(), last.maximum(),
                            clamp(last.values().percentile(99), last)),
                    recent));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("namespace", monitor.namespace());
        answer.put("metrics", listed);
        return answer;
    }

    static Series data(Monitor monitor, ApiRequest request) {
        ApiRequest.TimeRange range = request.range();
        String stat = request.optional("stat").orElse("Average");
        int period = request.integer("period", 60, 1, 86_400 * 7);
        boolean percentile = stat.startsWith("p");
        List<Dimension> dimensions = new ArrayList<>();
        for (String dimension : request.all("dimension")) {
            int eq = dimension.indexOf('=');
            if (eq <= 0) {
                throw ApiException.badRequest("dimension '" + dimension + "' is not of the form Name=Value");
            }
            dimensions.add(new Dimension(dimension.substring(0, eq), dimension.substring(eq + 1)));
        }
        StatisticsQuery query = new StatisticsQuery(request.required("namespace"), request.required("name"), dimensions,
                range.start(), range.end(), period, percentile ? List.of() : List.of(stat), percentile ? List.of(stat) : List.of());
        List<String> problems = query.problems();
        if (!problems.isEmpty()) {
            throw ApiException.badRequest(String.join("; ", problems));
        }
        MetricStatistics statistics = Statistics.answer(query, datapoints(monitor, query));
        List<Point> points = new ArrayList<>();
        for (MetricStatistics.Point point : statistics.datapoints()) {
            Double value = percentile ? point.extendedStatistics().get(stat) : point.statistics().get(stat);
            if (value != null) {
                points.add(new Point(point.timestamp(), value));
            }
        }
        points.sort(Comparator.comparing(Point::t));
        return new Series(statistics.label(), stat, period, points);
    }

    /**
     * The metric's datapoints for {@code query}: those in memory, and when the range starts before the
     * oldest of them, those of the metric files too (written by this monitor or an earlier run in the
     * same data directory); a period in both is taken from memory.
     */
    static List<Datapoint> datapoints(Monitor monitor, StatisticsQuery query) {
        Map<String, Datapoint> byPeriod = new HashMap<>();
        Instant oldest = null;
        for (RecentMetric metric : monitor.recentMetrics()) {
            MetricId id = metric.metric();
            if (id.namespace().equals(query.namespace()) && id.name().equals(query.metricName())) {
                for (Datapoint point : metric.datapoints()) {
                    byPeriod.put(key(point), point);
                    oldest = oldest == null || point.timestamp().isBefore(oldest) ? point.timestamp() : oldest;
                }
            }
        }
        if (oldest == null || query.startTime().isBefore(oldest)) {
            EmfReader.Result read = EmfReader.read(DataLayout.read(monitor.dataDir()),
                    (namespace, name) -> namespace.equals(query.namespace()) && name.equals(query.metricName()));
            for (Datapoint point : read.datapoints()) {
                byPeriod.putIfAbsent(key(point), point);
            }
        }
        return new ArrayList<>(byPeriod.values());
    }

    private static String key(Datapoint point) {
        return point.metric() + "@" + point.timestamp();
    }

    private static Map<String, String> dimensions(List<Dimension> dimensions) {
        Map<String, String> map = new LinkedHashMap<>();
        dimensions.forEach(d -> map.put(d.name(), d.value()));
        return map;
    }

    private static double clamp(double value, Datapoint datapoint) {
        return Math.min(datapoint.maximum(), Math.max(datapoint.minimum(), value));
    }
}
