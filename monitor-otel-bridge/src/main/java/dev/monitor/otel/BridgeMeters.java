package dev.monitor.otel;

import dev.monitor.api.metrics.Metrics;
import io.opentelemetry.api.metrics.BatchCallback;
import io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.LongCounterBuilder;
import io.opentelemetry.api.metrics.LongUpDownCounterBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableMeasurement;
import java.util.ArrayList;
import java.util.List;

/**
 * One meter for every instrumentation scope: Monitor's metrics live in the monitor's namespace, and
 * two scopes that use one instrument name share its metric, as CloudWatch would.
 */
final class BridgeMeters implements MeterProvider, MeterBuilder, Meter {

    private final Metrics metrics;
    private final Series series;

    BridgeMeters(Metrics metrics) {
        this.metrics = metrics;
        this.series = new Series(metrics);
    }

    Metrics metrics() {
        return metrics;
    }

    @Override
    public MeterBuilder meterBuilder(String instrumentationScopeName) {
        return this;
    }

    @Override
    public MeterBuilder setSchemaUrl(String schemaUrl) {
        return this;
    }

    @Override
    public MeterBuilder setInstrumentationVersion(String instrumentationScopeVersion) {
        return this;
    }

    @Override
    public Meter build() {
        return this;
    }

    @Override
    public LongCounterBuilder counterBuilder(String name) {
        return new LongInstrumentBuilder(series, BridgeInstrument.Kind.COUNTER, name);
    }

    @Override
    public LongUpDownCounterBuilder upDownCounterBuilder(String name) {
        return new LongInstrumentBuilder(series, BridgeInstrument.Kind.UP_DOWN_COUNTER, name);
    }

    @Override
    public DoubleHistogramBuilder histogramBuilder(String name) {
        return new DoubleInstrumentBuilder(series, BridgeInstrument.Kind.HISTOGRAM, name);
    }

    @Override
    public DoubleGaugeBuilder gaugeBuilder(String name) {
        return new DoubleInstrumentBuilder(series, BridgeInstrument.Kind.GAUGE, name);
    }

    /** One callback reporting several instruments made with {@code buildObserver()}; it runs once per period. */
    @Override
    public BatchCallback batchCallback(Runnable callback, ObservableMeasurement observableMeasurement,
            ObservableMeasurement... additionalMeasurements) {
        List<Observed> instruments = new ArrayList<>();
        OncePerPass once = new OncePerPass(callback);
        List<ObservableMeasurement> all = new ArrayList<>(List.of(additionalMeasurements));
        all.add(0, observableMeasurement);
        for (ObservableMeasurement measurement : all) {
            if (measurement instanceof Observed observed) {
                observed.runBy(once);
                instruments.add(observed);
            }
        }
        return new BatchCallback() {
            @Override
            public void close() {
                instruments.forEach(Observed::close);
            }
        };
    }
}
