package dev.monitor.otel;

import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Distribution;
import dev.monitor.api.metrics.Gauge;
import dev.monitor.api.metrics.InstrumentBuilder;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.metrics.Timer;
import dev.monitor.api.metrics.Unit;
import dev.monitor.api.subscription.Subscription;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.DoubleSupplier;

/**
 * Finds the Monitor instrument for an OpenTelemetry instrument and attribute set, never throwing.
 * Each instrument remembers at most {@value #MAX_ATTRIBUTE_SETS} attribute sets; past that, new
 * sets record into the overflow set {@code otel.metric.overflow=true}, as the OpenTelemetry SDK's
 * cardinality limit does (and Monitor's own limit then applies per metric name).
 */
final class Series {

    static final int MAX_ATTRIBUTE_SETS = 2_000;
    static final Attributes OVERFLOW = Attributes.of(AttributeKey.booleanKey("otel.metric.overflow"), true);
    /** A silent gauge (it reports nothing) whose reading, once per period, runs the observable instruments' callbacks. */
    static final String CALLBACKS = "OpenTelemetryCallbacks";

    private final Metrics metrics;
    private final List<Observed> observed = new CopyOnWriteArrayList<>();
    private volatile Subscription callbacks;

    Series(Metrics metrics) {
        this.metrics = metrics;
    }

    /** One OpenTelemetry instrument: its kind, name and unit, and the Monitor instrument per attribute set. */
    static final class Instrument {
        final BridgeInstrument.Kind kind;
        final String name;
        final String unit;
        final double nanosPerUnit;
        final Map<Attributes, Object> targets = new ConcurrentHashMap<>();

        Instrument(BridgeInstrument.Kind kind, String name, String unit) {
            this.kind = kind;
            this.name = name;
            this.unit = unit;
            this.nanosPerUnit = kind == BridgeInstrument.Kind.HISTOGRAM ? BridgeInstrument.nanosPer(unit) : 0;
        }
    }

    void record(Instrument instrument, Attributes attributes, double value) {
        Object target = instrument.targets.get(attributes);
        if (target == null) {
            target = instrument.targets.computeIfAbsent(bounded(instrument.targets, attributes),
                    set -> create(instrument, set));
        }
        switch (instrument.kind) {
            case COUNTER -> ((Counter) target).increment(value);
            case UP_DOWN_COUNTER -> ((DoubleAdder) target).add(value);
            case GAUGE -> ((Gauge) target).set(value);
            case HISTOGRAM -> {
                if (instrument.nanosPerUnit > 0) {
                    ((Timer) target).recordNanos((long) (value * instrument.nanosPerUnit));
                } else {
                    ((Distribution) target).record(value);
                }
            }
        }
    }

    static Attributes bounded(Map<Attributes, ?> known, Attributes attributes) {
        return known.size() >= MAX_ATTRIBUTE_SETS && !known.containsKey(attributes) ? OVERFLOW : attributes;
    }

    private Object create(Instrument instrument, Attributes attributes) {
        Map<String, String> dimensions = dimensions(attributes);
        Unit unit = BridgeInstrument.unit(instrument.unit);
        return switch (instrument.kind) {
            case COUNTER -> register(metrics.counterBuilder(instrument.name), dimensions, unit,
                    () -> metrics.counter(instrument.name, pairs(dimensions)));
            case GAUGE -> register(metrics.gaugeBuilder(instrument.name), dimensions, unit,
                    () -> metrics.gauge(instrument.name, pairs(dimensions)));
            case HISTOGRAM -> instrument.nanosPerUnit > 0
                    ? register(metrics.timerBuilder(instrument.name), dimensions, Unit.MILLISECONDS,
                            () -> metrics.timer(instrument.name, pairs(dimensions)))
                    : register(metrics.distributionBuilder(instrument.name), dimensions, unit,
                            () -> metrics.distribution(instrument.name, pairs(dimensions)));
            case UP_DOWN_COUNTER -> {
                DoubleAdder sum = new DoubleAdder();
                observe(instrument.name, dimensions, unit, false, sum::sum);
                yield sum;
            }
        };
    }

    /**
     * Registers a series Monitor reads once per period: a counter reporting how much {@code value}
     * grew, or a gauge reporting it.
     */
    Subscription observe(String name, Map<String, String> dimensions, Unit unit, boolean counter, DoubleSupplier value) {
        try {
            return counter
                    ? metrics.counterBuilder(name).dimensions(dimensions).unit(unit).observe(value)
                    : metrics.gaugeBuilder(name).dimensions(dimensions).unit(unit).observe(value);
        } catch (IllegalArgumentException refused) {
            // Monitor's lookup logs the reason once and counts it; the instrument records nothing.
            if (counter) {
                metrics.counter(name, pairs(dimensions));
            } else {
                metrics.gauge(name, pairs(dimensions));
            }
            return () -> { };
        }
    }

    /** Makes {@code instrument}'s callback run once per period, before its series are read. */
    void add(Observed instrument) {
        observed.add(instrument);
        if (callbacks == null) {
            synchronized (this) {
                if (callbacks == null) {
                    callbacks = observe(CALLBACKS, Map.of(), Unit.NONE, false, this::runCallbacks);
                }
            }
        }
    }

    void remove(Observed instrument) {
        observed.remove(instrument);
    }

    private double runCallbacks() {
        for (Observed instrument : observed) {
            instrument.refresh(instrument);
        }
        return Double.NaN;
    }

    private static <B extends InstrumentBuilder<B, I>, I> I register(B builder, Map<String, String> dimensions,
            Unit unit, java.util.function.Supplier<I> lookup) {
        try {
            return builder.dimensions(dimensions).unit(unit).register();
        } catch (IllegalArgumentException refused) {
            return lookup.get();
        }
    }

    /** Attributes as dimensions: arrays joined with commas; blank values left out, as CloudWatch refuses them. */
    static Map<String, String> dimensions(Attributes attributes) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        attributes.forEach((key, value) -> {
            String text = value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                    : String.valueOf(value);
            if (!text.isBlank()) {
                dimensions.put(key.getKey(), text);
            }
        });
        return dimensions;
    }

    static String[] pairs(Map<String, String> dimensions) {
        List<String> pairs = new ArrayList<>(dimensions.size() * 2);
        dimensions.forEach((key, value) -> {
            pairs.add(key);
            pairs.add(value);
        });
        return pairs.toArray(String[]::new);
    }
}
