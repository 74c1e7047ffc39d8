package dev.monitor.core.profiler.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.profiler.CollapsedProfile;
import dev.monitor.core.profiler.ProfileKind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The collector's settings and the self-limit's levers on a running stream: a longer period and a pause take effect without stopping it. */
class JfrCollectorTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aRunningStreamSamplesLessOftenPausesAndResumes() throws Exception {
        try (JfrCollector collector = new JfrCollector(Duration.ofMillis(10), 150, Duration.ofMillis(10), ProfilerEngine.THREAD)) {
            collector.start();
            collector.period(Duration.ofMillis(40));
            Workloads.onThread("busy", () -> Workloads.hotAndCold(SECOND / 2));
            assertTrue(collector.awaitDelivered(Instant.now(), Duration.ofSeconds(3)));
            CollapsedProfile slower = collector.drain(ProfileKind.CPU);
            assertTrue(slower.total() > 0, "still sampling at 40 ms");

            collector.paused(true);
            Thread.sleep(50); // the pause reaches JFR's sampler
            Workloads.onThread("busy", () -> Workloads.hotAndCold(SECOND / 2));
            assertTrue(collector.awaitDelivered(Instant.now(), Duration.ofSeconds(3)));
            long busyWhilePaused = collector.drain(ProfileKind.CPU).stacks().stream()
                    .filter(s -> s.text().contains("Workloads.hotAndCold")).mapToLong(CollapsedProfile.Stack::count).sum();
            assertTrue(busyWhilePaused <= 2, "paused: no samples of the busy thread but those taken before the pause arrived: "
                    + busyWhilePaused);

            collector.paused(false);
            Workloads.onThread("busy", () -> Workloads.hotAndCold(SECOND / 2));
            assertTrue(collector.awaitDelivered(Instant.now(), Duration.ofSeconds(3)));
            assertTrue(collector.drain(ProfileKind.CPU).stacks().stream().anyMatch(s -> s.text().contains("Workloads.hotAndCold")),
                    "sampling again after the pause");
        }
    }

    @Test
    void allocationSamplesAreRecordedAtTheirRateAndNotAtAllAtZero() throws Exception {
        for (int perSecond : new int[] {150, 0}) {
            try (JfrCollector collector = new JfrCollector(Duration.ofMillis(10), perSecond, Duration.ofMillis(10), ProfilerEngine.THREAD)) {
                collector.start();
                // JDK 17's sampler can take a moment to start after the previous stream closed: run until it samples
                long cpu = 0;
                long allocated = 0;
                for (int run = 0; run < 6 && (cpu == 0 || (perSecond > 0 && allocated == 0)); run++) {
                    Workloads.onThread("allocating", () -> Workloads.wasteful(SECOND / 2));
                    assertTrue(collector.awaitDelivered(Instant.now(), Duration.ofSeconds(3)));
                    cpu += collector.drain(ProfileKind.CPU).total();
                    allocated += collector.drain(ProfileKind.ALLOC).total();
                }
                assertTrue(cpu > 0, "CPU samples at " + perSecond + " allocation samples a second: the stream records");
                assertTrue(perSecond == 0 ? allocated == 0 : allocated > 0, allocated + " bytes sampled at " + perSecond + " a second");
            }
        }
    }
}
