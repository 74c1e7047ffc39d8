package dev.monitor.console.dashboards;

import dev.monitor.api.metrics.Dimension;
import dev.monitor.console.ApiRequest.TimeRange;
import dev.monitor.core.Monitor;
import dev.monitor.core.alarms.AlarmDefinition;
import dev.monitor.core.alarms.AlarmStatus;
import dev.monitor.core.alarms.ComparisonOperator;
import dev.monitor.core.alarms.MetricAlarm;
import dev.monitor.core.alarms.MetricDataQuery;
import dev.monitor.core.alarms.MetricStat;
import dev.monitor.core.dashboard.AlarmWidget;
import dev.monitor.core.dashboard.Annotations;
import dev.monitor.core.dashboard.LogWidget;
import dev.monitor.core.dashboard.MetricRow;
import dev.monitor.core.dashboard.MetricWidget;
import dev.monitor.core.dashboard.RenderOptions;
import dev.monitor.core.dashboard.Side;
import dev.monitor.core.logs.QueryResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** What one widget shows over a time range: a metric widget's lines, a log widget's rows, an alarm widget's states. */
final class WidgetData {
    /** AWS's colour for an alarm's threshold line. */
    static final String ALARM_COLOR = "#d62728";

    private WidgetData() {
    }

    /** One value of a line. */
    record Point(Instant t, double value) {
    }

    /**
     * One line of a metric widget.
     *
     * @param problem why the line has no points (an unknown statistic, an expression that fails), or null
     */
    record Line(String id, String label, String color, String yAxis, String stat, int period, List<Point> points, String problem) {
    }

    /** A horizontal line or band: the widget's annotations and its alarms' thresholds. */
    record Threshold(double value, String label, String color, String fill, String yAxis, Double bandValue, String bandLabel,
                     String alarm) {
    }

    /** An alarm a metric widget shows, with its state. */
    record WidgetAlarm(String name, String state) {
    }

    /** A metric widget's answer; {@code rangeSource} says whose range it is: the console's, the dashboard's or the widget's. */
    record MetricAnswer(String type, Instant start, Instant end, String rangeSource, List<Line> series, List<Threshold> horizontal,
                        List<WidgetAlarm> alarms, List<String> notes) {
    }

    /** A log widget's answer: the query's rows, their columns in order of first appearance. */
    record LogAnswer(String type, Instant start, Instant end, String rangeSource, String query, List<String> logGroups,
                     List<String> columns, List<Map<String, String>> rows, long matched, long scanned, List<String> notes, String error) {
    }

    /** One alarm of an alarm widget. */
    record AlarmRow(String arn, String name, String state, String reason, Instant updated, boolean exists) {
    }

    record AlarmAnswer(String type, List<AlarmRow> alarms) {
    }

    // ------------------------------------------------------------------ metric widgets

    static MetricAnswer metric(Monitor monitor, MetricWidget widget, TimeRange range, String rangeSource, boolean autoPeriod) {
        List<String> notes = new ArrayList<>();
        List<Threshold> horizontal = new ArrayList<>();
        for (Annotations.Horizontal line : widget.annotations().horizontal()) {
            if (line.visible()) {
                horizontal.add(new Threshold(line.value(), line.label(), line.color(), line.fill(), line.yAxis().json(),
                        line.bandValue(), line.bandLabel(), null));
            }
        }
        List<MetricRow> rows = new ArrayList<>(widget.metrics());
        List<WidgetAlarm> alarms = new ArrayList<>();
        for (String arn : widget.annotations().alarms()) {
            String name = AlarmWidget.alarmName(arn);
            AlarmDefinition definition = monitor.alarms().definition(name).orElse(null);
            if (!(definition instanceof MetricAlarm alarm)) {
                notes.add(definition == null ? "no alarm named '" + name + "' (from " + arn + ")"
                        : "alarm '" + name + "' is a composite alarm: it has no metric to draw");
                continue;
            }
            alarms.add(new WidgetAlarm(name, monitor.alarms().describe(name).map(s -> s.state().apiName()).orElse(null)));
            if (rows.isEmpty()) {
                rows.addAll(rowsOf(alarm));
            }
            if (alarm.threshold() != null) {
                horizontal.add(new Threshold(alarm.threshold(), name + ": " + symbol(alarm.comparisonOperator()) + " "
                        + format(alarm.threshold()), ALARM_COLOR, null, Side.LEFT.json(), null, null, name));
            }
        }
        MetricData data = MetricData.withFiles(monitor.recentMetrics(), monitor.dataDir(), monitor.clock().instant());
        boolean wholeRange = widget.setPeriodToTimeRange() && widget.view() != MetricWidget.View.TIME_SERIES;
        long rangeSeconds = Math.max(1, range.length().getSeconds());
        List<MetricData.Row> idRows = ids(rows, widget);
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < idRows.size(); i++) {
            MetricData.Row row = idRows.get(i);
            RenderOptions options = row.row().options();
            if (!options.visible()) {
                continue; // a hidden row still feeds the expressions that name it
            }
            int period = MetricData.effectivePeriod(widget.periodOf(row.row()), rangeSeconds, autoPeriod);
            String fallback = defaultLabel(row.row(), rows);
            String label = options.label() != null ? options.label() : fallback;
            String color = options.color();
            String axis = options.yAxis().json();
            try {
                MetricData.Grid grid = wholeRange ? MetricData.Grid.wholeRange(range.start(), range.end())
                        : MetricData.Grid.of(range.start(), range.end(), period);
                if (row.row() instanceof MetricRow.Metric metric) {
                    List<Point> points = points(data.series(metric, row.stat(), grid), grid);
                    lines.add(new Line(row.id(), DynamicLabels.fill(label, fallback, points, metric, row.stat(), grid.period()), color, axis,
                            row.stat(), grid.period(), points, null));
                } else {
                    MetricRow.Expression expression = (MetricRow.Expression) row.row();
                    if (expression.isSearch() || expression.isMetricsInsightsQuery()) {
                        lines.add(new Line(row.id(), label, color, axis, null, period, List.of(), "not supported here: "
                                + (expression.isSearch() ? "search expressions" : "Metrics Insights queries")
                                + " need CloudWatch's metric index"));
                        continue;
                    }
                    List<double[]> values = data.evaluate(row.id(), expression.expression(), idRows, grid);
                    for (int k = 0; k < values.size(); k++) {
                        List<Point> points = points(values.get(k), grid);
                        String filled = DynamicLabels.fill(label, fallback, points, expression, null, grid.period());
                        lines.add(new Line(values.size() == 1 ? row.id() : row.id() + "_" + (k + 1),
                                values.size() == 1 ? filled : filled + " " + (k + 1), values.size() == 1 ? color : null, axis, null,
                                grid.period(), points, null));
                    }
                }
            } catch (IllegalArgumentException e) { // an unknown statistic, an expression that fails, too many points
                lines.add(new Line(row.id(), label, color, axis, row.row() instanceof MetricRow.Metric ? row.stat() : null, period,
                        List.of(), e.getMessage()));
            }
        }
        data.problems().forEach(problem -> notes.add("older datapoints could not all be read: " + problem));
        if (widget.liveData()) {
            notes.add("not supported here: liveData (the last, still-open period is drawn only once the monitor has collected it)");
        }
        return new MetricAnswer("metric", range.start(), range.end(), rangeSource, lines, horizontal, alarms, notes);
    }

    /** The rows with their ids: their own, else {@code m1}, {@code m2}... and {@code e1}... by position, as the console names them. */
    static List<MetricData.Row> ids(List<MetricRow> rows, MetricWidget widget) {
        Set<String> taken = new HashSet<>();
        rows.forEach(row -> {
            if (row.options().id() != null) {
                taken.add(row.options().id());
            }
        });
        List<MetricData.Row> out = new ArrayList<>();
        int metrics = 0;
        int expressions = 0;
        for (MetricRow row : rows) {
            String id = row.options().id();
            if (id == null) {
                boolean metric = row instanceof MetricRow.Metric;
                do {
                    id = metric ? "m" + ++metrics : "e" + ++expressions;
                } while (taken.contains(id));
                taken.add(id);
            }
            out.add(new MetricData.Row(id, row, widget.statOf(row)));
        }
        return out;
    }

    /** The metric's name, with its dimension values when another row of the widget has the same name. */
    private static String defaultLabel(MetricRow row, List<MetricRow> rows) {
        if (row instanceof MetricRow.Expression expression) {
            return expression.expression();
        }
        MetricRow.Metric metric = (MetricRow.Metric) row;
        long same = rows.stream().filter(r -> r instanceof MetricRow.Metric m && m.metricName().equals(metric.metricName())).count();
        if (same < 2 || metric.dimensions().isEmpty()) {
            return metric.metricName();
        }
        return metric.metricName() + " " + metric.dimensions().stream().map(Dimension::value).collect(Collectors.joining(" "));
    }

    private static List<Point> points(double[] values, MetricData.Grid grid) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i]) && !Double.isInfinite(values[i])) {
                points.add(new Point(grid.time(i), values[i]));
            }
        }
        return points;
    }

    /** An alarm's metric, or its metric-math queries, as widget rows (the queries it does not return are hidden). */
    private static List<MetricRow> rowsOf(MetricAlarm alarm) {
        List<MetricRow> rows = new ArrayList<>();
        for (MetricDataQuery query : alarm.queries()) {
            RenderOptions options = new RenderOptions(query.id(), query.label(), null,
                    query.metricStat() == null ? null : query.metricStat().stat().name(),
                    query.metricStat() == null ? alarm.periodSeconds() : query.metricStat().periodSeconds(), query.returnData(), Side.LEFT);
            MetricStat stat = query.metricStat();
            rows.add(stat != null ? new MetricRow.Metric(stat.namespace(), stat.metricName(), stat.dimensions(), options)
                    : new MetricRow.Expression(query.expression(), options));
        }
        return rows;
    }

    private static String symbol(ComparisonOperator operator) {
        return switch (operator) {
            case GREATER_THAN_OR_EQUAL_TO_THRESHOLD -> ">=";
            case GREATER_THAN_THRESHOLD -> ">";
            case LESS_THAN_THRESHOLD -> "<";
            case LESS_THAN_OR_EQUAL_TO_THRESHOLD -> "<=";
            default -> operator.apiName();
        };
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    // ------------------------------------------------------------------ log widgets

    static LogAnswer log(Monitor monitor, LogWidget widget, TimeRange range, String rangeSource) {
        List<String> notes = new ArrayList<>();
        if (widget.logGroups().isEmpty()) {
            return new LogAnswer("log", range.start(), range.end(), rangeSource, widget.insightsQuery(), List.of(), List.of(), List.of(),
                    0, 0, List.of("not supported here: log groups chosen other than as SOURCE 'name'"), null);
        }
        Set<String> known = new HashSet<>(monitor.logs().groups());
        for (String group : widget.logGroups()) {
            if (!known.contains(group)) {
                notes.add("log group '" + group + "' is not one this monitor writes; known: " + String.join(", ", known));
            }
        }
        QueryResult result;
        try {
            result = monitor.logs().query(widget.insightsQuery(), widget.logGroups(), range.start(), range.end());
        } catch (IllegalArgumentException e) { // the query does not parse: shown in the widget, the dashboard goes on
            return new LogAnswer("log", range.start(), range.end(), rangeSource, widget.insightsQuery(), widget.logGroups(), List.of(),
                    List.of(), 0, 0, notes, e.getMessage());
        }
        Set<String> columns = new LinkedHashSet<>();
        result.rows().forEach(row -> columns.addAll(row.keySet()));
        notes.addAll(result.problems());
        return new LogAnswer("log", range.start(), range.end(), rangeSource, widget.insightsQuery(), widget.logGroups(),
                List.copyOf(columns), result.rows(), result.matched(), result.scanned(), notes, null);
    }

    // ------------------------------------------------------------------ alarm widgets

    private static final List<String> STATE_ORDER = List.of("ALARM", "INSUFFICIENT_DATA", "OK");

    static AlarmAnswer alarms(Monitor monitor, AlarmWidget widget) {
        List<AlarmRow> rows = new ArrayList<>();
        for (String arn : widget.alarms()) {
            String name = AlarmWidget.alarmName(arn);
            AlarmStatus status = monitor.alarms().describe(name).orElse(null);
            rows.add(status == null ? new AlarmRow(arn, name, null, "no alarm of this name", null, false)
                    : new AlarmRow(arn, name, status.state().apiName(), status.reason(), status.updated(), true));
        }
        if (!widget.states().isEmpty()) {
            rows.removeIf(row -> !widget.states().contains(row.state()));
        }
        Comparator<AlarmRow> byName = Comparator.comparing(AlarmRow::name);
        Comparator<AlarmRow> newestFirst = Comparator.comparing(AlarmRow::updated, Comparator.nullsLast(Comparator.reverseOrder()));
        // As the alarm status widget sorts: by name; by state (ALARM first) then newest change; or newest change first.
        rows.sort(switch (widget.sortBy() == null ? "default" : widget.sortBy()) {
            case "stateUpdatedTimestamp" -> Comparator.comparing((AlarmRow row) -> stateRank(row.state())).thenComparing(newestFirst);
            case "timestamp" -> newestFirst.thenComparing(byName);
            default -> byName;
        });
        return new AlarmAnswer("alarm", rows);
    }

    private static int stateRank(String state) {
        int rank = STATE_ORDER.indexOf(state);
        return rank < 0 ? STATE_ORDER.size() : rank;
    }
}
