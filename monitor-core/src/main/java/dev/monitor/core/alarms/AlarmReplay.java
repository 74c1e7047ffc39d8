package dev.monitor.core.alarms;

import dev.monitor.api.metrics.Metrics;
import dev.monitor.core.ManualClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Replays raw values through an alarm on a simulated clock, with the same evaluator the live
 * alarms use: values falling in one period are aggregated with the alarm's statistic, a period
 * without values is missing. For {@code monitor alarms evaluate} and for trying a definition
 * copied from CloudWatch against recorded data.
 */
public final class AlarmReplay {

    /** One raw value; {@code id} names the metric of a math alarm's {@code Metrics} (null for a one-metric alarm). */
    public record Point(String id, Instant timestamp, double value) {
    }

    /** The alarm after one evaluation. */
    public record Result(Instant timestamp, AlarmState state, String reason, String reasonData) {
    }

    private AlarmReplay() {
    }

    /**
     * @param evaluateAt the times to evaluate at; when empty, the end of every period from the
     *                   first value's to the last value's
     * @throws IllegalArgumentException for a point whose id names no metric of the alarm
     */
    public static List<Result> run(MetricAlarm alarm, List<Point> points, AlarmState initialState,
                                   List<Instant> evaluateAt) {
        ManualClock clock = new ManualClock(Instant.EPOCH);
        List<Result> results = new ArrayList<>();
        try (Alarms alarms = new Alarms(clock, "000000000000", "local", List::of, Metrics.noop())) {
            alarms.putMetricAlarm(alarm);
            alarms.forceState(alarm.name(), initialState);
            Map<String, MetricStat> metrics = alarm.queries().stream().filter(q -> q.metricStat() != null)
                    .collect(Collectors.toMap(MetricDataQuery::id, MetricDataQuery::metricStat));
            Function<Point, MetricStat> metricOf = point -> {
                if (alarm.metric() != null && (point.id() == null || point.id().equals("m1"))) {
                    return alarm.metric();
                }
                MetricStat stat = point.id() == null ? null : metrics.get(point.id());
                if (stat == null) {
                    throw new IllegalArgumentException("datapoint at " + point.timestamp() + " has Id '" + point.id()
                            + "', which is not the Id of a metric of the alarm; its metrics are " + metrics.keySet());
                }
                return stat;
            };
            for (Point point : points) {
                alarms.record(metricOf.apply(point).key(), point.timestamp(), point.value());
            }
            int period = alarm.periodSeconds();
            TreeSet<Instant> times = new TreeSet<>(evaluateAt);
            if (times.isEmpty() && !points.isEmpty()) {
                long first = points.stream().mapToLong(p -> p.timestamp().getEpochSecond()).min().orElseThrow();
                long last = points.stream().mapToLong(p -> p.timestamp().getEpochSecond()).max().orElseThrow();
                for (long end = Math.floorDiv(first, period) * period + period; end <= Math.floorDiv(last, period) * period + period;
                     end += period) {
                    times.add(Instant.ofEpochSecond(end));
                }
            }
            for (Instant time : times) {
                clock.set(time);
                long end = Math.floorDiv(time.getEpochSecond(), period) * period;
                AlarmStatus status = alarms.evaluateNow(alarm.name(), end);
                results.add(new Result(time, status.state(), status.reason(), status.reasonData()));
            }
        }
        return results;
    }
}
