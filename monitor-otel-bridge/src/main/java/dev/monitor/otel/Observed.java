package dev.monitor.otel;

import dev.monitor.api.subscription.Subscription;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.ObservableDoubleCounter;
import io.opentelemetry.api.metrics.ObservableDoubleGauge;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableDoubleUpDownCounter;
import io.opentelemetry.api.metrics.ObservableLongCounter;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.api.metrics.ObservableLongUpDownCounter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * An observable instrument (any kind, long or double). Its callback runs once per period on the
 * monitor's thread; each attribute set it reports becomes a series Monitor reads: an observable
 * counter's values are running totals (Monitor reports their growth), the others' current values.
 */
final class Observed implements ObservableLongCounter, ObservableDoubleCounter, ObservableLongGauge,
        ObservableDoubleGauge, ObservableLongUpDownCounter, ObservableDoubleUpDownCounter,
        ObservableLongMeasurement, ObservableDoubleMeasurement {

    private final Series series;
    private final Series.Instrument instrument;
    private volatile OncePerPass callback;
    private final Map<Attributes, double[]> latest = new ConcurrentHashMap<>();
    private final Map<Attributes, Subscription> subscriptions = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private Observed(Series series, Series.Instrument instrument) {
        this.series = series;
        this.instrument = instrument;
    }

    /** An instrument whose {@code callback} reports its values. */
    static Observed start(Series series, Series.Instrument instrument, Consumer<Observed> callback) {
        Observed observed = new Observed(series, instrument);
        observed.callback = new OncePerPass(() -> callback.accept(observed));
        series.add(observed);
        return observed;
    }

    /** An instrument for a batch callback, which {@link #runBy} gives it later. */
    static Observed forBatch(Series series, Series.Instrument instrument) {
        Observed observed = new Observed(series, instrument);
        series.add(observed);
        return observed;
    }

    /** Lets a batch callback (reporting several instruments at once) report this one's values. */
    void runBy(OncePerPass batch) {
        callback = batch;
    }

    /** Runs the callback unless it already ran in this collection pass; {@code reader} is who asks. */
    void refresh(Object reader) {
        OncePerPass current = callback;
        if (!closed && current != null) {
            current.read(reader);
        }
    }

    @Override
    public void record(long value) {
        record((double) value, Attributes.empty());
    }

    @Override
    public void record(long value, Attributes attributes) {
        record((double) value, attributes);
    }

    @Override
    public void record(double value) {
        record(value, Attributes.empty());
    }

    @Override
    public void record(double value, Attributes attributes) {
        Attributes set = Series.bounded(latest, attributes == null ? Attributes.empty() : attributes);
        double[] slot = latest.get(set);
        if (slot == null) {
            double[] created = {value};
            slot = latest.computeIfAbsent(set, s -> created);
            if (slot == created) {
                subscriptions.put(set, series.observe(instrument.name, Series.dimensions(set),
                        BridgeInstrument.unit(instrument.unit), instrument.kind == BridgeInstrument.Kind.COUNTER,
                        () -> read(set)));
            }
        }
        slot[0] = value;
    }

    private double read(Attributes set) {
        double[] slot = latest.get(set);
        refresh(slot);
        return slot[0];
    }

    @Override
    public void close() {
        closed = true;
        series.remove(this);
        subscriptions.values().forEach(Subscription::close);
    }
}
