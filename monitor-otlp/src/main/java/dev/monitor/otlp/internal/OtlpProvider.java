package dev.monitor.otlp.internal;

import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.ExporterContext;
import dev.monitor.core.export.ExporterProvider;
import dev.monitor.core.export.LogEvent;
import dev.monitor.core.export.SegmentDocument;
import dev.monitor.core.export.Signal;
import dev.monitor.core.metrics.Datapoint;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code type: otlp}: metrics, logs and traces to an OpenTelemetry collector over OTLP/HTTP
 * (see the package {@code dev.monitor.otlp} for the settings and the mapping). One entry exports
 * the signals it lists, all three by default, each to its own path of the endpoint. Thread-safe: it
 * holds only the environment it reads; each exporter it makes is used by its pipeline lane alone.
 */
public final class OtlpProvider implements ExporterProvider {
    private final Map<String, String> env;
    private final OtlpSender.Sleeper sleeper;

    /** The provider ServiceLoader makes: the process' environment, real sleeps between retries. */
    public OtlpProvider() {
        this(System.getenv(), duration -> Thread.sleep(duration.toMillis()));
    }

    /** A provider reading {@code env} instead of the process' environment; for tests. */
    OtlpProvider(Map<String, String> env, OtlpSender.Sleeper sleeper) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    @Override
    public String type() {
        return "otlp";
    }

    @Override
    public Set<Signal<?>> signals() {
        return Set.of(Signal.METRICS, Signal.LOGS, Signal.TRACES);
    }

    @Override
    public <T> Exporter<T> create(Signal<T> signal, ExporterContext context, ConfigNode settings) {
        settings.ignore("metrics-endpoint", "logs-endpoint", "traces-endpoint");
        OtlpSettings read = OtlpSettings.read(signal, settings, env);
        if (signal == Signal.METRICS) {
            MetricsEncoding encoding = new MetricsEncoding(read.resource(), read.cumulative(), read.maxBuckets(), context.kinds());
            return signal.as(Signal.METRICS, new OtlpExporter<Datapoint>(Signal.METRICS, context, read, encoding::encode, sleeper));
        }
        if (signal == Signal.LOGS) {
            LogsEncoding encoding = new LogsEncoding(read.resource());
            return signal.as(Signal.LOGS, new OtlpExporter<LogEvent>(Signal.LOGS, context, read, encoding::encode, sleeper));
        }
        if (signal == Signal.TRACES) {
            return signal.as(Signal.TRACES, traces(context, read));
        }
        throw new IllegalArgumentException("type otlp exports metrics, logs and traces, not " + signal);
    }

    private OtlpExporter<SegmentDocument> traces(ExporterContext context, OtlpSettings read) {
        Map<String, String> resource = new java.util.LinkedHashMap<>(read.resource());
        String service = resource.remove("service.name");
        SpansEncoding encoding = new SpansEncoding(resource, service);
        OtlpExporter<SegmentDocument>[] made = newArray();
        made[0] = new OtlpExporter<>(Signal.TRACES, context, read, (batch, out) -> {
            long invalidBefore = encoding.invalid();
            List<SpansEncoding.Span> spans = encoding.spans(batch);
            made[0].drop("Invalid", encoding.invalid() - invalidBefore);
            if (spans.isEmpty()) {
                return 0;
            }
            encoding.encode(spans, out);
            return spans.size();
        }, sleeper);
        return made[0];
    }

    @SuppressWarnings("unchecked")
    private static OtlpExporter<SegmentDocument>[] newArray() {
        return (OtlpExporter<SegmentDocument>[]) new OtlpExporter<?>[1];
    }
}
