package dev.monitor.benchmarks;

import com.amazonaws.xray.AWSXRayRecorder;
import com.amazonaws.xray.AWSXRayRecorderBuilder;
import com.amazonaws.xray.emitters.Emitter;
import com.amazonaws.xray.entities.Segment;
import com.amazonaws.xray.entities.Subsegment;
import com.amazonaws.xray.strategy.sampling.AllSamplingStrategy;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.Monitor;
import dev.monitor.core.metrics.BuiltinMetrics;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.xray.Sampler;
import dev.monitor.xray.XRaySettings;
import dev.monitor.xray.internal.TraceEngine;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One subsegment (span) begun inside an open segment, given three annotations (attributes),
 * and ended, with every trace sampled and the finished documents thrown away, so that only the
 * caller's cost is compared:
 * <ul>
 *   <li>Monitor's {@link XRayTracer} with an exporter that discards and no in-process index of
 *       recent traces. Its emitter thread still writes each streamed subsegment's document (past
 *       100 per segment, as the SDK streams) and hands it to the exporter's pipeline, on the other
 *       core; what it cannot keep up with is dropped and counted.</li>
 *   <li>The X-Ray SDK for Java ({@code AWSXRayRecorder}, always sampling, an emitter that
 *       discards), with its fast id generator and with its default one (one shared
 *       {@code SecureRandom}).</li>
 *   <li>The OpenTelemetry SDK: a child span made current, three attributes, ended; a
 *       {@code BatchSpanProcessor} with an exporter that discards.</li>
 * </ul>
 * Each makes the new entity current and restores the parent, as all three do by default.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TraceBenchmarks {

    /** The tracers, shared by the benchmark's threads. */
    @State(Scope.Benchmark)
    public static class Tracers {
        /** Only for the tracer's own counters: how many subsegments it dropped. */
        Monitor counters;
        final LongAdder written = new LongAdder();
        TraceEngine monitor;
        AWSXRayRecorder xrayFast;
        AWSXRayRecorder xraySecure;
        SdkTracerProvider otelProvider;
        Tracer otel;
        final LongAdder otelExported = new LongAdder();

        @Setup(Level.Trial)
        public void setUp() {
            Monitor.Builder builder = Monitor.builder().namespace("Bench").tickEvery(Duration.ZERO)
                    .dataDir(Path.of(System.getProperty("java.io.tmpdir"), "trace-benchmarks"))
                    .traces(XRaySettings.builder().daemonAddress("off").files(XRaySettings.SegmentFiles.OFF).build());
            for (BuiltinMetrics.Group group : BuiltinMetrics.Group.values()) {
                builder.builtin(group, false);
            }
            counters = builder.build();
            monitor = TraceEngine.builder().selfMetrics(counters.metrics())
                    .sampler(Sampler.fromJson("{\"version\": 2, \"default\": {\"fixed_target\": 1000000000, \"rate\": 1}}", Clock.systemUTC()))
                    .exporter("discard", documents -> written.add(documents.size())).recentDocuments(0).build();
            xrayFast = AWSXRayRecorderBuilder.standard().withSamplingStrategy(new AllSamplingStrategy())
                    .withEmitter(new DiscardingEmitter()).withFastIdGenerator().build();
            xraySecure = AWSXRayRecorderBuilder.standard().withSamplingStrategy(new AllSamplingStrategy())
                    .withEmitter(new DiscardingEmitter()).build();
            otelProvider = SdkTracerProvider.builder()
                    .addSpanProcessor(BatchSpanProcessor.builder(new SpanExporter() {
                        @Override
                        public CompletableResultCode export(Collection<SpanData> spans) {
                            otelExported.add(spans.size());
                            return CompletableResultCode.ofSuccess();
                        }

                        @Override
                        public CompletableResultCode flush() {
                            return CompletableResultCode.ofSuccess();
                        }

                        @Override
                        public CompletableResultCode shutdown() {
                            return CompletableResultCode.ofSuccess();
                        }
                    }).build())
                    .build();
            otel = otelProvider.get("bench");
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            monitor.flush(Duration.ofSeconds(10));
            monitor.close();
            Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
            double dropped = ((dev.monitor.core.metrics.internal.MetricRegistry) counters.metrics()).collect(Resolution.STANDARD, minute).stream()
                    .filter(d -> d.metric().name().equals("SegmentsDropped")).mapToDouble(Datapoint::sum).sum();
            System.out.printf("%nMonitor's tracer wrote %d documents and dropped %.0f (queue full)%n", written.sum(), dropped);
            counters.close();
            otelProvider.shutdown().join(10, TimeUnit.SECONDS);
            System.out.printf("%nOpenTelemetry exported %d spans%n", otelExported.sum());
        }
    }

    static final class DiscardingEmitter extends Emitter {
        @Override
        public boolean sendSegment(Segment segment) {
            return true;
        }

        @Override
        public boolean sendSubsegment(Subsegment subsegment) {
            return true;
        }
    }

    /** This thread's open segment in Monitor, current on this thread. */
    @State(Scope.Thread)
    public static class MonitorSegment {
        dev.monitor.api.trace.Segment segment;

        @Setup(Level.Iteration)
        public void open(Tracers tracers) {
            segment = tracers.monitor.beginSegment("bench");
        }

        @TearDown(Level.Iteration)
        public void close() {
            segment.close();
        }
    }

    /** This thread's open segment in one of the X-Ray SDK's recorders. */
    public abstract static class XRaySegment {
        private AWSXRayRecorder recorder;

        abstract AWSXRayRecorder recorder(Tracers tracers);

        @Setup(Level.Iteration)
        public void open(Tracers tracers) {
            recorder = recorder(tracers);
            recorder.beginSegment("bench");
        }

        @TearDown(Level.Iteration)
        public void close() {
            recorder.endSegment();
        }
    }

    /** With fast ids. */
    @State(Scope.Thread)
    public static class XRayFastSegment extends XRaySegment {
        @Override
        AWSXRayRecorder recorder(Tracers tracers) {
            return tracers.xrayFast;
        }
    }

    /** With its default ids. */
    @State(Scope.Thread)
    public static class XRaySecureSegment extends XRaySegment {
        @Override
        AWSXRayRecorder recorder(Tracers tracers) {
            return tracers.xraySecure;
        }
    }

    /** This thread's open span in OpenTelemetry, current on this thread. */
    @State(Scope.Thread)
    public static class OtelSpan {
        private Span parent;
        private io.opentelemetry.context.Scope scope;

        @Setup(Level.Iteration)
        public void open(Tracers tracers) {
            parent = tracers.otel.spanBuilder("bench").startSpan();
            scope = parent.makeCurrent();
        }

        @TearDown(Level.Iteration)
        public void close() {
            scope.close();
            parent.end();
        }
    }

    @Benchmark
    public Object monitor(Tracers tracers, MonitorSegment open) {
        try (dev.monitor.api.trace.Subsegment work = tracers.monitor.beginSubsegment("work")) {
            work.putAnnotation("orderId", "o-42").putAnnotation("items", 3).putAnnotation("express", true);
            return work;
        }
    }

    @Benchmark
    public Object xraySdkFastIds(Tracers tracers, XRayFastSegment open) {
        return xray(tracers.xrayFast);
    }

    @Benchmark
    public Object xraySdkDefaultIds(Tracers tracers, XRaySecureSegment open) {
        return xray(tracers.xraySecure);
    }

    private static Object xray(AWSXRayRecorder recorder) {
        Subsegment work = recorder.beginSubsegment("work");
        work.putAnnotation("orderId", "o-42");
        work.putAnnotation("items", 3);
        work.putAnnotation("express", true);
        recorder.endSubsegment();
        return work;
    }

    @Benchmark
    public Object openTelemetry(Tracers tracers, OtelSpan open) {
        Span work = tracers.otel.spanBuilder("work").startSpan();
        try (io.opentelemetry.context.Scope scope = work.makeCurrent()) {
            work.setAttribute("orderId", "o-42");
            work.setAttribute("items", 3L);
            work.setAttribute("express", true);
        } finally {
            work.end();
        }
        return work;
    }
}
