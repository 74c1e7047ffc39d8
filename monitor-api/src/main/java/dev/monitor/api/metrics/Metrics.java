package dev.monitor.api.metrics;

/**
 * Creates and finds instruments. CloudWatch-style: a metric is a name plus dimensions in the
 * monitor's namespace, and each period yields one datapoint of statistics per metric.
 *
 * <p>Two ways to use it, both thread-safe:
 * <ul>
 *   <li>build once and keep the handle:
 *       {@code Counter placed = metrics.counterBuilder("OrdersPlaced").dimension("Region", "eu").register();}</li>
 *   <li>look up on each call: {@code metrics.counter("OrdersPlaced", "Region", "eu").increment();}
 *       Lookups return the same instrument for the same name and dimensions, in any order; they
 *       never throw and allocate nothing once the instrument exists. A lookup with bad arguments
 *       (an odd number of dimension strings, a name CloudWatch rejects) returns an instrument that
 *       records nothing, and the monitor logs the reason once and counts it.</li>
 * </ul>
 *
 * <p>Each metric name keeps at most a configured number of dimension sets (its cardinality
 * limit); past it, new sets fold into one overflow series and are counted.
 */
public interface Metrics {

    CounterBuilder counterBuilder(String name);

    GaugeBuilder gaugeBuilder(String name);

    TimerBuilder timerBuilder(String name);

    DistributionBuilder distributionBuilder(String name);

    /** The counter with this name and dimensions ({@code name1, value1, name2, value2, ...}). */
    Counter counter(String name, String... dimensionPairs);

    /** The settable gauge with this name and dimensions ({@code name1, value1, ...}). */
    Gauge gauge(String name, String... dimensionPairs);

    /** The timer with this name and dimensions ({@code name1, value1, ...}). */
    Timer timer(String name, String... dimensionPairs);

    /** The distribution with this name and dimensions ({@code name1, value1, ...}). */
    Distribution distribution(String name, String... dimensionPairs);

    /** Metrics whose instruments record nothing. */
    static Metrics noop() {
        return NoopMetrics.INSTANCE;
    }
}
