package dev.monitor.micrometer;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.cumulative.CumulativeCounter;
import io.micrometer.core.instrument.cumulative.CumulativeDistributionSummary;
import io.micrometer.core.instrument.cumulative.CumulativeTimer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import java.util.concurrent.TimeUnit;

/** Micrometer's cumulative meters that also record into a Monitor instrument. */
final class BridgedMeters {

    private BridgedMeters() {
    }

    static final class BridgedCounter extends CumulativeCounter {
        private final dev.monitor.api.metrics.Counter target;

        BridgedCounter(Id id, dev.monitor.api.metrics.Counter target) {
            super(id);
            this.target = target;
        }

        @Override
        public void increment(double amount) {
            super.increment(amount);
            target.increment(amount);
        }
    }

    static final class BridgedTimer extends CumulativeTimer {
        private final dev.monitor.api.metrics.Timer target;

        BridgedTimer(Id id, Clock clock, DistributionStatisticConfig histogramConfig, PauseDetector pauseDetector,
                TimeUnit baseTimeUnit, dev.monitor.api.metrics.Timer target) {
            super(id, clock, histogramConfig, pauseDetector, baseTimeUnit, false);
            this.target = target;
        }

        /** Micrometer calls this for every duration it accepts (it drops negative ones first). */
        @Override
        protected void recordNonNegative(long amount, TimeUnit unit) {
            super.recordNonNegative(amount, unit);
            target.recordNanos(unit.toNanos(amount));
        }
    }

    static final class BridgedSummary extends CumulativeDistributionSummary {
        private final dev.monitor.api.metrics.Distribution target;

        BridgedSummary(Id id, Clock clock, DistributionStatisticConfig histogramConfig, double scale,
                dev.monitor.api.metrics.Distribution target) {
            super(id, clock, histogramConfig, scale, false);
            this.target = target;
        }

        /** The amount arrives scaled, as Micrometer reports it. */
        @Override
        protected void recordNonNegative(double amount) {
            super.recordNonNegative(amount);
            target.record(amount);
        }
    }
}
