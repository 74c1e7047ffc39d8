package dev.monitor.core.profiler.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** What the self-limit counts as the profiler's CPU: its threads by name, JFR's native ones included where the OS shows them. */
class CpuMeterTest {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Test
    void countsTheProfilersLiveThreadsByNameAndNoOthers() throws InterruptedException {
        CpuMeter meter = new CpuMeter("cpumeter-"); // names of at most 15 characters, all Linux keeps of one
        CountDownLatch end = new CountDownLatch(1);
        try {
            long ownCpu = spin("cpumeter-own", 200, end);
            spin("app-worker", 200, end);
            Map<String, Long> own = meter.ownThreads();
            assertTrue(own.getOrDefault("cpumeter-own", 0L) >= ownCpu * 0.95, "the profiler's thread used " + ownCpu + " ns: " + own);
            assertTrue(own.keySet().stream().allMatch(name -> name.startsWith("cpumeter-") || name.startsWith("JFR ")),
                    "only the profiler's threads and JFR's: " + own);
        } finally {
            end.countDown();
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void onLinuxCountsJfrsNativeSamplerThreadThatJavaCannotSee() throws InterruptedException {
        try (RecordingStream stream = new RecordingStream()) {
            stream.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            stream.startAsync();
            spin("application-worker", 300, new CountDownLatch(0));
            Map<String, Long> own = new CpuMeter("monitor-profiler").ownThreads();
            assertTrue(own.keySet().stream().anyMatch(name -> name.startsWith("JFR Thread Samp")), "JFR's sampler is counted: " + own);
            assertFalse(Arrays.stream(THREADS.getThreadInfo(THREADS.getAllThreadIds(), 0)).map(ThreadInfo::getThreadName)
                    .anyMatch(name -> name.startsWith("JFR Thread Samp")), "the sampler is no Java thread: ThreadMXBean alone would miss it");
        }
    }

    /**
     * Starts a thread of that name that runs on a CPU for about {@code millis}, then waits, alive, for {@code end}; the
     * CPU time it used, in nanoseconds, once it used it.
     */
    private static long spin(String name, long millis, CountDownLatch end) throws InterruptedException {
        AtomicLong used = new AtomicLong();
        CountDownLatch spun = new CountDownLatch(1);
        Thread thread = new Thread(() -> {
            long start = THREADS.getCurrentThreadCpuTime();
            long x = 0;
            while (THREADS.getCurrentThreadCpuTime() - start < millis * 1_000_000) {
                x += Long.numberOfTrailingZeros(x + System.nanoTime());
            }
            used.set(THREADS.getCurrentThreadCpuTime() - start + (x == 42 ? 1 : 0));
            spun.countDown();
            try {
                end.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        spun.await();
        return used.get();
    }
}
