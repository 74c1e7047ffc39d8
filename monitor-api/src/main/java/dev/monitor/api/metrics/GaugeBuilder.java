package dev.monitor.api.metrics;

import dev.monitor.api.subscription.Subscription;
import java.util.function.DoubleSupplier;

/** Builds a {@link Gauge}. */
public interface GaugeBuilder extends InstrumentBuilder<GaugeBuilder, Gauge> {

    /**
     * Registers a gauge whose value is read from {@code value} once per period, on the monitor's
     * thread. A supplier that returns NaN reports nothing for that period (a value not available
     * here, say); one that throws or returns an infinity is counted as invalid.
     *
     * @return a handle whose {@link Subscription#close()} stops the observing: the gauge is no
     *         longer collected and reports nothing from the next period on
     */
    Subscription observe(DoubleSupplier value);
}
