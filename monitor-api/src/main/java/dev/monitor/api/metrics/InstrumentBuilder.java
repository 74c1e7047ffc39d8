package dev.monitor.api.metrics;

import java.util.Map;

/**
 * Configures one instrument: its dimensions, unit and storage resolution. Builders are cheap,
 * single-threaded and meant to be used once, at start-up; keep the instrument they return.
 *
 * @param <B> the builder's own type, for chaining
 * @param <I> the instrument it registers
 */
public interface InstrumentBuilder<B extends InstrumentBuilder<B, I>, I> {

    /** Adds a dimension; a metric has at most 30, as in CloudWatch. */
    B dimension(String name, String value);

    /** Adds every entry of {@code dimensions} as a dimension. */
    B dimensions(Map<String, String> dimensions);

    /** The CloudWatch unit reported with every datapoint. */
    B unit(Unit unit);

    /** One datapoint per second ({@link Resolution#HIGH}) or per minute ({@link Resolution#STANDARD}). */
    B resolution(Resolution resolution);

    /**
     * Registers the instrument, or returns the one already registered with the same name and
     * dimensions.
     *
     * @throws IllegalArgumentException when the name, a dimension or the namespace breaks a
     *     CloudWatch rule (the message names the value and the rule), or when the name is already
     *     registered as another kind of instrument
     */
    I register();
}
