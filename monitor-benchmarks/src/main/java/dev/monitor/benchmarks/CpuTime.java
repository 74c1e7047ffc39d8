package dev.monitor.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A benchmark thread's own CPU time per operation over one iteration, printed at its end as a
 * {@code [cpu]} line. On a loaded machine JMH's wall time per operation counts the time a thread
 * waited for a core; its CPU time does not. Subclasses are thread-scoped states whose benchmark
 * methods add one to {@link #operations} per call.
 */
public abstract class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    protected long operations;
    private long startNanos;

    @Setup(Level.Iteration)
    public void startClock() {
        operations = 0;
        startNanos = THREADS.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Iteration)
    public void stopClock() {
        long used = THREADS.getCurrentThreadCpuTime() - startNanos;
        System.out.printf("%n[cpu] %.2f ns per operation over %d operations%n", (double) used / Math.max(1, operations), operations);
    }
}
