package dev.monitor.otel;

import io.opentelemetry.api.metrics.DoubleCounterBuilder;
import io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.DoubleUpDownCounterBuilder;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import java.util.function.Consumer;

/** The builder of every double-valued instrument; the kind was chosen by the meter method that made it. */
final class DoubleInstrumentBuilder implements DoubleCounterBuilder, DoubleUpDownCounterBuilder,
        DoubleHistogramBuilder, DoubleGaugeBuilder {

    private final Series series;
    private final BridgeInstrument.Kind kind;
    private final String name;
    private String unit;

    DoubleInstrumentBuilder(Series series, BridgeInstrument.Kind kind, String name) {
        this.series = series;
        this.kind = kind;
        this.name = name;
    }

    DoubleInstrumentBuilder(Series series, BridgeInstrument.Kind kind, String name, String unit) {
        this(series, kind, name);
        this.unit = unit;
    }

    @Override
    public DoubleInstrumentBuilder setDescription(String description) {
        return this;
    }

    @Override
    public DoubleInstrumentBuilder setUnit(String unit) {
        this.unit = unit;
        return this;
    }

    @Override
    public LongInstrumentBuilder ofLongs() {
        return new LongInstrumentBuilder(series, kind, name, unit);
    }

    @Override
    public BridgeInstrument build() {
        return new BridgeInstrument(series, new Series.Instrument(kind, name, unit));
    }

    @Override
    public Observed buildWithCallback(Consumer<ObservableDoubleMeasurement> callback) {
        return Observed.start(series, new Series.Instrument(kind, name, unit), callback::accept);
    }

    /** For {@code Meter.batchCallback}, which gives the callback that reports this instrument. */
    @Override
    public Observed buildObserver() {
        return Observed.forBatch(series, new Series.Instrument(kind, name, unit));
    }
}
