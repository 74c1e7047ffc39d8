package dev.monitor.core.profiler.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Metrics;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.profiler.CollapsedProfile;
import dev.monitor.core.profiler.ProfileKind;
import dev.monitor.core.profiler.Profiler;
import dev.monitor.core.profiler.ProfilerSettings;
import dev.monitor.core.profiler.Recommendation;
import dev.monitor.core.profiler.Recommendations;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each recommendation rule that {@link ProfilerEngineTest}'s wasteful program does not cover, on a real JFR recording of
 * a small program that has the problem ({@link RuleWorkloads}) and of one doing the same work well. One profiler runs
 * for the class; each program runs on a thread of its own for about half a second of CPU, then the interval ends (and
 * again while the recording is too thin to judge), and the rules are run over the program's own stacks (the test JVM's
 * other threads would dilute the shares).
 * <p>
 * {@code client-per-call} has no recording here: building a JDK HttpClient is mostly native work (a selector opened, a
 * thread started), which JFR's CPU samples do not see, so a recording of it held 2 to 4 CPU samples of the client's frames.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuleRecordingsTest {
    private static final long POSITIVE = 600_000_000L;
    private static final long NEGATIVE = 300_000_000L;
    /**
     * What a recording needs before its verdict counts: CPU samples of the program's own stacks, twice the rules' own
     * minimum, or for an allocation rule's problem, sampled bytes. On a loaded machine JFR takes far fewer samples
     * than the interval promises (a CI run saw 8 in 0.6 s of CPU, another none of a program's allocations, and once a
     * program is compiled JFR may fail to walk its stacks at all), so a thin recording is extended with another run of
     * the program rather than judged, the work done well as well.
     */
    private static final long ENOUGH_CPU_SAMPLES = 40;
    private static final long ENOUGH_ALLOCATED_BYTES = 1 << 20;
    private static final int RECORDINGS = 6;
    private ProfilerEngine profiler;

    @BeforeAll
    void start(@TempDir Path dir) {
        // no CPU budget to keep: the rules are under test here, not the self-limit (ProfilerEngineTest's)
        profiler = new ProfilerEngine(ProfilerSettings.builder().samplingInterval(Duration.ofMillis(10))
                        .cpuBudget(1).heapSummaryEvery(null).build(),
                new ProfilerEngine.Context(new DataLayout(dir), Clock.systemUTC(), "shop", Metrics.noop(), p -> { }, e -> { },
                        Duration.ZERO, false));
        profiler.start();
        assertTrue(profiler.running());
    }

    @AfterAll
    void stop() {
        profiler.close();
    }

    /** One program's recordings: its own stacks per kind, and the rules over them. */
    private record Run(Map<ProfileKind, CollapsedProfile> own, List<Recommendation> found) {
        Optional<Recommendation> rule(String id) {
            return found.stream().filter(r -> r.ruleId().equals(id)).findFirst();
        }

        @Override
        public String toString() {
            return found.stream().map(r -> r.ruleId() + " " + r.share()).toList() + "\nCPU (" + own.get(ProfileKind.CPU).total() + "):\n"
                    + own.get(ProfileKind.CPU).write() + "\nALLOC (" + own.get(ProfileKind.ALLOC).total() + "):\n" + own.get(ProfileKind.ALLOC).write();
        }
    }

    /** Runs the program and ends the interval: the program's own stacks per kind, and how long the interval was. */
    private Duration record(String name, Runnable program, Map<ProfileKind, CollapsedProfile> own) throws InterruptedException {
        // no interval ended first: whatever ran since the last one is other threads', left out below (each end waits for JFR)
        Workloads.onThread(name, program);
        Optional<Profiler.IntervalReport> ended = profiler.endInterval();
        if (ended.isEmpty()) {
            // intervals have the files' one-second resolution: a program that ran within one second ends at the next
            Thread.sleep(1010 - System.currentTimeMillis() % 1000);
            ended = profiler.endInterval();
        }
        Profiler.IntervalReport report = ended.orElseThrow();
        for (ProfileKind kind : ProfileKind.values()) {
            own.merge(kind, CollapsedProfile.of(report.profile(kind).stacks().stream()
                    .filter(s -> s.text().contains(RuleWorkloads.class.getName())).toList()), CollapsedProfile::merge);
        }
        return Duration.between(report.start(), report.end());
    }

    /**
     * Records the program again until its recordings together hold enough samples of the kind given, then runs the rules
     * over them: one longer profile of the same program, as a longer reporting interval would have been.
     */
    private Run recordEnough(String name, LongConsumer program, long cpuNanos, ProfileKind kind) throws InterruptedException {
        Map<ProfileKind, CollapsedProfile> own = new EnumMap<>(ProfileKind.class);
        Duration recorded = Duration.ZERO;
        for (int attempt = 0; attempt < RECORDINGS; attempt++) {
            recorded = recorded.plus(record(name, () -> program.accept(cpuNanos), own));
            long cpu = own.get(ProfileKind.CPU).total();
            if (kind == ProfileKind.CPU ? cpu >= ENOUGH_CPU_SAMPLES : own.get(kind).total() >= ENOUGH_ALLOCATED_BYTES) {
                return new Run(own, Recommendations.analyze(new Recommendations.Input(own, CollapsedProfile.empty(), recorded), null));
            }
        }
        throw new AssertionError(name + " never held enough " + kind + " samples in " + RECORDINGS + " recordings: " + new Run(own, List.of()));
    }

    /** The rule fires on the problem, its top stack in the program's method, and not on the same work done well. */
    private void check(String rule, String wastefulMethod, LongConsumer wasteful, long wastefulCpu, LongConsumer done)
            throws InterruptedException {
        ProfileKind kind = Recommendations.rules().stream().filter(r -> r.id().equals(rule)).findFirst().orElseThrow().kind();
        Run bad = recordEnough(wastefulMethod, wasteful, wastefulCpu, kind);
        Recommendation found = bad.rule(rule).orElseThrow(() -> new AssertionError(rule + " not found in " + bad));
        assertTrue(found.matchingStacks().get(0).stack().contains(RuleWorkloads.class.getName() + "." + wastefulMethod), found.toString());
        // the work done well may allocate nothing: it counts once the profiler has seen it run
        Run good = recordEnough(wastefulMethod + "-done-well", done, NEGATIVE, ProfileKind.CPU);
        assertFalse(good.rule(rule).isPresent(), rule + " found on the same work done well: " + good);
    }

    @Test
    void loggingEveryRequestIsExcessiveLoggingAndAGuardedMessageAtALevelThatIsOffIsNot() throws Exception {
        check("excessive-logging", "lambda$chattyLogging$", RuleWorkloads::chattyLogging, POSITIVE, RuleWorkloads::quietLogging);
    }

    @Test
    void anObjectMapperPerCallIsFoundAndASharedOneIsNot() throws Exception {
        check("object-mapper-per-call", "lambda$mapperPerCall$", RuleWorkloads::mapperPerCall, POSITIVE, RuleWorkloads::sharedMapper);
    }

    @Test
    void aDocumentBuilderFactoryPerDocumentIsFoundAndOneFactoryWithAReusedBuilderIsNot() throws Exception {
        // parsing XML is mostly allocation and native work that CPU samples miss (a recording held 11 samples for 0.6 s of
        // CPU): a longer run, so that the CPU rules see their minimum of samples
        check("xml-factory-per-call", "lambda$xmlFactoryPerCall$", RuleWorkloads::xmlFactoryPerCall, 3 * POSITIVE,
                RuleWorkloads::sharedXmlFactory);
    }

    @Test
    void javaSerializationIsReflectionHeavyAndAHandWrittenCodecIsNot() throws Exception {
        check("reflection-serialization", "lambda$javaSerialization$", RuleWorkloads::javaSerialization, POSITIVE,
                RuleWorkloads::handWrittenCodec);
    }

    @Test
    void sumsOverBoxedLongsAreExcessiveBoxingAndOverAPrimitiveArrayAreNot() throws Exception {
        check("boxing", "lambda$boxedSums$", RuleWorkloads::boxedSums, POSITIVE, RuleWorkloads::primitiveSums);
    }

    @Test
    void aCopyPerCallIsAnAllocationHotspotAndAReusedBufferIsNot() throws Exception {
        byte[] page = new byte[64 * 1024];
        byte[] buffer = new byte[64 * 1024];
        check("allocation-hotspot", "lambda$copyPerCall$", RuleWorkloads::copyPerCall, POSITIVE,
                cpu -> RuleWorkloads.reusedBuffer(cpu, page, buffer));
    }
}
