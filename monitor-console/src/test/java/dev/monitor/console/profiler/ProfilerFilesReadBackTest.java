package dev.monitor.console.profiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.Monitor;
import dev.monitor.core.profiler.CollapsedProfile;
import dev.monitor.core.profiler.HeapSummary;
import dev.monitor.core.profiler.ProfileKind;
import dev.monitor.core.profiler.Profiler;
import dev.monitor.core.profiler.ProfilerSettings;
import dev.monitor.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the profiler writes, read back by the console's (and the CLI's) readers: one contract on both sides. */
class ProfilerFilesReadBackTest {
    private static final Instant ALL_END = Instant.parse("9999-01-01T00:00:00Z");
    @TempDir
    Path dir;
    static volatile long sink;

    /** A program that compiles its pattern on every call. */
    private static void compilePerCall(long nanos) {
        long until = System.nanoTime() + nanos;
        long matched = 0;
        for (int i = 0; System.nanoTime() < until; i++) {
            if (Pattern.compile("([a-z]+)-(\\d+)-(\\w*)").matcher("order-" + i + "-x").matches()) {
                matched++;
            }
        }
        sink = matched;
    }

    @Test
    void recommendationsHeapSummariesAndProfilesWrittenByTheProfilerAreReadWithoutProblems() throws Exception {
        ManualClock clock = ManualClock.at("2026-12-02T10:00:00Z");
        try (Monitor monitor = Monitor.builder().namespace("shop").dataDir(dir).clock(clock).tickEvery(Duration.ZERO)
                .profiler(ProfilerSettings.builder().enabled(true).samplingInterval(Duration.ofMillis(10)).reportingInterval(Duration.ofSeconds(10)).instanceCostPerHour(0.1)
                        .heapSummaryEvery(null).build()).build()) {
            compilePerCall(2_000_000_000L);
            clock.advance(Duration.ofSeconds(10));
            Profiler.IntervalReport report = monitor.profiler().endInterval().orElseThrow();
            HeapSummary heap = monitor.profiler().heapSummary();
            assertTrue(report.recommendations().stream().anyMatch(r -> r.ruleId().equals("pattern-compile")), report.recommendations().stream()
                    .map(r -> r.ruleId() + " " + r.share()).toList() + ", " + report.profile(ProfileKind.CPU).total() + " CPU samples");

            Path root = ProfileReports.root(dir);
            ProfileReports.Read<ProfileReports.RecommendationReport> recommendations = ProfileReports.recommendations(root, "shop",
                    Instant.EPOCH, ALL_END);
            assertEquals(java.util.List.of(), recommendations.problems());
            ProfileReports.RecommendationReport read = recommendations.items().get(0);
            assertEquals(report.start(), read.start());
            assertEquals(report.recommendations().size(), read.recommendations().size());
            ProfileReports.Recommendation compile = read.recommendations().stream().filter(r -> r.ruleId().equals("pattern-compile")).findFirst()
                    .orElseThrow();
            assertEquals("cpu", compile.kind());
            assertTrue(compile.estimatedYearlyCostUsd() > 0 && !compile.matchingStacks().isEmpty(), compile.toString());

            ProfileReports.Read<ProfileReports.HeapSummary> heaps = ProfileReports.heapSummaries(root, "shop", Instant.EPOCH, ALL_END);
            assertEquals(java.util.List.of(), heaps.problems());
            assertEquals(heap.entries().get(0).className(), heaps.items().get(0).entries().get(0).className());

            CollapsedProfile cpu = CollapsedProfile.read(root, "shop", "cpu", Instant.EPOCH, ALL_END);
            assertEquals(report.profile(ProfileKind.CPU), cpu);
            String html = FlameGraphPage.html("CPU of shop", "10:00 to 10:00:10", "cpu", cpu);
            assertTrue(html.contains("java.util.regex.Pattern.compile"), "the flame graph shows the hot frame");
        }
    }
}
