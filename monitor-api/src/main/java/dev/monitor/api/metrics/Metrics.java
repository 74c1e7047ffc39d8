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
 *       Lookups return the same instrument for the same name and dimensions, in any order, and
 *       never throw. With up to three dimensions they allocate nothing once the instrument
 *       exists; the varargs form allocates its array unless the JIT removes it. A lookup with bad arguments
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

    /** The counter with this name and no dimensions. */
    default Counter counter(String name) {
        return counter(name, new String[0]);
    }

    /** The counter with this name and one dimension. */
    default Counter counter(String name, String dimension, String value) {
        return counter(name, new String[] {dimension, value});
    }

    /** The counter with this name and two dimensions. */
    default Counter counter(String name, String dimension1, String value1, String dimension2, String value2) {
        return counter(name, new String[] {dimension1, value1, dimension2, value2});
    }

    /** The counter with this name and three dimensions. */
    default Counter counter(String name, String dimension1, String value1, String dimension2, String value2,
                     String dimension3, String value3) {
        return counter(name, new String[] {dimension1, value1, dimension2, value2, dimension3, value3});
    }

    /** The settable gauge with this name and dimensions ({@code name1, value1, name2, value2, ...}). */
    Gauge gauge(String name, String... dimensionPairs);

    /** The settable gauge with this name and no dimensions. */
    default Gauge gauge(String name) {
        return gauge(name, new String[0]);
    }

    /** The settable gauge with this name and one dimension. */
    default Gauge gauge(String name, String dimension, String value) {
        return gauge(name, new String[] {dimension, value});
    }

    /** The settable gauge with this name and two dimensions. */
    default Gauge gauge(String name, String dimension1, String value1, String dimension2, String value2) {
        return gauge(name, new String[] {dimension1, value1, dimension2, value2});
    }

    /** The settable gauge with this name and three dimensions. */
    default Gauge gauge(String name, String dimension1, String value1, String dimension2, String value2,
                     String dimension3, String value3) {
        return gauge(name, new String[] {dimension1, value1, dimension2, value2, dimension3, value3});
    }

    /** The timer with this name and dimensions ({@code name1, value1, name2, value2, ...}). */
    Timer timer(String name, String... dimensionPairs);

    /** The timer with this name and no dimensions. */
    default Timer timer(String name) {
        return timer(name, new String[0]);
    }

    /** The timer with this name and one dimension. */
    default Timer timer(String name, String dimension, String value) {
        return timer(name, new String[] {dimension, value});
    }

    /** The timer with this name and two dimensions. */
    default Timer timer(String name, String dimension1, String value1, String dimension2, String value2) {
        return timer(name, new String[] {dimension1, value1, dimension2, value2});
    }

    /** The timer with this name and three dimensions. */
    default Timer timer(String name, String dimension1, String value1, String dimension2, String value2,
                     String dimension3, String value3) {
        return timer(name, new String[] {dimension1, value1, dimension2, value2, dimension3, value3});
    }

    /** The distribution with this name and dimensions ({@code name1, value1, name2, value2, ...}). */
    Distribution distribution(String name, String... dimensionPairs);

    /** The distribution with this name and no dimensions. */
    default Distribution distribution(String name) {
        return distribution(name, new String[0]);
    }

    /** The distribution with this name and one dimension. */
    default Distribution distribution(String name, String dimension, String value) {
        return distribution(name, new String[] {dimension, value});
    }

    /** The distribution with this name and two dimensions. */
    default Distribution distribution(String name, String dimension1, String value1, String dimension2, String value2) {
        return distribution(name, new String[] {dimension1, value1, dimension2, value2});
    }

    /** The distribution with this name and three dimensions. */
    default Distribution distribution(String name, String dimension1, String value1, String dimension2, String value2,
                     String dimension3, String value3) {
        return distribution(name, new String[] {dimension1, value1, dimension2, value2, dimension3, value3});
    }

    /** Metrics whose instruments record nothing. */
    static Metrics noop() {
        return NoopMetrics.INSTANCE;
    }
}
