package dev.monitor.core.metrics.internal;

import dev.monitor.api.metrics.Unit;

/** The kinds of instrument; a metric name belongs to one kind. */
enum Kind {
    COUNTER(Unit.COUNT),
    GAUGE(Unit.NONE),
    TIMER(Unit.MILLISECONDS),
    DISTRIBUTION(Unit.NONE);

    final Unit defaultUnit;

    Kind(Unit defaultUnit) {
        this.defaultUnit = defaultUnit;
    }

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code Counter}, {@code Gauge}, ...: the value of the name-overflow series' Kind dimension. */
    String title() {
        return name().charAt(0) + label().substring(1);
    }
}
