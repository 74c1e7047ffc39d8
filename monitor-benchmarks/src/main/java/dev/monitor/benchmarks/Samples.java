package dev.monitor.benchmarks;

import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Per-thread recorded values: latencies around 2 ms in nanoseconds, amounts around 100. Each value
 * taken counts as one operation for the thread's {@code [cpu]} line ({@link CpuTime}).
 */
@State(Scope.Thread)
public class Samples extends CpuTime {
    private static final int MASK = 4095;
    private final long[] nanos = new long[MASK + 1];
    private final double[] amounts = new double[MASK + 1];

    public Samples() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i <= MASK; i++) {
            nanos[i] = (long) (Math.abs(random.nextGaussian(2_000_000, 800_000)) + 1);
            amounts[i] = Math.abs(random.nextGaussian(100, 40));
        }
    }

    long nextNanos() {
        return nanos[(int) operations++ & MASK];
    }

    double nextAmount() {
        return amounts[(int) operations++ & MASK];
    }
}
