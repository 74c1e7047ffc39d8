package dev.monitor.core.profiler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.profiler.Anomaly;
import dev.monitor.core.profiler.CollapsedProfile;
import dev.monitor.core.profiler.ProfileKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** A function's self share against the median and MAD of its recent intervals. */
class AnomalyDetectorTest {
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    private static CollapsedProfile profile(long hot, long other) {
        return CollapsedProfile.parse("main;Shop.serve;Hot.work " + hot + "\nmain;Shop.serve;Other.work " + other + "\n");
    }

    private static Instant at(int interval) {
        return T0.plus(Duration.ofMinutes(5L * interval));
    }

    @Test
    void aShareFarFromItsBaselineIsAnAnomalyWithExpectedAndObserved() {
        AnomalyDetector detector = new AnomalyDetector(12, 3.5);
        long[] baseline = {200, 210, 190, 205, 195};
        for (int i = 0; i < baseline.length; i++) {
            assertTrue(detector.observe(ProfileKind.CPU, profile(baseline[i], 1000 - baseline[i]), at(i), at(i + 1)).isEmpty());
        }
        List<Anomaly> found = detector.observe(ProfileKind.CPU, profile(700, 300), at(5), at(6));
        assertEquals(2, found.size(), found.toString());
        Anomaly hot = found.stream().filter(a -> a.function().equals("Hot.work")).findFirst().orElseThrow();
        assertEquals(0.2, hot.expectedShare(), 1e-9);
        assertEquals(0.7, hot.observedShare(), 1e-9);
        assertEquals(at(5), hot.start());
        assertEquals(at(6), hot.end());
        assertTrue(found.stream().anyMatch(a -> a.function().equals("Other.work") && a.observedShare() < a.expectedShare()),
                "a share that fell departs too");
    }

    @Test
    void nothingIsAnAnomalyBeforeThreeIntervalsOfBaselineNorInTooSmallAProfile() {
        AnomalyDetector detector = new AnomalyDetector(12, 3.5);
        assertTrue(detector.observe(ProfileKind.CPU, profile(100, 900), at(0), at(1)).isEmpty());
        assertTrue(detector.observe(ProfileKind.CPU, profile(100, 900), at(1), at(2)).isEmpty());
        assertTrue(detector.observe(ProfileKind.CPU, profile(900, 100), at(2), at(3)).isEmpty(), "two intervals are no baseline");
        assertTrue(detector.observe(ProfileKind.CPU, profile(10, 5), at(3), at(4)).isEmpty(), "15 samples say too little");
    }

    @Property(tries = 50)
    void aSteadyProfileNeverHasAnomalies(@ForAll @IntRange(min = 50, max = 950) int hot, @ForAll @IntRange(min = 0, max = 20) int jitter) {
        AnomalyDetector detector = new AnomalyDetector(6, 3.5);
        for (int i = 0; i < 10; i++) {
            int h = hot + (i % 2 == 0 ? jitter : -jitter);
            assertTrue(detector.observe(ProfileKind.CPU, profile(Math.max(1, h), 1000 - Math.max(1, h)), at(i), at(i + 1)).isEmpty());
        }
    }

    @Test
    void theMedianOfOddAndEvenCounts() {
        assertEquals(2, AnomalyDetector.median(new double[] {3, 1, 2}));
        assertEquals(2.5, AnomalyDetector.median(new double[] {4, 1, 3, 2}));
    }
}
