package dev.monitor.api.metrics;

import java.util.function.DoubleSupplier;

/** Builds a {@link Counter}. */
public interface CounterBuilder extends InstrumentBuilder<CounterBuilder, Counter> {

    /**
     * Registers a counter whose running total is read from {@code total} once per period, on the
     * monitor's thread; each period reports how much the total grew. For totals kept elsewhere,
     * such as a JVM's GC count.
     */
    void observe(DoubleSupplier total);
}
