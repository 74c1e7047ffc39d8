package dev.monitor.benchmarks;

import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Per-thread recorded values: latencies around 2 ms in nanoseconds, amounts around 100. */
@State(Scope.Thread)
public class Samples {
    private static final int MASK = 4095;
    private final long[] nanos = new long[MASK + 1];
    private final double[] amounts = new double[MASK + 1];
    private int next;

    public Samples() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i <= MASK; i++) {
            nanos[i] = (long) (Math.abs(random.nextGaussian(2_000_000, 800_000)) + 1);
            amounts[i] = Math.abs(random.nextGaussian(100, 40));
        }
    }

    long nextNanos() {
        return nanos[next++ & MASK];
    }

    double nextAmount() {
        return amounts[next++ & MASK];
    }
}
