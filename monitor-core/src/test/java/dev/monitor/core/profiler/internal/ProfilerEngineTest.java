package dev.monitor.core.profiler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.events.PutEventsEntry;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.core.export.ProfileData;
import dev.monitor.core.export.StderrCapture;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.profiler.CollapsedProfile;
import dev.monitor.core.profiler.HeapSummary;
import dev.monitor.core.profiler.ProfileKind;
import dev.monitor.core.profiler.Profiler;
import dev.monitor.core.profiler.ProfilerSettings;
import dev.monitor.core.profiler.Recommendation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profiler on real JFR recordings of small programs whose problems and hot methods are known. */
class ProfilerEngineTest {
    private static final long SECOND = 1_000_000_000L;
    @TempDir
    Path dir;
    private final List<ProfileData> exported = new CopyOnWriteArrayList<>();
    private final List<PutEventsEntry> bus = new CopyOnWriteArrayList<>();

    private ProfilerEngine engine(ProfilerSettings settings) {
        return new ProfilerEngine(settings, new ProfilerEngine.Context(new DataLayout(dir), Clock.systemUTC(), "shop", Metrics.noop(),
                exported::addAll, bus::add, Duration.ZERO, false));
    }

    private static Set<String> ids(List<Recommendation> found) {
        return found.stream().map(Recommendation::ruleId).collect(Collectors.toSet());
    }

    /** The rules over the stacks of the test's programs only ({@link Workloads}), as a recording of that program alone. */
    private static List<Recommendation> programOnly(Profiler.IntervalReport report) {
        java.util.Map<ProfileKind, CollapsedProfile> own = new java.util.EnumMap<>(ProfileKind.class);
        for (ProfileKind kind : ProfileKind.values()) {
            own.put(kind, CollapsedProfile.of(report.profile(kind).stacks().stream()
                    .filter(s -> s.text().contains(Workloads.class.getName())).toList()));
        }
        return dev.monitor.core.profiler.Recommendations.analyze(new dev.monitor.core.profiler.Recommendations.Input(own,
                CollapsedProfile.empty(), Duration.between(report.start(), report.end())), null);
    }

    private static long inclusive(CollapsedProfile profile, String frame) {
        return profile.stacks().stream().filter(s -> s.frames().contains(frame)).mapToLong(CollapsedProfile.Stack::count).sum();
    }

    @Test
    void aWastefulProgramGetsItsRecommendationsTheCleanOneNoneAndTheHotMethodItsShare() throws Exception {
        try (ProfilerEngine profiler = engine(ProfilerSettings.builder().samplingInterval(Duration.ofMillis(10)).lockThreshold(Duration.ofMillis(1))
                .heapSummaryEvery(null).build())) {
            profiler.start();
            assertTrue(profiler.running());

            Thread[] contending = Workloads.contending(SECOND * 5 / 2);
            Thread polling = Workloads.polling(SECOND * 5 / 2);
            Workloads.onThread("wasteful", () -> Workloads.wasteful(SECOND * 5 / 2));
            for (Thread thread : contending) {
                thread.join();
            }
            polling.join();
            Profiler.IntervalReport wasteful = profiler.endInterval().orElseThrow();
            // the rules over the program's own stacks (other threads of the test JVM allocate too), and what the engine found
            Set<String> found = new java.util.HashSet<>(ids(programOnly(wasteful)));
            found.addAll(ids(wasteful.recommendations()));
            assertTrue(found.containsAll(Set.of("pattern-compile", "exceptions-control-flow", "inefficient-collection", "string-format",
                    "lock-contention", "sleep-polling")),
                    found + "\n" + wasteful.profile(ProfileKind.CPU).write() + "\n" + wasteful.profile(ProfileKind.ALLOC).write());
            assertTrue(wasteful.profile(ProfileKind.ALLOC).total() > 0, "allocation samples, weighted by bytes");
            Recommendation compile = wasteful.recommendations().stream().filter(r -> r.ruleId().equals("pattern-compile")).findFirst().orElseThrow();
            assertTrue(compile.matchingStacks().get(0).stack().contains("Workloads.wasteful"), compile.toString());
            Recommendation lock = wasteful.recommendations().stream().filter(r -> r.ruleId().equals("lock-contention")).findFirst().orElseThrow();
            assertTrue(lock.matchingStacks().get(0).stack().endsWith("Workloads.lambda$contending$0;lock:java.lang.Object"), lock.toString());
            Recommendation poller = wasteful.recommendations().stream().filter(r -> r.ruleId().equals("sleep-polling")).findFirst().orElseThrow();
            assertTrue(poller.matchingStacks().get(0).stack().contains("Workloads.lambda$polling$"), poller.toString());

            Workloads.onThread("clean", () -> Workloads.clean(SECOND * 3 / 2));
            Profiler.IntervalReport clean = profiler.endInterval().orElseThrow();
            // other threads of the test JVM (earlier tests' pools) may sleep or lock meanwhile: only the clean program's stacks count
            List<Recommendation> aboutClean = clean.recommendations().stream()
                    .filter(r -> r.matchingStacks().stream().anyMatch(m -> m.stack().contains("Workloads.clean"))).toList();
            assertTrue(ids(programOnly(clean)).stream().noneMatch(Set.of("pattern-compile", "exceptions-control-flow",
                    "inefficient-collection", "string-format")::contains), ids(programOnly(clean)).toString());
            assertTrue(aboutClean.stream().map(Recommendation::ruleId).noneMatch(Set.of("pattern-compile", "exceptions-control-flow",
                    "inefficient-collection", "string-format", "lock-contention", "sleep-polling")::contains),
                    aboutClean + "\n" + clean.profile(ProfileKind.CPU).write());

            Workloads.onThread("hot-and-cold", () -> Workloads.hotAndCold(SECOND * 3 / 2));
            Profiler.IntervalReport hotAndCold = profiler.endInterval().orElseThrow();
            CollapsedProfile cpu = hotAndCold.profile(ProfileKind.CPU);
            long hot = inclusive(cpu, Workloads.class.getName() + ".hot");
            long cold = inclusive(cpu, Workloads.class.getName() + ".cold");
            assertTrue(hot + cold > 50, "at 10 ms, 1.5 s of one busy thread is about 150 samples: " + (hot + cold));
            assertEquals(0.75, hot / (double) (hot + cold), 0.12, "hot " + hot + ", cold " + cold);

            for (Profiler.IntervalReport report : List.of(wasteful, clean, hotAndCold)) {
                // this test's own thread may be sampled inside endInterval(); any other stack in the collector or JFR's
                // stream is the profiler's or JFR's thread, which the profiles leave out
                List<String> ownThreads = report.profile(ProfileKind.CPU).stacks().stream().map(CollapsedProfile.Stack::text)
                        .filter(s -> !s.contains(ProfilerEngineTest.class.getName()))
                        .filter(s -> s.contains("JfrCollector") || s.contains("jdk.jfr.internal.consumer")).toList();
                assertTrue(ownThreads.isEmpty(), "the profiler's and JFR's threads are left out: " + ownThreads);
                Path file = dir.resolve("profiles/shop/cpu/" + CollapsedProfile.intervalName(report.start(), report.end()) + ".collapsed");
                assertEquals(report.profile(ProfileKind.CPU), CollapsedProfile.read(file), "the file parses back to the profile");
                JsonNode written = new ObjectMapper().readTree(dir.resolve("profiles/shop/recommendations/"
                        + CollapsedProfile.intervalName(report.start(), report.end()) + ".json").toFile());
                assertEquals(report.recommendations().size(), written.get("recommendations").size());
                JsonNode summary = new ObjectMapper().readTree(dir.resolve("profiles/shop/summaries/"
                        + CollapsedProfile.intervalName(report.start(), report.end()) + ".json").toFile());
                assertTrue(summary.path("threadStates").path("RUNNABLE").asInt() > 0, summary.toString());
                assertTrue(summary.path("gc").has("count") && summary.path("totals").path("cpu").asLong() == report.profile(ProfileKind.CPU).total());
            }
            assertTrue(exported.stream().filter(p -> p.kind().equals("cpu")).count() >= 3, "each interval reached the exporters");
        }
    }

    @Test
    void aTinyBudgetPausesTheProfilerAndSaysSo() throws Exception {
        try (StderrCapture stderr = new StderrCapture();
             ProfilerEngine profiler = engine(ProfilerSettings.builder().cpuBudget(1e-6).selfCheckEvery(Duration.ofMillis(200))
                     .heapSummaryEvery(null).build())) {
            profiler.start();
            long deadline = System.nanoTime() + 10 * SECOND;
            while (profiler.status().throttled() == 0 && System.nanoTime() < deadline) {
                Workloads.hotAndCold(SECOND / 5);
            }
            Profiler.Status status = profiler.status();
            assertTrue(status.throttled() > 0 && status.paused() && !profiler.running(), status.toString());
            assertTrue(status.cpuShare() > 2e-6, status.toString());
            assertTrue(stderr.text().contains("the profiler pauses: its threads used"), stderr.text());
        }
    }

    @Test
    void aHeapSummaryOnDemandIsWrittenAndRateLimited() throws Exception {
        try (ProfilerEngine profiler = engine(ProfilerSettings.builder().heapSummaryMinGap(Duration.ofMinutes(5)).heapTopClasses(5).build())) {
            HeapSummary summary = profiler.heapSummary();
            assertTrue(summary.entries().size() >= 5 && summary.entries().size() <= 10, summary.toString());
            assertTrue(summary.entries().get(0).bytes() >= summary.entries().get(1).bytes());
            assertSame(summary, profiler.heapSummary(), "within the minimum gap the last summary is answered");
            Path file = dir.resolve("profiles/shop/heap/" + CollapsedProfile.FILE_TIME.format(summary.time()) + ".json");
            assertEquals(summary.entries().get(0).className(), new ObjectMapper().readTree(file.toFile()).at("/entries/0/className").asText());
            assertFalse(profiler.running(), "a heap summary does not start sampling");
            assertTrue(profiler.endInterval().isEmpty(), "no interval before start");
            assertTrue(Files.notExists(dir.resolve("profiles/shop/cpu")));
        }
    }
}
