package dev.monitor.api.metrics;

import dev.monitor.api.subscription.Subscription;
import java.util.function.DoubleSupplier;

/** Builds a {@link Counter}. */
public interface CounterBuilder extends InstrumentBuilder<CounterBuilder, Counter> {

    /**
     * Registers a counter whose running total is read from {@code total} once per period, on the
     * monitor's thread; each period reports how much the total grew. For totals kept elsewhere,
     * such as a JVM's GC count.
     *
     * @return a handle whose {@link Subscription#close()} stops the observing: the counter is no
     *         longer collected and reports nothing from the next period on
     */
    Subscription observe(DoubleSupplier total);
}
