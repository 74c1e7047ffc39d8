package dev.monitor.core.profiler.internal;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks allocation samples' weights against what their threads really allocated. A sample's weight is the bytes its
 * thread allocated since its previous sample, so it can never exceed what the thread allocated since recording began.
 * JDK 17's JFR breaks that for a thread's first sample (JDK-8307488, fixed in JDK 21 and backported later; JDK-8362573
 * is a regression of it): a CI run saw one sample weighted 198 GB in a program that ran for 2.5 s, which turned every
 * other allocation of the interval into a rounding error. A sample that claims more than its thread allocated is
 * dropped and counted. A thread that has ended by the time its sample is read cannot be checked, and its samples are
 * kept. Checked on JFR's stream thread only.
 */
final class AllocationWeights {
    private final com.sun.management.ThreadMXBean threads;
    /** What each thread alive at the start had allocated by then; threads started later began at zero. */
    private final Map<Long, Long> atStart = new HashMap<>();
    private final AtomicLong dropped = new AtomicLong();

    AllocationWeights() {
        threads = ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean sun
                && sun.isThreadAllocatedMemorySupported() && sun.isThreadAllocatedMemoryEnabled() ? sun : null;
        if (threads != null) {
            long[] ids = threads.getAllThreadIds();
            long[] allocated = threads.getThreadAllocatedBytes(ids);
            for (int i = 0; i < ids.length; i++) {
                if (allocated[i] > 0) {
                    atStart.put(ids[i], allocated[i]);
                }
            }
        }
    }

    /** Whether a sample of {@code weight} bytes on thread {@code javaThreadId} is possible; counts it when not. */
    boolean plausible(long javaThreadId, long weight) {
        if (threads == null || javaThreadId < 0) {
            return true;
        }
        long now = threads.getThreadAllocatedBytes(javaThreadId);
        if (now < 0 || weight <= now - atStart.getOrDefault(javaThreadId, 0L)) {
            return true;
        }
        dropped.incrementAndGet();
        return false;
    }

    /** Samples dropped since the last call. */
    long takeDropped() {
        return dropped.getAndSet(0);
    }
}
