package dev.monitor.otel;

import dev.monitor.api.metrics.Unit;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleGauge;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.DoubleUpDownCounter;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongGauge;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.context.Context;
import java.util.Locale;

/**
 * Every synchronous OpenTelemetry instrument, long or double: what it does with a value depends
 * only on its kind, and each attribute set finds its Monitor instrument through {@link Series}.
 */
final class BridgeInstrument implements LongCounter, DoubleCounter, LongUpDownCounter, DoubleUpDownCounter,
        LongHistogram, DoubleHistogram, LongGauge, DoubleGauge {

    enum Kind { COUNTER, UP_DOWN_COUNTER, HISTOGRAM, GAUGE }

    private final Series series;
    private final Series.Instrument instrument;

    BridgeInstrument(Series series, Series.Instrument instrument) {
        this.series = series;
        this.instrument = instrument;
    }

    private void accept(double value, Attributes attributes) {
        series.record(instrument, attributes == null ? Attributes.empty() : attributes, value);
    }

    @Override
    public void add(long value) {
        accept(value, Attributes.empty());
    }

    @Override
    public void add(long value, Attributes attributes) {
        accept(value, attributes);
    }

    @Override
    public void add(long value, Attributes attributes, Context context) {
        accept(value, attributes);
    }

    @Override
    public void add(double value) {
        accept(value, Attributes.empty());
    }

    @Override
    public void add(double value, Attributes attributes) {
        accept(value, attributes);
    }

    @Override
    public void add(double value, Attributes attributes, Context context) {
        accept(value, attributes);
    }

    @Override
    public void record(long value) {
        accept(value, Attributes.empty());
    }

    @Override
    public void record(long value, Attributes attributes) {
        accept(value, attributes);
    }

    @Override
    public void record(long value, Attributes attributes, Context context) {
        accept(value, attributes);
    }

    @Override
    public void record(double value) {
        accept(value, Attributes.empty());
    }

    @Override
    public void record(double value, Attributes attributes) {
        accept(value, attributes);
    }

    @Override
    public void record(double value, Attributes attributes, Context context) {
        accept(value, attributes);
    }

    @Override
    public void set(long value) {
        accept(value, Attributes.empty());
    }

    @Override
    public void set(long value, Attributes attributes) {
        accept(value, attributes);
    }

    @Override
    public void set(long value, Attributes attributes, Context context) {
        accept(value, attributes);
    }

    @Override
    public void set(double value) {
        accept(value, Attributes.empty());
    }

    @Override
    public void set(double value, Attributes attributes) {
        accept(value, attributes);
    }

    @Override
    public void set(double value, Attributes attributes, Context context) {
        accept(value, attributes);
    }

    /**
     * OpenTelemetry's UCUM units (https://opentelemetry.io/docs/specs/semconv/general/metrics/#instrument-units)
     * as CloudWatch units; an annotation such as {@code {request}} counts things.
     */
    static Unit unit(String ucum) {
        if (ucum == null || ucum.isEmpty() || ucum.equals("1")) {
            return Unit.NONE;
        }
        if (ucum.startsWith("{") && ucum.endsWith("}")) {
            return Unit.COUNT;
        }
        return switch (ucum) {
            case "s" -> Unit.SECONDS;
            case "ms" -> Unit.MILLISECONDS;
            case "us" -> Unit.MICROSECONDS;
            case "By" -> Unit.BYTES;
            case "kBy", "KBy" -> Unit.KILOBYTES;
            case "MBy" -> Unit.MEGABYTES;
            case "GBy" -> Unit.GIGABYTES;
            case "By/s" -> Unit.BYTES_PER_SECOND;
            case "bit" -> Unit.BITS;
            case "%" -> Unit.PERCENT;
            default -> ucum.toLowerCase(Locale.ROOT).endsWith("/s") ? Unit.COUNT_PER_SECOND : Unit.NONE;
        };
    }

    /** Nanoseconds per unit for the time units a histogram records as a Monitor timer; 0 for any other. */
    static double nanosPer(String ucum) {
        if (ucum == null) {
            return 0;
        }
        return switch (ucum) {
            case "s" -> 1e9;
            case "ms" -> 1e6;
            case "us" -> 1e3;
            case "ns" -> 1;
            default -> 0;
        };
    }
}
