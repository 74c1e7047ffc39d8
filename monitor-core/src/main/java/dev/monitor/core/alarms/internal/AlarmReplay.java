package dev.monitor.core.alarms.internal;

import dev.monitor.api.metrics.Metrics;
import dev.monitor.core.alarms.AlarmState;
import dev.monitor.core.alarms.AlarmStatus;
import dev.monitor.core.alarms.MetricAlarm;
import dev.monitor.core.alarms.MetricDataQuery;
import dev.monitor.core.alarms.MetricStat;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
 * copied from CloudWatch against recorded data. Not API: public for the CLI's {@code alarms evaluate}.
 */
public final class AlarmReplay {

    /** One raw value; {@code id} names the metric of a math alarm's {@code Metrics} (null for a one-metric alarm). */
    public record Point(String id, Instant timestamp, double value) {
    }

    /** The alarm after one evaluation. */
    public record Result(Instant timestamp, AlarmState state, String reason, String reasonData) {
    }

    /** The most evaluations one replay makes when it chooses the times itself. */
    static final int MAX_EVALUATIONS = 1_000_000;

    private AlarmReplay() {
    }

    /**
     * The period ends up to the last value's at which some value is inside the evaluation range,
     * and the first end after each run of them (where the range has emptied): between data far
     * apart nothing changes, so those periods are not evaluated one by one.
     *
     * @throws IllegalArgumentException when that would be more than {@link #MAX_EVALUATIONS}
     */
    static List<Instant> evaluationEnds(List<Point> points, int period, int range) {
        TreeSet<Long> starts = new TreeSet<>();
        for (Point point : points) {
            starts.add(Math.floorDiv(point.timestamp().getEpochSecond(), period) * period);
        }
        List<long[]> runs = new ArrayList<>();
        long reach = (long) (range + 1) * period;
        long lastEnd = starts.last() + period; // as before, nothing is evaluated after the last value's period
        for (long start : starts) {
            long from = start + period;
            long to = Math.min(start + reach, lastEnd);
            long[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && from <= last[1] + period) {
                last[1] = Math.max(last[1], to);
            } else {
                runs.add(new long[] {from, to});
            }
        }
        long count = 0;
        for (long[] run : runs) {
            count += (run[1] - run[0]) / period + 1;
        }
        if (count > MAX_EVALUATIONS) {
            throw new IllegalArgumentException("replaying these datapoints would evaluate the alarm at " + count
                    + " period ends, more than the limit of " + MAX_EVALUATIONS + "; give the times to evaluate at");
        }
        List<Instant> ends = new ArrayList<>((int) count);
        for (long[] run : runs) {
            for (long end = run[0]; end <= run[1]; end += period) {
                ends.add(Instant.ofEpochSecond(end));
            }
        }
        return ends;
    }

    /**
     * @param evaluateAt the times to evaluate at; when empty, up to the last value's period, the
     *                   end of every period whose evaluation range holds a value, and the first end
     *                   after the range empties
     * @throws IllegalArgumentException for a point whose id names no metric of the alarm
     */
    public static List<Result> run(MetricAlarm alarm, List<Point> points, AlarmState initialState,
                                   List<Instant> evaluateAt) {
        ReplayClock clock = new ReplayClock();
        List<Result> results = new ArrayList<>();
        try (AlarmEngine alarms = new AlarmEngine(clock, "000000000000", "local", List::of, Metrics.noop())) {
            alarms.putMetricAlarm(alarm);
            alarms.startIn(alarm.name(), initialState);
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
                alarms.record(metricOf.apply(point), point.timestamp(), point.value());
            }
            int period = alarm.periodSeconds();
            TreeSet<Instant> times = new TreeSet<>(evaluateAt);
            if (times.isEmpty() && !points.isEmpty()) {
                times.addAll(evaluationEnds(points, period, Evaluation.rangeLength(alarm.evaluationPeriods())));
            }
            for (Instant time : times) {
                clock.set(time);
                long end = Math.floorDiv(time.getEpochSecond(), period) * period;
                AlarmStatus status = alarms.evaluate(alarm.name(), end);
                results.add(new Result(time, status.state(), status.reason(), status.reasonData()));
            }
        }
        return results;
    }

    /** The replay's time: moved to each evaluation time in turn. */
    private static final class ReplayClock extends Clock {
        private volatile Instant now = Instant.EPOCH;

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
