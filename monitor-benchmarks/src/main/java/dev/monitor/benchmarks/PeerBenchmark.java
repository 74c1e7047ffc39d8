package dev.monitor.benchmarks;

import java.util.concurrent.TimeUnit;
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
 * The settings every comparison shares: average time in nanoseconds, 3 warm-up and 5 measured
 * iterations of 1 s, one fork, and a fresh set of {@link Peers} per trial, handed to
 * {@link #register(Peers)} to make the instruments measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public abstract class PeerBenchmark {
    protected Peers peers;

    @Setup(Level.Trial)
    public final void setUp() {
        peers = new Peers();
        register(peers);
    }

    /** Makes, in each library, the instruments this benchmark records into. */
    protected abstract void register(Peers peers);

    @TearDown(Level.Trial)
    public final void tearDown() {
        peers.close();
    }
}
