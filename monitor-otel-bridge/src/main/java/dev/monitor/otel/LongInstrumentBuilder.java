package dev.monitor.otel;

import io.opentelemetry.api.metrics.LongCounterBuilder;
import io.opentelemetry.api.metrics.LongGaugeBuilder;
import io.opentelemetry.api.metrics.LongHistogramBuilder;
import io.opentelemetry.api.metrics.LongUpDownCounterBuilder;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.util.function.Consumer;

/** The builder of every long-valued instrument; the kind was chosen by the meter method that made it. */
final class LongInstrumentBuilder implements LongCounterBuilder, LongUpDownCounterBuilder, LongHistogramBuilder,
        LongGaugeBuilder {

    private final Series series;
    private final BridgeInstrument.Kind kind;
    private final String name;
    private String unit;

    LongInstrumentBuilder(Series series, BridgeInstrument.Kind kind, String name) {
        this.series = series;
        this.kind = kind;
        this.name = name;
    }

    LongInstrumentBuilder(Series series, BridgeInstrument.Kind kind, String name, String unit) {
        this(series, kind, name);
        this.unit = unit;
    }

    @Override
    public LongInstrumentBuilder setDescription(String description) {
        return this;
    }

    @Override
    public LongInstrumentBuilder setUnit(String unit) {
        this.unit = unit;
        return this;
    }

    @Override
    public DoubleInstrumentBuilder ofDoubles() {
        return new DoubleInstrumentBuilder(series, kind, name, unit);
    }

    @Override
    public BridgeInstrument build() {
        return new BridgeInstrument(series, new Series.Instrument(kind, name, unit));
    }

    @Override
    public Observed buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
        return Observed.start(series, new Series.Instrument(kind, name, unit), callback::accept);
    }

    /** For {@code Meter.batchCallback}, which gives the callback that reports this instrument. */
    @Override
    public Observed buildObserver() {
        return Observed.forBatch(series, new Series.Instrument(kind, name, unit));
    }
}
