package dev.monitor.console.dashboards;

import dev.monitor.api.metrics.Dimension;
import dev.monitor.core.alarms.Statistic;
import dev.monitor.core.alarms.expressions.MetricMath;
import dev.monitor.core.dashboard.MetricRow;
import dev.monitor.core.export.EmfReader;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.core.metrics.RecentMetric;
import dev.monitor.core.metrics.Values;
import dev.monitor.core.syntax.ParseException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The lines of one metric widget over a time range: each metric row's statistic per period from
 * the datapoints the monitor holds (and, for a range that starts before memory reaches, the EMF
 * files of its data directory), and each expression row evaluated with the core's metric math
 * over the same periods, as GetMetricData answers a graph's queries.
 *
 * <p>Periods start at multiples of the period since the epoch, as GetMetricStatistics aligns them;
 * with {@link Grid#wholeRange} one period spans the whole range (a widget's {@code setPeriodToTimeRange}).
 */
final class MetricData {
    /** The most periods a line may have: a day of minutes. */
    static final int MAX_POINTS = 1440;
    /** The periods "auto" may choose, shortest first (CloudWatch's console offers these). */
    private static final int[] AUTO_PERIODS = {1, 5, 10, 30, 60, 300, 900, 3600, 21_600, 86_400, 604_800, 2_592_000};

    /** How far back memory holds a metric: 180 one-minute periods (high-resolution ones hold less, and are read from files too). */
    static final Duration MEMORY_SPAN = Duration.ofHours(3);

    /** Every datapoint the monitor holds, by namespace and metric name. */
    private final Map<String, List<RecentMetric>> byName = new HashMap<>();
    /** Reads a metric's datapoints from the files, or null for memory only. */
    private final BiFunction<String, String, List<Datapoint>> files;
    private final Instant memoryFrom;
    private final Map<String, List<Datapoint>> read = new HashMap<>();
    private final List<String> problems;

    /** Memory only. */
    MetricData(List<RecentMetric> metrics) {
        this(metrics, null, Instant.MIN, new ArrayList<>());
    }

    /**
     * @param files      a metric's datapoints from the files, read for ranges that start before {@code memoryFrom}
     * @param memoryFrom how far back memory reaches
     * @param problems   where {@code files} writes what it could not read
     */
    MetricData(List<RecentMetric> metrics, BiFunction<String, String, List<Datapoint>> files, Instant memoryFrom, List<String> problems) {
        for (RecentMetric metric : metrics) {
            byName.computeIfAbsent(key(metric.metric().namespace(), metric.metric().name()), k -> new ArrayList<>()).add(metric);
        }
        this.files = files;
        this.memoryFrom = memoryFrom;
        this.problems = problems;
    }

    /** The EMF files of a data directory as the source of older datapoints; what cannot be read is in {@link #problems()}. */
    static MetricData withFiles(List<RecentMetric> metrics, Path dataDir, Instant now) {
        List<String> problems = new ArrayList<>();
        DataLayout layout;
        try {
            layout = DataLayout.read(dataDir);
        } catch (java.io.UncheckedIOException e) {
            problems.add(e.getMessage());
            return new MetricData(metrics, null, Instant.MIN, problems);
        }
        return new MetricData(metrics, (namespace, name) -> {
            EmfReader.Result result = EmfReader.read(layout, (ns, n) -> ns.equals(namespace) && n.equals(name));
            problems.addAll(result.problems());
            return result.datapoints();
        }, now.minus(MEMORY_SPAN), problems);
    }

    /** The files (or lines) that could not be read: the lines are drawn from the rest. */
    List<String> problems() {
        return problems;
    }

    /**
     * The datapoints of metric {@code namespace}/{@code name} that may fall in [start, ...): memory's,
     * and, when the range starts before memory reaches, the files' older than memory's oldest of the same metric.
     */
    private List<Datapoint> datapoints(String namespace, String name, Instant start, List<Dimension> dimensions) {
        List<Datapoint> out = new ArrayList<>();
        Map<MetricId, Instant> oldestInMemory = new HashMap<>();
        for (RecentMetric metric : byName.getOrDefault(key(namespace, name), List.of())) {
            if (metric.metric().hasDimensions(dimensions)) {
                out.addAll(metric.datapoints());
                metric.datapoints().stream().map(Datapoint::timestamp).min(Instant::compareTo)
                        .ifPresent(oldest -> oldestInMemory.put(metric.metric(), oldest));
            }
        }
        if (files != null && start.isBefore(memoryFrom)) {
            List<Datapoint> older = read.computeIfAbsent(key(namespace, name), k -> files.apply(namespace, name));
            for (Datapoint point : older) {
                Instant oldest = oldestInMemory.get(point.metric());
                if (point.metric().hasDimensions(dimensions) && (oldest == null || point.timestamp().isBefore(oldest))) {
                    out.add(point);
                }
            }
        }
        return out;
    }

    private static String key(String namespace, String name) {
        return namespace + '\u0000' + name;
    }

    /** The period a row is drawn with: its own, or with "auto" at least one that keeps the range within {@link #MAX_POINTS}. */
    static int effectivePeriod(int period, long rangeSeconds, boolean auto) {
        if (!auto || rangeSeconds / period <= MAX_POINTS) {
            return period;
        }
        for (int candidate : AUTO_PERIODS) {
            if (candidate >= period && rangeSeconds / candidate <= MAX_POINTS) {
                return candidate;
            }
        }
        return Math.max(period, AUTO_PERIODS[AUTO_PERIODS.length - 1]);
    }

    /** The periods of a line: {@code n} periods of {@code period} seconds, the first starting at {@code first}. */
    record Grid(Instant start, Instant end, long first, int period, int n) {
        /** The epoch-aligned periods that hold [start, end). */
        static Grid of(Instant start, Instant end, int period) {
            long first = Math.floorDiv(start.getEpochSecond(), period) * (long) period;
            long last = end.getEpochSecond() - (end.getNano() == 0 ? 1 : 0);
            long n = Math.floorDiv(last - first, period) + 1;
            if (n > MAX_POINTS) {
                throw new IllegalArgumentException("a period of " + period + " s over this range makes " + n
                        + " points; at most " + MAX_POINTS + " are drawn: choose a longer period or a shorter range");
            }
            return new Grid(start, end, first, period, (int) Math.max(n, 0));
        }

        /** One period from start to end. */
        static Grid wholeRange(Instant start, Instant end) {
            long seconds = Math.max(1, end.getEpochSecond() - start.getEpochSecond());
            return new Grid(start, end, start.getEpochSecond(), (int) Math.min(Integer.MAX_VALUE, seconds), 1);
        }

        Instant time(int index) {
            return Instant.ofEpochSecond(first + (long) index * period);
        }
    }

    /**
     * The statistic {@code stat} of the metric per period of {@code grid}: NaN where a period has no
     * datapoint. Datapoints of every unit and resolution of the metric count, as GetMetricStatistics counts them.
     *
     * @throws IllegalArgumentException when {@code stat} is no statistic CloudWatch knows
     */
    double[] series(MetricRow.Metric row, String stat, Grid grid) {
        Statistic statistic = statistic(stat);
        List<Dimension> dimensions = row.dimensions();
        long[] counts = new long[grid.n()];
        double[] sums = new double[grid.n()];
        double[] minimums = new double[grid.n()];
        double[] maximums = new double[grid.n()];
        List<List<Values>> values = new ArrayList<>(grid.n());
        for (int i = 0; i < grid.n(); i++) {
            values.add(new ArrayList<>(1));
        }
        Arrays.fill(minimums, Double.POSITIVE_INFINITY);
        Arrays.fill(maximums, Double.NEGATIVE_INFINITY);
        for (Datapoint point : datapoints(row.namespace(), row.metricName(), grid.start(), dimensions)) {
            Instant at = point.timestamp();
            if (at.isBefore(grid.start()) || !at.isBefore(grid.end()) || point.sampleCount() == 0) {
                continue;
            }
            long index = Math.floorDiv(at.getEpochSecond() - grid.first(), grid.period());
            if (index < 0 || index >= grid.n()) {
                continue;
            }
            int i = (int) index;
            counts[i] += point.sampleCount();
            sums[i] += point.sum();
            minimums[i] = Math.min(minimums[i], point.minimum());
            maximums[i] = Math.max(maximums[i], point.maximum());
            values.get(i).add(point.values());
        }
        double[] out = new double[grid.n()];
        for (int i = 0; i < out.length; i++) {
            if (counts[i] == 0) {
                out[i] = Double.NaN;
                continue;
            }
            Values merged = !statistic.isExtended() ? null : values.get(i).size() == 1 ? values.get(i).get(0) : Values.merge(values.get(i));
            double value = statistic.of(counts[i], sums[i], minimums[i], maximums[i], merged);
            // A percentile from the distribution's buckets may fall outside the samples' bounds: CloudWatch's never does.
            out[i] = statistic.isExtended() && !Double.isNaN(value) ? Math.min(maximums[i], Math.max(minimums[i], value)) : value;
        }
        return out;
    }

    static Statistic statistic(String stat) {
        return switch (stat) {
            case "SampleCount", "Sum", "Average", "Minimum", "Maximum" -> Statistic.simple(stat);
            default -> Statistic.extended(stat);
        };
    }

    /** A row of the widget with the id expressions know it by. */
    record Row(String id, MetricRow row, String stat) {
    }

    /**
     * Evaluates {@code expression} over {@code grid}, reading the widget's metric rows at that grid
     * and its other expressions by id.
     *
     * @return one series per line the expression gives (a scalar is a flat line)
     * @throws ParseException           when the expression does not parse
     * @throws IllegalArgumentException when it names an unknown id, refers to itself, or cannot be evaluated
     */
    List<double[]> evaluate(String id, String expression, List<Row> rows, Grid grid) {
        Evaluation evaluation = new Evaluation(rows, grid);
        MetricMath.Value value = evaluation.expression(id, expression);
        List<double[]> lines = new ArrayList<>();
        if (value instanceof MetricMath.Scalar scalar) {
            double[] flat = new double[grid.n()];
            Arrays.fill(flat, scalar.value());
            lines.add(flat);
        } else if (value instanceof MetricMath.Series series) {
            lines.add(series.values());
        } else if (value instanceof MetricMath.SeriesArray array) {
            array.series().forEach(series -> lines.add(series.values()));
        }
        return lines;
    }

    /** One expression's evaluation: metrics read once, expressions by id with a guard against cycles. */
    private final class Evaluation implements MetricMath.Context {
        private final Map<String, Row> rows = new LinkedHashMap<>();
        private final Grid grid;
        private final Map<String, MetricMath.Series> read = new HashMap<>();
        private final Set<String> evaluating = new HashSet<>();

        Evaluation(List<Row> rows, Grid grid) {
            rows.forEach(row -> this.rows.put(row.id(), row));
            this.grid = grid;
        }

        MetricMath.Value expression(String id, String text) {
            if (!evaluating.add(id)) {
                throw new IllegalArgumentException("expression '" + id + "' refers to itself through " + String.join(", ", evaluating));
            }
            try {
                return MetricMath.parse(text).evaluate(this);
            } finally {
                evaluating.remove(id);
            }
        }

        @Override
        public MetricMath.Series metric(String id) {
            Row row = rows.get(id);
            if (row == null || !(row.row() instanceof MetricRow.Metric metric)) {
                throw new IllegalArgumentException("no metric of this widget has the id '" + id + "'");
            }
            return read.computeIfAbsent(id, k -> new MetricMath.Series(series(metric, row.stat(), grid)));
        }

        @Override
        public boolean isMetric(String id) {
            Row row = rows.get(id);
            return row != null && row.row() instanceof MetricRow.Metric;
        }

        @Override
        public MetricMath.Value expression(String id) {
            Row row = rows.get(id);
            if (row == null || !(row.row() instanceof MetricRow.Expression expression)) {
                throw new IllegalArgumentException("no metric or expression of this widget has the id '" + id + "'");
            }
            return expression(id, expression.expression());
        }

        @Override
        public List<String> metricIds() {
            return rows.values().stream().filter(row -> row.row() instanceof MetricRow.Metric).map(Row::id).toList();
        }

        @Override
        public int periodSeconds(String id) {
            return grid.period();
        }

        @Override
        public MetricMath.SeriesArray band(String id, double k) {
            throw new IllegalArgumentException("ANOMALY_DETECTION_BAND needs an anomaly model, which only alarms have here: "
                    + "show the alarm in the widget's annotations instead");
        }

        @Override
        public int length() {
            return grid.n();
        }
    }
}
