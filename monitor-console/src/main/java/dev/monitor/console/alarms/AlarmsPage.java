package dev.monitor.console.alarms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.metrics.Dimension;
import dev.monitor.console.ApiException;
import dev.monitor.console.ApiRequest;
import dev.monitor.console.ConsoleApi;
import dev.monitor.console.ConsolePage;
import dev.monitor.core.Monitor;
import dev.monitor.core.alarms.AlarmDefinition;
import dev.monitor.core.alarms.AlarmHistoryItem;
import dev.monitor.core.alarms.AlarmService;
import dev.monitor.core.alarms.AlarmState;
import dev.monitor.core.alarms.AlarmStatus;
import dev.monitor.core.alarms.BandPoint;
import dev.monitor.core.alarms.CompositeAlarm;
import dev.monitor.core.alarms.MetricAlarm;
import dev.monitor.core.alarms.MetricDataQuery;
import dev.monitor.core.alarms.MetricStat;
import dev.monitor.core.metrics.MetricStatistics;
import dev.monitor.core.metrics.StatisticsQuery;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alarms: every metric and composite alarm with its state, reason and when it changed; for the one
 * chosen, its history over the range as a timeline of states (from DescribeAlarmHistory's items),
 * the graph of its metrics with the threshold (or the anomaly band), and muting its actions.
 *
 * <ul>
 *   <li>{@code GET /api/alarms/list}: every alarm, in the order they were created;</li>
 *   <li>{@code GET /api/alarms/alarm/NAME?start=..&end=..}: one alarm, its history and timeline over the range,
 *       and for a metric alarm the graph;</li>
 *   <li>{@code POST /api/alarms/alarm/NAME/mute} and {@code .../unmute}: switches its actions off or on, as
 *       DisableAlarmActions and EnableAlarmActions do; the answer is the alarm as listed after the change.</li>
 * </ul>
 */
public final class AlarmsPage implements ConsolePage {
    /** The most values per graph line: a period is widened (in minutes) to keep a long range under this. */
    static final int MAX_POINTS = 1440;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String id() {
        return "alarms";
    }

    @Override
    public String title() {
        return "Alarms";
    }

    @Override
    public int order() {
        return 30;
    }

    @Override
    public void install(ConsoleApi api, Monitor monitor) {
        AlarmService alarms = monitor.alarms();
        api.get("list", request -> list(alarms));
        api.get("alarm", request -> detail(monitor, request));
        api.post("alarm", request -> act(alarms, request));
    }

    /** One alarm in the list. */
    record Listed(String name, String type, String state, String reason, Instant updated, boolean actionsEnabled,
                  String actionsSuppressedBy, String description, String condition) {
    }

    /** One history item, as DescribeAlarmHistory gives it. */
    record History(Instant timestamp, String type, String summary, String data) {
    }

    /** A stretch of the timeline in one state: start inclusive, end exclusive. */
    record Segment(Instant start, Instant end, String state) {
    }

    /** A value of a graph. */
    record Point(Instant t, double value) {
    }

    /** One line of a graph. */
    record Series(String label, List<Point> points) {
    }

    /** A horizontal line at a fixed threshold. */
    record Threshold(double value, String label) {
    }

    /**
     * A metric alarm's graph over the range.
     *
     * @param lower the anomaly band's lower bound per period; empty for a fixed threshold
     * @param notes what the graph cannot show, each a sentence
     */
    record Graph(int period, List<Series> series, List<Threshold> thresholds, List<Point> lower, List<Point> upper,
                 List<String> notes) {
    }

    /** One alarm with its history, timeline and graph (null for a composite alarm) over {@code start}..{@code end}. */
    record Detail(Listed alarm, Instant start, Instant end, List<Segment> timeline, List<History> history, Graph graph) {
    }

    static Map<String, Object> list(AlarmService alarms) {
        List<Listed> listed = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (AlarmState state : AlarmState.values()) {
            counts.put(state.apiName(), 0);
        }
        for (AlarmStatus status : alarms.describeAll()) {
            alarms.definition(status.name()).ifPresent(definition -> {
                listed.add(listed(status, definition));
                counts.merge(status.state().apiName(), 1, Integer::sum);
            });
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("counts", counts);
        answer.put("alarms", listed);
        return answer;
    }

    static Detail detail(Monitor monitor, ApiRequest request) throws IOException {
        String name = name(request.rest());
        ApiRequest.TimeRange range = request.range();
        AlarmService alarms = monitor.alarms();
        AlarmStatus status = alarms.describe(name).orElseThrow(() -> noSuchAlarm(name));
        AlarmDefinition definition = alarms.definition(name).orElseThrow(() -> noSuchAlarm(name));
        List<AlarmHistoryItem> all = alarms.history(name);
        List<History> history = alarms.history(name, null, range.start(), range.end(), AlarmService.HISTORY_LIMIT).stream()
                .map(item -> new History(item.timestamp(), item.type(), item.summary(), item.data())).toList();
        Graph graph = definition instanceof MetricAlarm metric ? graph(monitor, metric, range) : null;
        return new Detail(listed(status, definition), range.start(), range.end(), timeline(all, status, range), history, graph);
    }

    static Listed act(AlarmService alarms, ApiRequest request) {
        String rest = request.rest();
        int slash = rest.lastIndexOf('/');
        String verb = slash < 0 ? rest : rest.substring(slash + 1);
        if (slash <= 0 || !(verb.equals("mute") || verb.equals("unmute"))) {
            throw ApiException.notFound("POST alarm/NAME/mute or alarm/NAME/unmute, not alarm/" + rest);
        }
        String name = rest.substring(0, slash);
        alarms.describe(name).orElseThrow(() -> noSuchAlarm(name));
        if (verb.equals("mute")) {
            alarms.disableActions(name);
        } else {
            alarms.enableActions(name);
        }
        AlarmStatus status = alarms.describe(name).orElseThrow(() -> noSuchAlarm(name));
        return listed(status, alarms.definition(name).orElseThrow(() -> noSuchAlarm(name)));
    }

    private static String name(String rest) {
        if (rest.isEmpty()) {
            throw ApiException.badRequest("name the alarm: alarms/alarm/NAME");
        }
        return rest;
    }

    private static ApiException noSuchAlarm(String name) {
        return ApiException.notFound("there is no alarm named '" + name + "'");
    }

    private static Listed listed(AlarmStatus status, AlarmDefinition definition) {
        boolean composite = definition instanceof CompositeAlarm;
        return new Listed(status.name(), composite ? "composite" : "metric", status.state().apiName(), status.reason(),
                status.updated(), status.actionsEnabled(), status.actionsSuppressedBy(), definition.description(),
                definition instanceof CompositeAlarm c ? c.rule() : condition((MetricAlarm) definition));
    }

    /** The alarm's condition in a line, as CloudWatch's console writes it: "Errors Sum > 5 for 2 datapoints within 3 x 60 s". */
    static String condition(MetricAlarm alarm) {
        String subject;
        if (alarm.metric() != null) {
            MetricStat stat = alarm.metric();
            subject = stat.namespace() + " " + stat.metricName() + dimensions(stat.dimensions()) + " " + stat.stat().name();
        } else {
            subject = alarm.metrics().stream().filter(q -> q.returnData() && !q.id().equals(alarm.thresholdMetricId()))
                    .map(q -> q.expression() != null ? q.expression() : q.metricStat().metricName() + " " + q.metricStat().stat().name())
                    .findFirst().orElse("?");
        }
        String comparison = alarm.comparisonOperator().usesBand()
                ? " " + alarm.comparisonOperator().apiName() + " of band " + alarm.thresholdMetricId()
                : " " + symbol(alarm) + " " + number(alarm.threshold());
        return subject + comparison + " for " + alarm.datapointsToAlarm() + " datapoints within " + alarm.evaluationPeriods()
                + " x " + alarm.periodSeconds() + " s";
    }

    private static String dimensions(List<Dimension> dimensions) {
        if (dimensions.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder(" (");
        for (Dimension d : dimensions) {
            text.append(text.length() > 2 ? ", " : "").append(d.name()).append('=').append(d.value());
        }
        return text.append(')').toString();
    }

    private static String symbol(MetricAlarm alarm) {
        return switch (alarm.comparisonOperator()) {
            case GREATER_THAN_OR_EQUAL_TO_THRESHOLD -> ">=";
            case GREATER_THAN_THRESHOLD -> ">";
            case LESS_THAN_THRESHOLD -> "<";
            case LESS_THAN_OR_EQUAL_TO_THRESHOLD -> "<=";
            default -> alarm.comparisonOperator().apiName();
        };
    }

    private static String number(Double value) {
        if (value == null) {
            return "?";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString(value.longValue()) : value.toString();
    }

    /**
     * The states over the range from the StateUpdate items: the state before the first change in
     * the range is that change's old state; after the last, its new one (or, with no change at all,
     * the state now). The timeline starts when the alarm was created if that is in the range.
     */
    static List<Segment> timeline(List<AlarmHistoryItem> newestFirst, AlarmStatus status, ApiRequest.TimeRange range)
            throws IOException {
        List<AlarmHistoryItem> items = new ArrayList<>(newestFirst);
        items.sort(Comparator.comparing(AlarmHistoryItem::timestamp));
        Instant start = range.start();
        String state = null;
        List<Change> changes = new ArrayList<>();
        for (AlarmHistoryItem item : items) {
            if (item.type().equals("ConfigurationUpdate") && item.summary().endsWith("created") && item.timestamp().isAfter(start)
                    && changes.isEmpty()) {
                start = item.timestamp();
            }
            if (item.type().equals("StateUpdate") && item.data() != null) {
                JsonNode data = JSON.readTree(item.data());
                changes.add(new Change(item.timestamp(), data.path("oldState").path("stateValue").asText(null),
                        data.path("newState").path("stateValue").asText(null)));
            }
        }
        if (!start.isBefore(range.end())) {
            return List.of();
        }
        List<Segment> segments = new ArrayList<>();
        Instant from = start;
        for (Change change : changes) {
            if (!change.at.isAfter(start)) {
                state = change.to;
            } else if (change.at.isBefore(range.end())) {
                String before = state != null ? state : change.from;
                segments.add(new Segment(from, change.at, before));
                from = change.at;
                state = change.to;
            } else {
                if (state == null) {
                    state = change.from;
                }
                break;
            }
        }
        segments.add(new Segment(from, range.end(), state != null ? state : status.state().apiName()));
        segments.removeIf(segment -> !segment.start().isBefore(segment.end()));
        return segments;
    }

    private record Change(Instant at, String from, String to) {
    }

    /** The alarm's metrics over the range per period, its threshold line, and its band if it has one. */
    static Graph graph(Monitor monitor, MetricAlarm alarm, ApiRequest.TimeRange range) {
        int period = period(alarm.periodSeconds(), range);
        List<Series> series = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (MetricDataQuery query : alarm.queries()) {
            if (query.metricStat() != null) {
                MetricStat stat = query.metricStat();
                String label = (alarm.metric() != null ? "" : query.id() + ": ") + stat.metricName() + " " + stat.stat().name();
                String problem = series(monitor, stat, period, range, label, series);
                if (problem != null) {
                    notes.add(label + " is not drawn: " + problem);
                }
            } else if (!query.id().equals(alarm.thresholdMetricId())) {
                notes.add("the expression " + query.id() + " (" + query.expression() + ") is not drawn; its metrics are");
            }
        }
        if (period != alarm.periodSeconds()) {
            notes.add("drawn per " + period + " s (the alarm's period is " + alarm.periodSeconds()
                    + " s) to keep the range under " + MAX_POINTS + " values");
        }
        List<Threshold> thresholds = alarm.threshold() == null ? List.of()
                : List.of(new Threshold(alarm.threshold(), symbol(alarm) + " " + number(alarm.threshold())));
        List<Point> lower = new ArrayList<>();
        List<Point> upper = new ArrayList<>();
        for (BandPoint point : monitor.alarms().band(alarm.name(), range.start(), range.end())) {
            lower.add(new Point(point.timestamp(), point.lower()));
            upper.add(new Point(point.timestamp(), point.upper()));
        }
        return new Graph(period, series, thresholds, lower, upper, notes);
    }

    /** The alarm's period, or a whole number of minutes that keeps the range under {@link #MAX_POINTS} values. */
    static int period(int alarmPeriod, ApiRequest.TimeRange range) {
        long seconds = range.length().getSeconds();
        if (seconds / alarmPeriod <= MAX_POINTS) {
            return alarmPeriod;
        }
        long minutes = (seconds / MAX_POINTS + 59) / 60;
        return (int) Math.max(alarmPeriod, minutes * 60);
    }

    /** Adds the line of one metric to {@code series}; returns why it cannot be drawn, or null. */
    private static String series(Monitor monitor, MetricStat stat, int period, ApiRequest.TimeRange range, String label,
                                 List<Series> series) {
        String statistic = stat.stat().name();
        boolean extended = stat.stat().isExtended();
        StatisticsQuery query = new StatisticsQuery(stat.namespace(), stat.metricName(), stat.dimensions(), range.start(),
                range.end(), period, extended ? List.of() : List.of(statistic), extended ? List.of(statistic) : List.of());
        List<String> problems = query.problems();
        if (!problems.isEmpty()) {
            return String.join("; ", problems);
        }
        List<Point> points = new ArrayList<>();
        for (MetricStatistics.Point point : monitor.getStatistics(query).datapoints()) {
            Double value = extended ? point.extendedStatistics().get(statistic) : point.statistics().get(statistic);
            if (value != null) {
                points.add(new Point(point.timestamp(), value));
            }
        }
        points.sort(Comparator.comparing(Point::t));
        series.add(new Series(label, points));
        return null;
    }
}
