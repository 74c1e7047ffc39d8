package dev.monitor.micrometer;

import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.metrics.Unit;
import dev.monitor.api.subscription.Subscription;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.cumulative.CumulativeFunctionCounter;
import io.micrometer.core.instrument.cumulative.CumulativeFunctionTimer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.HistogramGauges;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.internal.DefaultGauge;
import io.micrometer.core.instrument.internal.DefaultLongTaskTimer;
import io.micrometer.core.instrument.internal.DefaultMeter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * A Micrometer registry whose meters also record into Monitor, so what Micrometer-instrumented code
 * (Spring Boot's {@code http.server.requests}, JVM and pool binders) measures reaches Monitor's
 * alarms, embedded metric format files, dashboards and exporters.
 *
 * <p>Each Micrometer meter keeps Micrometer's cumulative view for code that reads it back
 * ({@code count()}, {@code totalTime()}, snapshots), and forwards every recording to the Monitor
 * instrument of the same name and tags: counters to counters, timers to timers (so CloudWatch-style
 * percentiles come from Monitor's histograms), distribution summaries to distributions, gauges,
 * function counters and long task timers to instruments observed once per period. Tags become
 * dimensions; names follow {@link CloudWatchNamingConvention} unless another convention is set.
 *
 * <p>A meter Monitor refuses (a name CloudWatch rejects, a name already used by another kind of
 * instrument, a dimension set past the cardinality limit) still works on the Micrometer side; Monitor
 * logs the reason once and counts it, as for its own lookups.
 */
public final class MonitorMeterRegistry extends MeterRegistry {

    private static final Duration STANDARD_PERIOD = Duration.ofMinutes(1);

    private final MonitorInstruments instruments;
    private final Map<Meter.Id, Subscription> observations = new ConcurrentHashMap<>();

    /** A registry over {@code metrics} on the system clock. */
    public MonitorMeterRegistry(Metrics metrics) {
        this(metrics, Clock.SYSTEM);
    }

    /** A registry over {@code metrics}; {@code clock} times Micrometer's own windows and long tasks. */
    public MonitorMeterRegistry(Metrics metrics, Clock clock) {
        super(clock);
        this.instruments = new MonitorInstruments(Objects.requireNonNull(metrics, "metrics"));
        config().namingConvention(new CloudWatchNamingConvention());
        config().onMeterRemoved(this::stopObserving);
    }

    @Override
    protected Counter newCounter(Meter.Id id) {
        return new BridgedMeters.BridgedCounter(id, instruments.counter(names(id), MonitorInstruments.unitOf(id)));
    }

    @Override
    protected Timer newTimer(Meter.Id id, DistributionStatisticConfig histogramConfig, PauseDetector pauseDetector) {
        Timer timer = new BridgedMeters.BridgedTimer(id, clock, histogramConfig, pauseDetector, getBaseTimeUnit(),
                instruments.timer(names(id)));
        HistogramGauges.registerWithCommonFormat(timer, this);
        return timer;
    }

    @Override
    protected DistributionSummary newDistributionSummary(Meter.Id id, DistributionStatisticConfig histogramConfig,
            double scale) {
        DistributionSummary summary = new BridgedMeters.BridgedSummary(id, clock, histogramConfig, scale,
                instruments.distribution(names(id), MonitorInstruments.unitOf(id)));
        HistogramGauges.registerWithCommonFormat(summary, this);
        return summary;
    }

    @Override
    protected <T> Gauge newGauge(Meter.Id id, T obj, ToDoubleFunction<T> valueFunction) {
        Gauge gauge = new DefaultGauge<>(id, obj, valueFunction);
        observe(id, instruments.gauge(names(id), MonitorInstruments.unitOf(id), gauge::value));
        return gauge;
    }

    @Override
    protected <T> FunctionCounter newFunctionCounter(Meter.Id id, T obj, ToDoubleFunction<T> countFunction) {
        FunctionCounter counter = new CumulativeFunctionCounter<>(id, obj, countFunction);
        observe(id, instruments.observedCounter(names(id), MonitorInstruments.unitOf(id), counter::count));
        return counter;
    }

    @Override
    protected <T> FunctionTimer newFunctionTimer(Meter.Id id, T obj, ToLongFunction<T> countFunction,
            ToDoubleFunction<T> totalTimeFunction, TimeUnit totalTimeFunctionUnit) {
        FunctionTimer timer = new CumulativeFunctionTimer<>(id, obj, countFunction, totalTimeFunction,
                totalTimeFunctionUnit, getBaseTimeUnit());
        MonitorInstruments.Names names = names(id);
        observe(id, instruments.observedCounter(names.withSuffix(".count"), Unit.COUNT, timer::count),
                instruments.observedCounter(names.withSuffix(".sum"), Unit.MILLISECONDS,
                        () -> timer.totalTime(TimeUnit.MILLISECONDS)));
        return timer;
    }

    @Override
    protected LongTaskTimer newLongTaskTimer(Meter.Id id, DistributionStatisticConfig histogramConfig) {
        DefaultLongTaskTimer timer = new DefaultLongTaskTimer(id, clock, getBaseTimeUnit(), histogramConfig, false);
        HistogramGauges.registerWithCommonFormat(timer, this);
        MonitorInstruments.Names names = names(id);
        observe(id, instruments.gauge(names.withSuffix(".active"), Unit.COUNT, timer::activeTasks),
                instruments.gauge(names.withSuffix(".duration"), Unit.MILLISECONDS,
                        () -> timer.duration(TimeUnit.MILLISECONDS)),
                instruments.gauge(names.withSuffix(".max"), Unit.MILLISECONDS, () -> timer.max(TimeUnit.MILLISECONDS)));
        return timer;
    }

    /** A custom meter: each measurement becomes an observed counter (totals) or gauge (values). */
    @Override
    protected Meter newMeter(Meter.Id id, Meter.Type type, Iterable<Measurement> measurements) {
        MonitorInstruments.Names names = names(id);
        List<Measurement> all = new ArrayList<>();
        measurements.forEach(all::add);
        Subscription[] subscriptions = new Subscription[all.size()];
        for (int i = 0; i < all.size(); i++) {
            Measurement measurement = all.get(i);
            MonitorInstruments.Names measured = all.size() == 1 ? names
                    : names.withSuffix("." + measurement.getStatistic().getTagValueRepresentation());
            subscriptions[i] = MonitorInstruments.isTotal(measurement.getStatistic())
                    ? instruments.observedCounter(measured, MonitorInstruments.unitOf(id), measurement::getValue)
                    : instruments.gauge(measured, MonitorInstruments.unitOf(id), measurement::getValue);
        }
        observe(id, subscriptions);
        return new DefaultMeter(id, type, measurements);
    }

    /** Milliseconds, CloudWatch's usual unit for latencies and the unit Monitor's timers report in. */
    @Override
    protected TimeUnit getBaseTimeUnit() {
        return TimeUnit.MILLISECONDS;
    }

    /**
     * Micrometer's decaying maximum and percentiles span one standard CloudWatch period, the window
     * Monitor's own statistics cover; the rest of Micrometer's defaults stand.
     */
    @Override
    protected DistributionStatisticConfig defaultHistogramConfig() {
        return DistributionStatisticConfig.builder().expiry(STANDARD_PERIOD).build()
                .merge(DistributionStatisticConfig.DEFAULT);
    }

    private MonitorInstruments.Names names(Meter.Id id) {
        return MonitorInstruments.Names.of(id, config().namingConvention());
    }

    private void observe(Meter.Id id, Subscription... subscriptions) {
        observations.put(id, () -> {
            for (Subscription subscription : subscriptions) {
                subscription.close();
            }
        });
    }

    private void stopObserving(Meter meter) {
        Subscription subscription = observations.remove(meter.getId());
        if (subscription != null) {
            subscription.close();
        }
    }
}
