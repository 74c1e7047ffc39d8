package dev.monitor.console.profiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.console.ConsoleBrowser;
import dev.monitor.core.Monitor;
import dev.monitor.core.profiler.CollapsedProfile;
import dev.monitor.core.profiler.ProfileKind;
import dev.monitor.core.profiler.Profiler;
import dev.monitor.core.profiler.ProfilerSettings;
import dev.monitor.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A flame graph of a real recording (the core profiler's JFR samples of a program whose hot method is known), in Chromium. */
class FlameGraphRecordingTest {
    private static final String PROGRAM = FlameGraphRecordingTest.class.getName() + ".";
    private static final String HOT = PROGRAM + "hot";
    private static final Instant ALL_END = Instant.parse("9999-01-01T00:00:00Z");
    @TempDir
    Path dir;
    static volatile long sink;

    /** Three quarters of the work in {@link #hot}, a quarter in {@link #cold}: the same loop, three times the rounds.
     * (Arithmetic, not clock reads, inside: JFR cannot walk a thread's stack while it is in the clock's leaf call.). */
    private static void hotAndCold(long nanos) {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() < until) {
            hot(30_000);
            cold(10_000);
        }
    }

    // hot and cold each do their own loop (no shared helper frame), so the program's frames are the driver, hot and cold
    private static void hot(int rounds) {
        double x = 1;
        for (int i = 1; i <= rounds; i++) {
            x = Math.sqrt(x + i) * 1.0000001;
        }
        sink += (long) x;
    }

    private static void cold(int rounds) {
        double x = 1;
        for (int i = 1; i <= rounds; i++) {
            x = Math.sqrt(x + i) * 1.0000001;
        }
        sink += (long) x;
    }

    @Test
    void theFlameGraphOfARealRecordingDrawsTheHotMethodAsTheProgramsWidestFrame() throws Exception {
        ManualClock clock = ManualClock.at("2026-12-02T10:00:00Z");
        CollapsedProfile cpu;
        try (Monitor monitor = Monitor.builder().namespace("shop").dataDir(dir).clock(clock).tickEvery(Duration.ZERO)
                .profiler(ProfilerSettings.builder().enabled(true).samplingInterval(Duration.ofMillis(10)).reportingInterval(Duration.ofSeconds(10))
                        .heapSummaryEvery(null).build()).build()) {
            Thread program = new Thread(() -> hotAndCold(1_500_000_000L), "hot-and-cold");
            program.start();
            program.join();
            clock.advance(Duration.ofSeconds(10));
            Profiler.IntervalReport report = monitor.profiler().endInterval().orElseThrow();
            cpu = CollapsedProfile.read(ProfileReports.root(dir), "shop", "cpu", Instant.EPOCH, ALL_END);
            assertEquals(report.profile(ProfileKind.CPU), cpu, "the page is drawn from what the profiler wrote");
        }
        long hotSamples = cpu.stacks().stream().filter(s -> s.frames().contains(HOT)).mapToLong(CollapsedProfile.Stack::count).sum();
        assertTrue(hotSamples > 30, "at 10 ms, 1.5 s of one busy thread is about 150 samples, three quarters in hot: " + hotSamples);

        Path file = dir.resolve("cpu.html");
        Files.writeString(file, FlameGraphPage.html("CPU of shop", "a recording of hot and cold", "cpu", cpu));
        try (ConsoleBrowser browser = ConsoleBrowser.open(file.toUri())) {
            browser.driver().get(file.toUri().toString());
            FlameGraphPageTest.frame(browser, HOT);
            // every drawn frame of the program below its driving loop: name, width, title and text as drawn
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> frames = (List<Map<String, Object>>) browser.script(
                    "return [...document.querySelectorAll('svg.flame-graph g.frame')]"
                            + ".filter(g => g.dataset.name.startsWith(arguments[0]) && !g.dataset.name.includes('hotAndCold')"
                            + " && !g.dataset.name.includes('lambda$'))"
                            + ".map(g => ({name: g.dataset.name, width: parseFloat(g.querySelector('rect').getAttribute('width')),"
                            + " title: g.querySelector('title').textContent, text: (g.querySelector('text') || {}).textContent || ''}))", PROGRAM);
            Map<String, Object> widest = frames.stream().max((a, b) -> Double.compare(((Number) a.get("width")).doubleValue(),
                    ((Number) b.get("width")).doubleValue())).orElseThrow();
            assertEquals(HOT, widest.get("name"), frames.toString());
            assertTrue(widest.get("title").toString().startsWith(HOT + ": "), widest.toString());
            assertTrue(!widest.get("text").toString().isEmpty() && HOT.startsWith(widest.get("text").toString().replaceAll("\\.\\.$", "")),
                    "the frame's label is its name (cut to fit): " + widest);
            Map<String, Object> cold = frames.stream().filter(f -> f.get("name").equals(PROGRAM + "cold")).findFirst().orElseThrow();
            assertTrue(((Number) widest.get("width")).doubleValue() > 1.5 * ((Number) cold.get("width")).doubleValue(),
                    "three times the work: " + frames);
            browser.screenshot("flamegraph-real-recording");
            assertEquals(List.of(), browser.errors());
        }
    }
}
