package dev.monitor.benchmarks;

import dev.monitor.api.context.Context;
import dev.monitor.api.context.Scope;
import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Timer;
import dev.monitor.core.metrics.internal.MetricRegistry;
import dev.monitor.core.prometheus.PrometheusSettings;
import dev.monitor.core.prometheus.internal.PrometheusEndpoint;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What Prometheus' exemplars cost a recording: a counter's {@code increment(amount)} and a timer's
 * {@code recordNanos} on a registry that keeps no exemplars ({@code off}), one that keeps them
 * with the recording thread outside a trace ({@code untraced}: a thread-local read), and inside
 * one ({@code traced}: a bucket search, a clock read, and a new exemplar at most once a second per
 * bucket). Run with {@code -prof gc}: each should allocate nothing per operation.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ExemplarBenchmark {
    @Param({"off", "untraced", "traced"})
    public String exemplars;

    private Counter counter;
    private Timer timer;
    private Scope trace;

    @Setup(Level.Trial)
    public void setUp() {
        MetricRegistry registry = new MetricRegistry("Bench", Clock.systemUTC(), Resolution.STANDARD, 1000);
        if (!exemplars.equals("off")) {
            registry.keepExemplars(PrometheusEndpoint.exemplarBounds(PrometheusSettings.builder().enabled(true).build()));
        }
        counter = registry.counter("Requests", "Operation", "Checkout");
        timer = registry.timer("Latency", "Operation", "Checkout");
        if (exemplars.equals("traced")) {
            // thread-scoped state: set up on the thread that runs the benchmark, so its context is current there
            trace = Context.root().withTrace("1-5759e988-bd862e3fe1be46a994272793", "53995c3f42cd8ad8").makeCurrent();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (trace != null) {
            trace.close();
        }
    }

    @Benchmark
    public void counter(Samples samples) {
        counter.increment(samples.nextAmount());
    }

    @Benchmark
    public void timer(Samples samples) {
        timer.recordNanos(samples.nextNanos());
    }
}
