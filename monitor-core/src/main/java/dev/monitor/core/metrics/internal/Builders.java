package dev.monitor.core.metrics.internal;

import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.CounterBuilder;
import dev.monitor.api.metrics.Dimension;
import dev.monitor.api.metrics.Distribution;
import dev.monitor.api.metrics.DistributionBuilder;
import dev.monitor.api.metrics.Gauge;
import dev.monitor.api.metrics.GaugeBuilder;
import dev.monitor.api.metrics.InstrumentBuilder;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Timer;
import dev.monitor.api.metrics.TimerBuilder;
import dev.monitor.api.metrics.Unit;
import dev.monitor.api.subscription.Subscription;
import dev.monitor.core.metrics.MetricId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/** The builders behind {@code Metrics.counterBuilder(...)} and its siblings. */
final class Builders {
    private Builders() {
    }

    private abstract static class Base<B extends InstrumentBuilder<B, I>, I> implements InstrumentBuilder<B, I> {
        final Namespace namespace;
        final String name;
        final Kind kind;
        final List<Dimension> dimensions = new ArrayList<>();
        Unit unit;
        Resolution resolution;

        Base(Namespace namespace, String name, Kind kind) {
            this.namespace = namespace;
            this.name = name;
            this.kind = kind;
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        @Override
        public B dimension(String dimensionName, String value) {
            dimensions.add(new Dimension(dimensionName, value));
            return self();
        }

        @Override
        public B dimensions(Map<String, String> more) {
            more.forEach(this::dimension);
            return self();
        }

        @Override
        public B unit(Unit newUnit) {
            this.unit = Objects.requireNonNull(newUnit, "unit");
            return self();
        }

        @Override
        public B resolution(Resolution newResolution) {
            this.resolution = Objects.requireNonNull(newResolution, "resolution");
            return self();
        }

        Series register(Function<MetricId, Series> create, Class<?> expected) {
            Series series = namespace.register(kind, name, dimensions, unit, resolution, create);
            if (!expected.isInstance(series) && namespace.foldsNames(series)) {
                return null; // an observed metric of a name past the limit: its callback cannot be folded (counted)
            }
            if (!expected.isInstance(series)) {
                throw new IllegalArgumentException("metric '" + name + "' with dimensions " + dimensions
                        + " is already registered in another form (observed or recorded); register it once");
            }
            return series;
        }

        /**
         * Registers an observed series made by {@code create}; the handle removes it. When the
         * series was there already (observed twice) or is the overflow, the handle removes nothing.
         */
        Subscription observed(Function<MetricId, Series> create, Class<? extends Series> expected) {
            Series[] made = new Series[1];
            Series series = register(id -> made[0] = create.apply(id), expected);
            if (series == null || series != made[0]) {
                return Subscription.none();
            }
            return Subscription.of(() -> namespace.unregister(name, series));
        }

        @Override
        public I register() {
            return instrumentType().cast(register(namespace.seriesFactory(kind), instrumentType()));
        }

        abstract Class<I> instrumentType();
    }

    static final class OfCounter extends Base<CounterBuilder, Counter> implements CounterBuilder {
        OfCounter(Namespace namespace, String name) {
            super(namespace, name, Kind.COUNTER);
        }

        @Override
        Class<Counter> instrumentType() {
            return Counter.class;
        }

        @Override
        public Subscription observe(DoubleSupplier total) {
            Objects.requireNonNull(total, "total");
            return observed(id -> new ObservedCounterSeries(id, total, namespace.invalidValues()), ObservedCounterSeries.class);
        }
    }

    static final class OfGauge extends Base<GaugeBuilder, Gauge> implements GaugeBuilder {
        OfGauge(Namespace namespace, String name) {
            super(namespace, name, Kind.GAUGE);
        }

        @Override
        Class<Gauge> instrumentType() {
            return Gauge.class;
        }

        @Override
        public Subscription observe(DoubleSupplier value) {
            Objects.requireNonNull(value, "value");
            return observed(id -> new ObservedGaugeSeries(id, value, namespace.invalidValues()), ObservedGaugeSeries.class);
        }
    }

    static final class OfTimer extends Base<TimerBuilder, Timer> implements TimerBuilder {
        OfTimer(Namespace namespace, String name) {
            super(namespace, name, Kind.TIMER);
        }

        @Override
        Class<Timer> instrumentType() {
            return Timer.class;
        }
    }

    static final class OfDistribution extends Base<DistributionBuilder, Distribution> implements DistributionBuilder {
        OfDistribution(Namespace namespace, String name) {
            super(namespace, name, Kind.DISTRIBUTION);
        }

        @Override
        Class<Distribution> instrumentType() {
            return Distribution.class;
        }
    }
}
