package dev.monitor.benchmarks;

import dev.monitor.api.metrics.Dimension;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Unit;
import dev.monitor.testing.ManualClock;
import dev.monitor.core.alarms.AlarmState;
import dev.monitor.core.alarms.ComparisonOperator;
import dev.monitor.core.alarms.MetricAlarm;
import dev.monitor.core.alarms.internal.AlarmEngine;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What alarms cost. No peer evaluates CloudWatch alarms in-process, so these are reported per
 * alarm and as latencies, not as ratios.
 */
public class AlarmBenchmarks {

    private static MetricId metric(int i) {
        return new MetricId("Shop", "Latency", List.of(new Dimension("Host", "host-" + i)), Unit.MILLISECONDS,
                Resolution.STANDARD);
    }

    /**
     * One evaluation round of 10,000 alarms (10 on each of 1,000 metrics, 2 out of 3 periods of
     * 60 s) in the steady state, where none changes state: the time per operation divided by
     * 10,000 is the cost per alarm per period. Each round first records one new minute of
     * datapoints for every metric (not timed, but its allocations count in {@code -prof gc}).
     */
    @State(Scope.Benchmark)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    @Fork(1)
    public static class Evaluation {
        static final int METRICS = 1_000;
        static final int ALARMS_PER_METRIC = 10;
        private final ManualClock clock = ManualClock.at("2026-01-01T00:00:00Z");
        private final MetricId[] metrics = new MetricId[METRICS];
        private AlarmEngine alarms;
        private long minute;

        @Setup(Level.Trial)
        public void createAlarms() {
            for (int m = 0; m < METRICS; m++) {
                metrics[m] = metric(m);
            }
            alarms = new AlarmEngine(clock, "000000000000", "local", List::of, Metrics.noop());
            for (int m = 0; m < METRICS; m++) {
                for (int a = 0; a < ALARMS_PER_METRIC; a++) {
                    alarms.putMetricAlarm(MetricAlarm.builder("latency-" + m + "-" + a)
                            .metric("Shop", "Latency", new Dimension("Host", "host-" + m)).statistic("Average")
                            .period(60).evaluationPeriods(3).datapointsToAlarm(2).threshold(100 + a * 10)
                            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).build());
                }
            }
        }

        @Setup(Level.Invocation)
        public void nextMinute() {
            List<Datapoint> datapoints = new ArrayList<>(METRICS);
            Instant start = clock.instant();
            for (int m = 0; m < METRICS; m++) {
                // Below every threshold: the steady state, in which no alarm changes state.
                datapoints.add(Datapoint.single(metrics[m], start, 50 + (minute + m) % 40));
            }
            alarms.record(datapoints);
            minute++;
            clock.set(start.plusSeconds(60));
        }

        @Benchmark
        public void evaluateTenThousandAlarms() {
            alarms.evaluate();
        }

        @TearDown(Level.Trial)
        public void close() {
            alarms.close();
        }
    }

    /**
     * From a datapoint to the alarm's action running on Monitor's action thread: record, evaluate,
     * and wait until the action has seen the state change. Every operation changes the state.
     */
    @State(Scope.Benchmark)
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    @Fork(1)
    public static class StateChangeLatency {
        private final ManualClock clock = ManualClock.at("2026-01-01T00:00:00Z");
        private final AtomicLong actionsRun = new AtomicLong();
        private AlarmEngine alarms;
        private boolean high;

        @Setup(Level.Trial)
        public void createAlarm() {
            alarms = new AlarmEngine(clock, "000000000000", "local", List::of, Metrics.noop());
            alarms.registerAction("count", change -> actionsRun.incrementAndGet());
            alarms.putMetricAlarm(MetricAlarm.builder("Latency").metric("Shop", "Latency", new Dimension("Host", "host-0"))
                    .statistic("Maximum").period(60).evaluationPeriods(1).threshold(100)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                    .onState(AlarmState.ALARM, "count").onState(AlarmState.OK, "count").build());
        }

        @Benchmark
        public long datapointToAction() {
            long before = actionsRun.get();
            high = !high;
            alarms.record(List.of(Datapoint.single(metric(0), clock.instant(), high ? 500 : 5)));
            clock.advance(Duration.ofSeconds(60));
            alarms.evaluate();
            while (actionsRun.get() == before) {
                Thread.onSpinWait();
            }
            return actionsRun.get();
        }

        @TearDown(Level.Trial)
        public void close() {
            alarms.close();
        }
    }
}
