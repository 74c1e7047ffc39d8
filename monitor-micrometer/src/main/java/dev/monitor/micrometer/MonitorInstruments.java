package dev.monitor.micrometer;

import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Distribution;
import dev.monitor.api.metrics.InstrumentBuilder;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.metrics.Timer;
import dev.monitor.api.metrics.Unit;
import dev.monitor.api.subscription.Subscription;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.NamingConvention;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/** Finds or registers the Monitor instrument behind a Micrometer meter, never throwing. */
final class MonitorInstruments {

    private final Metrics metrics;

    MonitorInstruments(Metrics metrics) {
        this.metrics = metrics;
    }

    /** A meter's name and dimensions after the naming convention; tags with blank values are left out. */
    record Names(String name, Map<String, String> dimensions) {

        static Names of(Meter.Id id, NamingConvention convention) {
            Map<String, String> dimensions = new LinkedHashMap<>();
            for (Tag tag : id.getConventionTags(convention)) {
                // CloudWatch refuses a dimension value without a non-blank character; like Micrometer's
                // own CloudWatch registry, leave such a tag out rather than lose the meter.
                if (!tag.getValue().isBlank()) {
                    dimensions.put(tag.getKey(), tag.getValue());
                }
            }
            return new Names(id.getConventionName(convention), dimensions);
        }

        Names withSuffix(String suffix) {
            return new Names(name + suffix, dimensions);
        }

        String[] pairs() {
            List<String> pairs = new ArrayList<>(dimensions.size() * 2);
            dimensions.forEach((key, value) -> {
                pairs.add(key);
                pairs.add(value);
            });
            return pairs.toArray(String[]::new);
        }
    }

    Counter counter(Names names, Unit unit) {
        return register(metrics.counterBuilder(names.name()), names, unit,
                n -> metrics.counter(n.name(), n.pairs()));
    }

    Timer timer(Names names) {
        return register(metrics.timerBuilder(names.name()), names, Unit.MILLISECONDS,
                n -> metrics.timer(n.name(), n.pairs()));
    }

    Distribution distribution(Names names, Unit unit) {
        return register(metrics.distributionBuilder(names.name()), names, unit,
                n -> metrics.distribution(n.name(), n.pairs()));
    }

    /** A gauge Monitor reads from {@code value} once per period. */
    Subscription gauge(Names names, Unit unit, DoubleSupplier value) {
        try {
            return metrics.gaugeBuilder(names.name()).dimensions(names.dimensions()).unit(unit).observe(value);
        } catch (IllegalArgumentException refused) {
            metrics.gauge(names.name(), names.pairs()); // Monitor logs the reason once and counts it
            return () -> { };
        }
    }

    /** A counter whose running total Monitor reads from {@code total} once per period. */
    Subscription observedCounter(Names names, Unit unit, DoubleSupplier total) {
        try {
            return metrics.counterBuilder(names.name()).dimensions(names.dimensions()).unit(unit).observe(total);
        } catch (IllegalArgumentException refused) {
            metrics.counter(names.name(), names.pairs());
            return () -> { };
        }
    }

    private static <B extends InstrumentBuilder<B, I>, I> I register(B builder, Names names, Unit unit,
            Function<Names, I> lookup) {
        try {
            return builder.dimensions(names.dimensions()).unit(unit).register();
        } catch (IllegalArgumentException refused) {
            // The lookup never throws: it returns an instrument that records nothing, and Monitor
            // logs why once and counts it, so a refused meter costs the application nothing.
            return lookup.apply(names);
        }
    }

    /** Micrometer's base units (its {@code BaseUnits}) as CloudWatch units; a count-like unit is Count. */
    static Unit unitOf(Meter.Id id) {
        String base = id.getBaseUnit();
        if (base == null) {
            return Unit.NONE;
        }
        return switch (base.toLowerCase(Locale.ROOT)) {
            case "bytes" -> Unit.BYTES;
            case "milliseconds", "ms" -> Unit.MILLISECONDS;
            case "microseconds" -> Unit.MICROSECONDS;
            case "seconds", "s" -> Unit.SECONDS;
            case "percent" -> Unit.PERCENT;
            case "threads", "classes", "buffers", "events", "files", "sessions", "rows", "objects", "operations",
                    "connections", "tasks", "requests", "messages" -> Unit.COUNT;
            default -> Unit.NONE;
        };
    }

    /** Statistics that are running totals, which Monitor reports as per-period growth. */
    static boolean isTotal(Statistic statistic) {
        return statistic == Statistic.COUNT || statistic == Statistic.TOTAL || statistic == Statistic.TOTAL_TIME;
    }
}
