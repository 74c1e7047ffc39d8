package dev.monitor.xray.internal;

import dev.monitor.api.trace.Tracer;
import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.export.ExporterContext;
import dev.monitor.core.trace.TraceSettings;
import dev.monitor.core.trace.internal.TracerProvider;
import dev.monitor.xray.Sampler;
import dev.monitor.xray.SamplingRequest;
import dev.monitor.xray.SamplingStrategy;
import dev.monitor.xray.SamplingStrategyProvider;
import dev.monitor.xray.XRaySettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The monitor's tracer when {@code monitor-xray} is on the classpath, configured by
 * {@link XRaySettings} (the {@code traces:} section). Its documents go to the traces pipeline,
 * whose defaults are the {@code segment-files} and {@code xray-daemon} exporters as the settings
 * describe them. Found through {@link java.util.ServiceLoader}; not API.
 */
public final class XRayTracerProvider implements TracerProvider {

    @Override
    public TraceSettings read(ConfigNode section) {
        return XRaySettings.read(section);
    }

    @Override
    public List<DefaultExporter> defaultExporters(TraceSettings settings) {
        XRaySettings xray = xray(settings);
        List<DefaultExporter> defaults = new ArrayList<>();
        if (xray.files().enabled()) {
            XRaySettings.SegmentFiles files = xray.files();
            SegmentFilesExporter.Options options = new SegmentFilesExporter.Options(files.rotateBytes(), files.rotateEvery(),
                    files.retention());
            defaults.add(new DefaultExporter(TraceExporters.SEGMENT_FILES,
                    context -> new SegmentFilesExporter(context.layout(), options, context.clock())));
        }
        xray.daemonAddress().ifPresent(address -> defaults.add(new DefaultExporter(TraceExporters.XRAY_DAEMON,
                context -> daemon(address, context))));
        return defaults;
    }

    private static DaemonExporter daemon(InetSocketAddress address, ExporterContext context) {
        try {
            return new DaemonExporter(address, context);
        } catch (IOException e) {
            throw new UncheckedIOException("no UDP socket could be opened for the X-Ray daemon: " + e.getMessage(), e);
        }
    }

    @Override
    public Tracer create(Context context, TraceSettings settings) {
        XRaySettings xray = xray(settings);
        TraceEngine.Builder builder = TraceEngine.builder().clock(context.clock()).selfMetrics(context.self())
                .metrics(context.metrics()).pipeline(context.pipeline())
                .streamingThreshold(xray.streamingThreshold()).queueCapacity(xray.queueCapacity())
                .emitterShare(xray.emitterShare()).missingContext(xray.missingContext()).secretWords(xray.secretWords());
        Sampler local = xray.samplingRules().map(rules -> Sampler.fromJson(rules, context.clock()))
                .orElseGet(() -> Sampler.defaults(context.clock()));
        builder.sampling(sampling(xray, context, local));
        return builder.build();
    }

    /**
     * The strategy of the settings' {@code sampling:} type, its background work on the monitor's I/O lane (or, for a
     * tracer made without one, on a daemon thread of its own, stopped with the strategy).
     */
    private static SamplingStrategy sampling(XRaySettings xray, Context context, Sampler local) {
        if (xray.samplingType().equals("local")) {
            return local;
        }
        if (context.background() != null) {
            return xray.sampling().create(SamplingStrategyProvider.Context.of(context.clock(), context.self(),
                    context.background(), local));
        }
        ScheduledExecutorService own = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "monitor-xray-sampling");
            thread.setDaemon(true);
            return thread;
        });
        SamplingStrategy strategy;
        try {
            strategy = xray.sampling().create(SamplingStrategyProvider.Context.of(context.clock(), context.self(), own, local));
        } catch (RuntimeException e) {
            own.shutdownNow();
            throw e;
        }
        return new SamplingStrategy() {
            @Override
            public boolean sample(SamplingRequest request) {
                return strategy.sample(request);
            }

            @Override
            public void close() {
                strategy.close();
                own.shutdownNow();
            }
        };
    }

    private static XRaySettings xray(TraceSettings settings) {
        if (settings instanceof XRaySettings xray) {
            return xray;
        }
        throw new IllegalArgumentException("the trace settings " + settings + " are not monitor-xray's; give "
                + "XRaySettings.builder()...build() to Monitor.Builder.traces");
    }
}
