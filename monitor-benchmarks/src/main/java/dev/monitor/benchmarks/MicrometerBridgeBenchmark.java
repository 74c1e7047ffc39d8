package dev.monitor.benchmarks;

import dev.monitor.micrometer.MonitorMeterRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * Micrometer code recording through the bridge ({@link MonitorMeterRegistry}) against the same code
 * on Micrometer's {@code SimpleMeterRegistry}, with Monitor's own instruments as the floor: the
 * bridge keeps Micrometer's cumulative view and records into Monitor, so it costs about the sum.
 */
public class MicrometerBridgeBenchmark extends PeerBenchmark {
    private MonitorMeterRegistry bridge;
    private Counter bridgeCounter;
    private Timer bridgeTimer;
    private Counter simpleCounter;
    private Timer simpleTimer;
    private dev.monitor.api.metrics.Counter monitorCounter;
    private dev.monitor.api.metrics.Timer monitorTimer;
    private long nanos;

    @Override
    protected void register(Peers peers) {
        bridge = new MonitorMeterRegistry(peers.monitor.metrics());
        bridgeCounter = bridge.counter("orders", "region", "eu", "shop", "a", "tier", "gold");
        bridgeTimer = bridge.timer("latency", "region", "eu", "shop", "a", "tier", "gold");
        simpleCounter = peers.micrometer.counter("orders", "region", "eu", "shop", "a", "tier", "gold");
        simpleTimer = peers.micrometer.timer("latency", "region", "eu", "shop", "a", "tier", "gold");
        monitorCounter = peers.monitor.metrics().counter("Orders", "Region", "eu", "Shop", "a", "Tier", "gold");
        monitorTimer = peers.monitor.metrics().timer("Latency", "Region", "eu", "Shop", "a", "Tier", "gold");
    }

    /** Durations that move across buckets, as real latencies do. */
    private long nextNanos() {
        nanos = (nanos + 7_919) & 0xFFFFF;
        return 1_000 + nanos;
    }

    @Benchmark
    public void bridgeCounter() {
        bridgeCounter.increment();
    }

    @Benchmark
    public void simpleCounter() {
        simpleCounter.increment();
    }

    @Benchmark
    public void monitorCounter() {
        monitorCounter.increment();
    }

    @Benchmark
    public void bridgeTimer() {
        bridgeTimer.record(nextNanos(), TimeUnit.NANOSECONDS);
    }

    @Benchmark
    public void simpleTimer() {
        simpleTimer.record(nextNanos(), TimeUnit.NANOSECONDS);
    }

    @Benchmark
    public void monitorTimer() {
        monitorTimer.recordNanos(nextNanos());
    }
}
