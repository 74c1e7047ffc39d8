package dev.monitor.api.metrics;

import dev.monitor.api.subscription.Subscription;
import java.util.Map;
import java.util.function.DoubleSupplier;

/** Records nothing; every builder and lookup returns a shared no-op instrument. */
final class NoopMetrics implements Metrics {
    static final NoopMetrics INSTANCE = new NoopMetrics();

    private static final Counter COUNTER = new Counter() {
        @Override
        public void increment() {
        }

        @Override
        public void increment(double amount) {
        }
    };
    private static final Gauge GAUGE = value -> { };
    private static final Timer TIMER = nanos -> { };
    private static final Distribution DISTRIBUTION = value -> { };

    private NoopMetrics() {
    }

    @Override
    public CounterBuilder counterBuilder(String name) {
        return new NoopCounterBuilder();
    }

    @Override
    public GaugeBuilder gaugeBuilder(String name) {
        return new NoopGaugeBuilder();
    }

    @Override
    public TimerBuilder timerBuilder(String name) {
        return new NoopTimerBuilder();
    }

    @Override
    public DistributionBuilder distributionBuilder(String name) {
        return new NoopDistributionBuilder();
    }

    @Override
    public Counter counter(String name, String... dimensionPairs) {
        return COUNTER;
    }

    @Override
    public Gauge gauge(String name, String... dimensionPairs) {
        return GAUGE;
    }

    @Override
    public Timer timer(String name, String... dimensionPairs) {
        return TIMER;
    }

    @Override
    public Distribution distribution(String name, String... dimensionPairs) {
        return DISTRIBUTION;
    }

    /** Ignores every setting; {@link #register()} returns the shared no-op instrument. */
    private abstract static class NoopBuilder<B extends InstrumentBuilder<B, I>, I> implements InstrumentBuilder<B, I> {
        private final I instrument;

        NoopBuilder(I instrument) {
            this.instrument = instrument;
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        @Override
        public B dimension(String name, String value) {
            return self();
        }

        @Override
        public B dimensions(Map<String, String> dimensions) {
            return self();
        }

        @Override
        public B unit(Unit unit) {
            return self();
        }

        @Override
        public B resolution(Resolution resolution) {
            return self();
        }

        @Override
        public I register() {
            return instrument;
        }
    }

    private static final class NoopCounterBuilder extends NoopBuilder<CounterBuilder, Counter> implements CounterBuilder {
        NoopCounterBuilder() {
            super(COUNTER);
        }

        @Override
        public Subscription observe(DoubleSupplier total) {
            return Subscription.none();
        }
    }

    private static final class NoopGaugeBuilder extends NoopBuilder<GaugeBuilder, Gauge> implements GaugeBuilder {
        NoopGaugeBuilder() {
            super(GAUGE);
        }

        @Override
        public Subscription observe(DoubleSupplier value) {
            return Subscription.none();
        }
    }

    private static final class NoopTimerBuilder extends NoopBuilder<TimerBuilder, Timer> implements TimerBuilder {
        NoopTimerBuilder() {
            super(TIMER);
        }
    }

    private static final class NoopDistributionBuilder extends NoopBuilder<DistributionBuilder, Distribution>
            implements DistributionBuilder {
        NoopDistributionBuilder() {
            super(DISTRIBUTION);
        }
    }
}
