package dev.monitor.api.metrics;

/** Builds a {@link Timer}; its unit (milliseconds by default) must be a time unit. */
public interface TimerBuilder extends InstrumentBuilder<TimerBuilder, Timer> {
}
